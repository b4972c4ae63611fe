"""KPIs, their measurements, and the KPI library.

A KPI is the one objective, measurable number that shows whether a critical success factor is
being achieved. Its fields are the definition card of PRODUCT.md.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kpiplanner.core.models import VersionedModel

from . import tracking
from .kpi_tracking import KpiTracking, MeasurementQuerySet


class Unit(models.TextChoices):
    PERCENT = "percent", _("%")
    EUR = "eur", _("€")
    COUNT = "count", _("count")
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    MINUTES = "minutes", _("minutes")
    SCORE = "score", _("score")
    RATIO = "ratio", _("ratio")
    OTHER = "other", _("other")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")
    RANGE = "range", _("Within a range")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


class IndicatorType(models.TextChoices):
    LEADING = "leading", _("Leading (predicts the result)")
    LAGGING = "lagging", _("Lagging (shows the result)")


class KpiStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    RETIRED = "retired", _("Retired")


class Area(models.TextChoices):
    """Areas of the KPI library."""

    FINANCE = "finance", _("Finance")
    CUSTOMERS = "customers", _("Customers")
    PROCESS = "process", _("Process")
    PEOPLE = "people", _("People & HR")
    SALES = "sales", _("Sales")
    MARKETING = "marketing", _("Marketing")
    ONLINE_MARKETING = "online_marketing", _("Online marketing")


AMOUNT = {"max_digits": 16, "decimal_places": 4}


# What defines a KPI, in the order its definition card reads. The KPI form, the import and the
# exports work from this list, so a new field of the definition is added in one place.
KPI_DEFINITION_FIELDS = (
    "name",
    "statement",
    "definition",
    "unit",
    "direction",
    "baseline_value",
    "baseline_date",
    "target_value",
    "target_max",
    "target_date",
    "on_track_threshold",
    "off_track_threshold",
    "frequency",
    "data_source",
    "owner_accepted",
    "indicator_type",
    "customer_facing",
    "rationale",
)


class Kpi(KpiTracking, VersionedModel):
    csf = models.ForeignKey(
        "csf.CriticalSuccessFactor",
        on_delete=models.CASCADE,
        related_name="kpis",
        verbose_name=_("critical success factor"),
    )
    template = models.ForeignKey(
        "KpiTemplate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
        verbose_name=_("from library template"),
    )
    name = models.CharField(_("name"), max_length=200)
    statement = models.TextField(
        _("statement"),
        blank=True,
        help_text=_("One sentence: metric, target and deadline."),
    )
    definition = models.TextField(_("definition / formula"), blank=True)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    baseline_value = models.DecimalField(_("baseline"), null=True, blank=True, **AMOUNT)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(_("target"), null=True, blank=True, **AMOUNT)
    target_max = models.DecimalField(
        _("target upper bound"),
        null=True,
        blank=True,
        help_text=_("Only for 'within a range': the highest value that is still on target."),
        **AMOUNT,
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    on_track_threshold = models.DecimalField(
        _("on track from"),
        null=True,
        blank=True,
        help_text=_("A value at least this good counts as on track."),
        **AMOUNT,
    )
    off_track_threshold = models.DecimalField(
        _("off track beyond"),
        null=True,
        blank=True,
        help_text=_("A value worse than this counts as off track; in between is at risk."),
        **AMOUNT,
    )
    frequency = models.CharField(
        _("measurement frequency"), max_length=10, choices=Frequency.choices, blank=True
    )
    data_source = models.CharField(_("data source"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_kpis",
        verbose_name=_("owner"),
    )
    owner_accepted = models.BooleanField(_("owner has accepted"), default=False)
    indicator_type = models.CharField(
        _("leading or lagging"),
        max_length=10,
        choices=IndicatorType.choices,
        default=IndicatorType.LAGGING,
    )
    customer_facing = models.BooleanField(
        _("reflects the customer's experience"),
        default=False,
        help_text=_("Tick when the customer notices this number, not only the organisation."),
    )
    rationale = models.TextField(
        _("why this KPI"),
        blank=True,
        help_text=_("How this number shows that the critical success factor is achieved."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=KpiStatus.choices, default=KpiStatus.DRAFT
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    weight = models.PositiveSmallIntegerField(
        _("weight in the roll-up"),
        default=1,
        validators=[MaxValueValidator(100)],
        help_text=_("How much this KPI counts when progress is rolled up (0: not at all)."),
    )
    # Set when an approved KPI was changed: the approved version whose text the change departs
    # from, until a manager decides on the change (see reviews/approval.py).
    changed_since_version = models.PositiveIntegerField(
        _("changed since version"), null=True, blank=True, editable=False
    )
    # An editor asked to remove this approved KPI; it stays in the set until a manager retires
    # it or keeps it.
    removal_requested_at = models.DateTimeField(
        _("removal requested at"), null=True, blank=True, editable=False
    )
    removal_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("removal requested by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "created_at"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [
            models.CheckConstraint(condition=Q(unit__in=[*Unit.values, ""]), name="kpi_unit_valid"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="kpi_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=[*Frequency.values, ""]), name="kpi_frequency_valid"
            ),
            models.CheckConstraint(
                condition=Q(indicator_type__in=IndicatorType.values),
                name="kpi_indicator_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=KpiStatus.values), name="kpi_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(baseline_date__isnull=True)
                | Q(target_date__isnull=True)
                | Q(target_date__gt=F("baseline_date")),
                name="kpi_target_date_after_baseline_date",
            ),
            # A range's upper bound is not below its lower bound; other directions have none.
            models.CheckConstraint(
                condition=Q(direction=Direction.RANGE)
                & (
                    Q(target_max__isnull=True)
                    | Q(target_value__isnull=True)
                    | Q(target_max__gte=F("target_value"))
                )
                | ~Q(direction=Direction.RANGE) & Q(target_max__isnull=True),
                name="kpi_range_bounds_consistent",
            ),
            # "On track" must be the better side of "off track" for the chosen direction.
            models.CheckConstraint(
                condition=Q(on_track_threshold__isnull=True)
                | Q(off_track_threshold__isnull=True)
                | Q(
                    direction=Direction.HIGHER,
                    on_track_threshold__gte=F("off_track_threshold"),
                )
                | Q(
                    direction=Direction.LOWER,
                    on_track_threshold__lte=F("off_track_threshold"),
                ),
                name="kpi_thresholds_consistent_with_direction",
            ),
            models.CheckConstraint(
                condition=~Q(direction=Direction.RANGE)
                | Q(on_track_threshold__isnull=True, off_track_threshold__isnull=True),
                name="kpi_range_has_no_thresholds",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{self.strategy.get_absolute_url()}#kpi-{self.pk}"

    @property
    def strategy(self):
        """The strategy this KPI belongs to (a goal has it as a field)."""
        return self.csf.goal.strategy

    # The fields every KPI needs before its plan can go to review.
    REQUIRED_FOR_REVIEW = ("owner_id", "data_source", "frequency", "baseline_value", "target_value")
    # The statuses in which an editor may still change the KPI outside the wizard.
    FIX_STATUSES = frozenset({KpiStatus.DRAFT, KpiStatus.REJECTED})

    def missing_fields(self) -> list[str]:
        """The names of the required fields this KPI still lacks (owner_id reported as "owner")."""
        return [
            name.removesuffix("_id")
            for name in self.REQUIRED_FOR_REVIEW
            if getattr(self, name) is None or getattr(self, name) == ""
        ]

    @property
    def removal_requested(self) -> bool:
        return self.removal_requested_at is not None

    @property
    def awaits_decision(self) -> bool:
        """Proposed, or approved with a request to remove it: a manager has to decide."""
        return self.status == KpiStatus.PROPOSED or (
            self.status == KpiStatus.APPROVED and self.removal_requested
        )

    @property
    def published(self) -> bool:
        """Whether a viewer reads this KPI: approved, or approved and changed since, waiting for
        the manager (the same rule as goals.models.PUBLISHED_KPIS, for one loaded KPI)."""
        return self.status == KpiStatus.APPROVED or self.changed_since_version is not None

    @property
    def fix_allowed(self) -> bool:
        """Whether the KPI may still be changed outside the wizard (a draft or a rejected one)."""
        return self.status in self.FIX_STATUSES

    def rejection(self):
        """While the KPI is rejected: the status change that rejected it (with `by` and the
        `reason`), for the forms where it is fixed; None otherwise. Reads `rejections` when a
        list prefetched it (newest first), else one query."""
        if self.status != KpiStatus.REJECTED:
            return None
        if hasattr(self, "rejections"):
            return self.rejections[0] if self.rejections else None
        # By the reverse name: the review app's model is not imported here (see ARCHITECTURE).
        found = self.transitions.filter(to_status=KpiStatus.REJECTED).select_related("by")
        return found.order_by("-at", "-pk").first()

    # Statuses whose KPIs take part in tracking and roll-ups (the methods: KpiTracking).
    TRACKED_STATUSES = frozenset({KpiStatus.DRAFT, KpiStatus.PROPOSED, KpiStatus.APPROVED})


class KpiMilestone(models.Model):
    """An intermediate target on the way from baseline to target."""

    kpi = models.ForeignKey(
        Kpi, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("KPI")
    )
    due_date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **AMOUNT)

    class Meta:
        ordering = ["due_date"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["kpi", "due_date"], name="milestone_one_per_date")
        ]

    def __str__(self):
        return f"{self.kpi}: {self.value} ({self.due_date:%Y-%m-%d})"


class Measurement(VersionedModel):
    """The value of a KPI over one period, identified by the period's first day."""

    kpi = models.ForeignKey(
        Kpi, on_delete=models.CASCADE, related_name="measurements", verbose_name=_("KPI")
    )
    period = models.DateField(_("period"), help_text=_("The first day of the measured period."))
    value = models.DecimalField(_("value"), **AMOUNT)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    objects = MeasurementQuerySet.as_manager()

    # Every entry and correction: who, when, and the value before (indicators/measurements.py).
    history = HistoricalRecords(excluded_fields=["version", "created_at", "updated_at"])

    class Meta:
        ordering = ["kpi", "period"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(fields=["kpi", "period"], name="measurement_one_per_period")
        ]

    def __str__(self):
        return f"{self.kpi}: {self.value} ({self.period:%Y-%m-%d})"


