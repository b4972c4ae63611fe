"""Forms of workshop mode: creating one, joining one, proposing, and the facilitator's edits."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Perspective

from .models import NAME_MAX_LENGTH, PROPOSAL_MAX_LENGTH, RoundKind, Workshop, normalise_code
from .services import RoundPlan

ROUND_SLOTS = 4


def _clean_text(value: str, *, limit: int) -> str:
    """Text as people type it, refused when it is empty or holds control characters."""
    value = " ".join((value or "").split()) if limit <= NAME_MAX_LENGTH else (value or "").strip()
    if any(ord(ch) < 32 and ch not in "\n\t" for ch in value) or "\x00" in value:
        raise ValidationError(_("Remove the invisible control characters from this text."))
    if len(value) > limit:
        raise ValidationError(
            _("Keep it to %(limit)s characters; this is %(length)s.")
            % {"limit": limit, "length": len(value)}
        )
    if not any(unicodedata.category(ch)[0] not in "CZ" for ch in value):
        return ""  # only spaces and invisible characters (zero-width, direction marks): empty
    return value


class WorkshopForm(forms.ModelForm):
    """A new workshop: its title, vote settings, and up to four rounds in the order chosen."""

    class Meta:
        model = Workshop
        fields = [
            "title",
            "dots_per_person",
            "max_per_item",
            "votes_hidden",
            "proposals_live",
            "anonymous",
        ]

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        self.strategy = strategy
        self.fields["title"].initial = _("Workshop %(strategy)s") % {"strategy": strategy.name}
        self.fields["dots_per_person"].min_value = 1
        self.fields["dots_per_person"].max_value = 50
        self.fields["max_per_item"].min_value = 1
        self.fields["max_per_item"].max_value = 50
        goals = Goal.objects.filter(strategy=strategy).order_by("order", "created_at")
        csfs = CriticalSuccessFactor.objects.filter(goal__strategy=strategy).select_related("goal")
        kinds = [("", _("— no round —")), *RoundKind.choices]
        defaults = [RoundKind.GOALS, RoundKind.CSFS, RoundKind.KPIS, ""]
        for slot in range(1, ROUND_SLOTS + 1):
            self.fields[f"round_{slot}"] = forms.ChoiceField(
                label=_("Round %(number)s") % {"number": slot},
                choices=kinds,
                required=False,
                initial=defaults[slot - 1],
            )
            self.fields[f"round_{slot}_under"] = forms.ChoiceField(
                label=_("Works under"),
                choices=[
                    ("", _("choose when the round starts")),
                    (_("Goals"), [(f"goal:{g.pk}", g.title) for g in goals]),
                    (
                        _("Critical success factors"),
                        [(f"csf:{c.pk}", f"{c.goal.title} → {c.title}") for c in csfs],
                    ),
                ],
                required=False,
            )
        self.goals = {str(g.pk): g for g in goals}
        self.csfs = {str(c.pk): c for c in csfs}

    def clean_title(self):
        return _clean_text(self.cleaned_data["title"], limit=200) or self.strategy.name

    def clean(self):
        cleaned = super().clean()
        dots, most = cleaned.get("dots_per_person"), cleaned.get("max_per_item")
        if dots and most and most > dots:
            self.add_error("max_per_item", _("This cannot be more than the votes each person has."))
        plans = []
        for slot in range(1, ROUND_SLOTS + 1):
            kind = cleaned.get(f"round_{slot}")
            if not kind:
                continue
            plans.append(self._plan(kind, cleaned.get(f"round_{slot}_under") or "", slot))
        if not plans:
            raise ValidationError(_("Choose at least one round."))
        cleaned["rounds"] = plans
        return cleaned

    def _plan(self, kind: str, under: str, slot: int) -> RoundPlan:
        what, _sep, pk = under.partition(":")
        if kind == RoundKind.CSFS and what == "goal":
            return RoundPlan(kind=kind, goal=self.goals.get(pk))
        if kind == RoundKind.KPIS and what == "csf":
            return RoundPlan(kind=kind, csf=self.csfs.get(pk))
        if under and kind != RoundKind.GOALS:
            self.add_error(
                f"round_{slot}_under",
                _("A CSF round works under a goal, a KPI round under a CSF."),
            )
        return RoundPlan(kind=kind)


class RoundForm(forms.Form):
    """Add a round during the workshop, or choose what the current round works under."""

    kind = forms.ChoiceField(
        label=_("Round"),
        choices=RoundKind.choices,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    under = forms.ChoiceField(
        label=_("Works under"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, strategy, **kwargs):
        super().__init__(*args, **kwargs)
        goals = list(Goal.objects.filter(strategy=strategy).order_by("order", "created_at"))
        csfs = list(
            CriticalSuccessFactor.objects.filter(goal__strategy=strategy).select_related("goal")
        )
        self.goals = {str(g.pk): g for g in goals}
        self.csfs = {str(c.pk): c for c in csfs}
        self.fields["under"].choices = [
            ("", _("choose later")),
            (_("Goals"), [(f"goal:{g.pk}", g.title) for g in goals]),
            (
                _("Critical success factors"),
                [(f"csf:{c.pk}", f"{c.goal.title} → {c.title}") for c in csfs],
            ),
        ]

    def parent(self) -> tuple[Goal | None, CriticalSuccessFactor | None]:
        what, _sep, pk = (self.cleaned_data.get("under") or "").partition(":")
        return (
            self.goals.get(pk) if what == "goal" else None,
            self.csfs.get(pk) if what == "csf" else None,
        )


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Workshop code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_("How the others see you in this workshop."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])

    def clean_name(self):
        name = _clean_text(self.cleaned_data["name"], limit=NAME_MAX_LENGTH)
        if not name:
            raise ValidationError(_("Fill in a name the others will recognise."))
        return unicodedata.normalize("NFC", name)  # as the others' names (names.name_key)


class ProposalForm(forms.Form):
    round = forms.CharField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("Your proposal"),
        max_length=PROPOSAL_MAX_LENGTH * 200,  # checked below, with a message that says how long
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    empty_message = _("Write something to propose.")

    def clean_text(self):
        text = _clean_text(self.cleaned_data["text"], limit=PROPOSAL_MAX_LENGTH)
        if not text:
            raise ValidationError(self.empty_message)
        return text


class ProposalEditForm(ProposalForm):
    """The facilitator's correction of a proposal: the same text rules, said for an edit."""

    empty_message = _("A proposal cannot be empty; hide it instead.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["round"]
        self.fields["text"].label = _("Proposal")


class PromoteForm(forms.Form):
    perspective = forms.ChoiceField(
        label=_("Perspective"), choices=Perspective.choices, required=False
    )


class TimerForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=99, required=False)
