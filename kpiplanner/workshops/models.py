"""Workshops: a facilitated session in which a group proposes and dot-votes goals, CSFs and KPIs.

A `Workshop` runs `Round`s in the order the facilitator set; only the facilitator moves between
them and between a round's phases (proposing → voting → revealed). People join with the
workshop's code as a `Participant`: a member of the organisation as themselves, anyone else as a
guest with only a display name. They add `Proposal`s and spend a budget of dots (`Vote`, one row
per dot). Every change bumps `Workshop.revision`, which the open screens poll, so any worker of
any machine can answer them: nothing lives in a process's memory.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Six characters without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S, 8/B): easy to read off a wall.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY345679"
CODE_LENGTH = 6
PROPOSAL_MAX_LENGTH = 500
NAME_MAX_LENGTH = 40


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a person typed as a code, the way codes are stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:20]


class RoundKind(models.TextChoices):
    GOALS = "goals", _("Goals")
    CSFS = "csfs", _("Critical success factors")
    KPIS = "kpis", _("KPIs")


class Phase(models.TextChoices):
    PROPOSING = "proposing", _("Proposing")
    PAUSED = "paused", _("Proposing closed")
    VOTING = "voting", _("Voting")
    REVEALED = "revealed", _("Results")


class WorkshopQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)


class Workshop(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    strategy = models.ForeignKey(
        "goals.Strategy",
        on_delete=models.CASCADE,
        related_name="workshops",
        verbose_name=_("strategy"),
    )
    title = models.CharField(_("title"), max_length=200)
    code = models.CharField(_("join code"), max_length=CODE_LENGTH, unique=True, default=new_code)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    dots_per_person = models.PositiveSmallIntegerField(
        _("votes per person"),
        default=5,
        help_text=_("How many dots each participant may spend in a round."),
    )
    max_per_item = models.PositiveSmallIntegerField(
        _("at most per proposal"),
        default=3,
        help_text=_("How many of their dots one person may put on one proposal."),
    )
    votes_hidden = models.BooleanField(
        _("hide votes until revealed"),
        default=True,
        help_text=_("Nobody sees the counts until you reveal them, so people vote their own mind."),
    )
    proposals_live = models.BooleanField(
        _("show proposals as they come in"),
        default=True,
        help_text=_("Otherwise everyone sees only their own until you close proposing."),
    )
    anonymous = models.BooleanField(
        _("anonymous proposals"),
        default=False,
        help_text=_("Nobody sees who proposed what, not even on the summary."),
    )
    current_round = models.ForeignKey(
        "Round",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current round"),
    )
    # The timer: running when it has an end; paused when it has seconds left and no end.
    timer_ends_at = models.DateTimeField(_("timer ends"), null=True, blank=True)
    timer_paused_seconds = models.PositiveIntegerField(_("timer paused at"), null=True, blank=True)
    # Bumped by every change: the control screen and the projector poll it.
    revision = models.PositiveBigIntegerField(_("revision"), default=1)
    # Bumped only by what participants see (not joins, "done" or hidden votes): their phones
    # poll this, so a room of phones is not refreshed for what would not change on them.
    content_revision = models.PositiveBigIntegerField(_("content revision"), default=1)
    # Bumped by whatever the participants see changing apart from the vote counts: a phone
    # that is up to date with it needs only the new counts when content_revision moves on.
    list_revision = models.PositiveBigIntegerField(_("list revision"), default=1)
    # The list revision of the last change to the participants' list other than new proposals
    # (a phase, a reveal, an edit, a merge, a round): a phone holding a list at least this new
    # is brought up to date by appending the proposals listed since (Proposal.listed_revision).
    list_base_revision = models.PositiveBigIntegerField(_("list base revision"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.CheckConstraint(
                condition=Q(dots_per_person__gte=1, dots_per_person__lte=50),
                name="workshop_dots_per_person_range",
            ),
            models.CheckConstraint(
                condition=Q(max_per_item__gte=1) & Q(max_per_item__lte=F("dots_per_person")),
                name="workshop_max_per_item_within_budget",
            ),
        ]
        indexes = [models.Index(fields=["strategy", "closed_at"], name="workshop_strategy_open")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:control", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def code_display(self) -> str:
        """The code as shown large: two groups of three, easier to read out and type."""
        return f"{self.code[:3]} {self.code[3:]}"

    def timer_seconds_left(self, now=None) -> int | None:
        """Whole seconds left on the timer (0 once it has run out), or None when none is set."""
        if self.timer_paused_seconds is not None:
            return self.timer_paused_seconds
        if self.timer_ends_at is None:
            return None
        now = now or timezone.now()
        return max(0, int((self.timer_ends_at - now).total_seconds() + 0.999))

    @property
    def timer_running(self) -> bool:
        return self.timer_ends_at is not None


class Round(models.Model):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("workshop")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=10, choices=RoundKind.choices)
    # A CSF round works under a goal, a KPI round under a CSF; chosen up front or when it starts.
    goal = models.ForeignKey(
        "goals.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("under goal"),
    )
    csf = models.ForeignKey(
        "csf.CriticalSuccessFactor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("under critical success factor"),
    )
    phase = models.CharField(
        _("phase"), max_length=10, choices=Phase.choices, default=Phase.PROPOSING
    )

    class Meta:
        ordering = ["order"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "order"], name="round_order_unique"),
            models.CheckConstraint(condition=Q(kind__in=RoundKind.values), name="round_kind_valid"),
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="round_phase_valid"),
        ]

    def __str__(self):
        return f"{self.workshop}: {self.get_kind_display()}"

    @property
    def parent(self):
        """The node that promoted proposals go under (None for goals, or when not chosen yet)."""
        if self.kind == RoundKind.CSFS:
            return self.goal
        if self.kind == RoundKind.KPIS:
            return self.csf
        return None

    @property
    def needs_parent(self) -> bool:
        return self.kind != RoundKind.GOALS and self.parent is None

    @property
    def accepts_proposals(self) -> bool:
        return self.phase == Phase.PROPOSING

    @property
    def voting_open(self) -> bool:
        return self.phase == Phase.VOTING


class Participant(models.Model):
    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="participants", verbose_name=_("workshop")
    )
    # A member of the organisation joins as themselves; a guest has only a name.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="workshop_participations",
        verbose_name=_("user"),
    )
    name = models.CharField(_("display name"), max_length=NAME_MAX_LENGTH)
    # The name as people read it (trimmed, NFC, case-folded: names.name_key), one per workshop:
    # no two participants show under the same name. Empty only on a duplicate from before.
    name_key = models.CharField(max_length=NAME_MAX_LENGTH * 4, null=True, editable=False)
    done_round = models.ForeignKey(
        Round,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done in round"),
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        ordering = ["joined_at"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=Q(user__isnull=False),
                name="participant_one_per_member",
            ),
            models.UniqueConstraint(
                fields=["workshop", "name_key"], name="participant_names_differ"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class Proposal(models.Model):
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("round")
    )
    author = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("proposed by"),
    )
    text = models.TextField(_("proposal"), max_length=PROPOSAL_MAX_LENGTH)
    hidden = models.BooleanField(_("hidden by the facilitator"), default=False)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    # Where a promoted proposal went in the tree: the node remembers its workshop through these.
    promoted_goal = models.OneToOneField(
        "goals.Goal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_proposal",
        verbose_name=_("promoted to goal"),
    )
    promoted_csf = models.OneToOneField(
        "csf.CriticalSuccessFactor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_proposal",
        verbose_name=_("promoted to critical success factor"),
    )
    promoted_kpi = models.OneToOneField(
        "indicators.Kpi",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workshop_proposal",
        verbose_name=_("promoted to KPI"),
    )
    promoted_at = models.DateTimeField(_("promoted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # The workshop's list revision that first listed it: each new proposal has its own.
    listed_revision = models.PositiveBigIntegerField(_("listed at revision"), default=0)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["round", "listed_revision"], name="proposal_round_listed")]

    def __str__(self):
        return self.text[:80]

    @property
    def promoted_node(self):
        return self.promoted_goal or self.promoted_csf or self.promoted_kpi

    @property
    def is_promoted(self) -> bool:
        return self.promoted_at is not None


class Vote(models.Model):
    """One dot: a participant may put several on one proposal, up to the workshop's limit."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="votes", verbose_name=_("proposal")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="votes", verbose_name=_("participant")
    )
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="votes", verbose_name=_("round")
    )
    created_at = models.DateTimeField(_("cast"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        indexes = [models.Index(fields=["round", "participant"], name="vote_round_participant")]

    def __str__(self):
        return f"{self.participant} → {self.proposal}"