class Reminder(models.Model):
    """A reminder e-mail sent to a KPI's owner about one period, so it is never sent twice."""

    class Kind(models.TextChoices):
        DUE_SOON = tracking.DUE_SOON, _("due soon")
        OVERDUE = tracking.OVERDUE, _("overdue")

    kpi = models.ForeignKey(
        Kpi, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("KPI")
    )
    period = models.DateField(_("period"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent to"),
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "period", "kind"], name="reminder_once_per_kpi_period_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[tracking.DUE_SOON, tracking.OVERDUE]),
                name="reminder_kind_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kpi}: {self.kind} ({self.period:%Y-%m-%d})"


class KpiTemplateQuerySet(models.QuerySet):
    def search(self, words: str = "", area: str = ""):
        """The templates of `area` (any area when it is not one) whose name or definition, in
        either language, holds every one of the first five `words` (a NUL, which no text holds
        and PostgreSQL refuses in a query, separates words)."""
        templates = self.filter(area=area) if area in Area.values else self
        for word in words.replace("\x00", " ").split()[:5]:
            templates = templates.filter(
                Q(name_nl__icontains=word)
                | Q(name_en__icontains=word)
                | Q(definition_nl__icontains=word)
                | Q(definition_en__icontains=word)
            )
        return templates


class KpiTemplate(models.Model):
    """A KPI from the library, in Dutch and English, to start a new KPI from."""

    slug = models.SlugField(_("key"), max_length=80, unique=True)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    definition_nl = models.TextField(_("definition (Dutch)"))
    definition_en = models.TextField(_("definition (English)"))
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    indicator_type = models.CharField(
        _("leading or lagging"), max_length=10, choices=IndicatorType.choices
    )
    customer_facing = models.BooleanField(_("reflects the customer's experience"), default=False)

    objects = KpiTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["area", "name_en"]
        verbose_name = _("KPI template")
        verbose_name_plural = _("KPI library")
        constraints = [
            models.CheckConstraint(condition=Q(area__in=Area.values), name="template_area_valid"),
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="template_unit_valid"),
            models.CheckConstraint(
                condition=Q(direction__in=Direction.values), name="template_direction_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="template_frequency_valid"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") else self.name_nl

    @property
    def definition(self) -> str:
        return (
            self.definition_en if (get_language() or "nl").startswith("en") else self.definition_nl
        )
