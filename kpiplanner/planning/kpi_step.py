"""Step 4 of the planning wizard, the KPIs: one KPI form with live SMART feedback, its
milestones, and the KPI library (search it, or use a template to fill the form's empty fields).

`kpis_context` is what the page shows; `kpis_post` what a POST to it does (see its docstring
for the buttons). The table of all steps is `steps.PAGES`.
"""

from typing import Any

from django.contrib import messages
from django.utils.formats import localize_input
from django.utils.translation import gettext as _

from goals.forms import is_blank
from goals.models import tree_csfs
from indicators.feedback import feedback_context
from indicators.forms import MAX_MILESTONES, KpiForm, SmartFeedbackInput, milestone_formset
from indicators.models import Area, KpiTemplate
from indicators.smart_adapter import current_lang, evaluate_kpi

from . import services
from .pages import navigate, render_page, saved, undoable
from .wizard import Step

LIBRARY_PAGE = 12


def kpis_context(request, strategy, goals, **extra):
    if "form" not in extra:
        extra["form"] = _new_kpi_form(request, strategy, goals)
    form = extra["form"]
    extra["kpi_editing"] = not form.instance._state.adding
    # Fixing a rejected KPI: why it was rejected, at the top of the form.
    extra["rejection"] = form.instance.rejection() if extra["kpi_editing"] else None
    if "milestones" not in extra:
        extra["milestones"] = milestone_formset(form.data if form.is_bound else None, kpi_form=form)
    if "evaluation" not in extra:
        if form.is_bound:
            extra["evaluation"] = SmartFeedbackInput(
                form.data, memberships=request.memberships
            ).evaluation(lang=current_lang())
        elif extra["kpi_editing"]:
            extra["evaluation"] = evaluate_kpi(form.instance)
        else:
            data = {"statement": form.initial.get("statement", "")}
            extra["evaluation"] = SmartFeedbackInput(
                data, memberships=request.memberships
            ).evaluation(lang=current_lang())
    extra.update(feedback_context(extra["evaluation"], in_form=True))
    extra.update(library_context(request, form.data if form.is_bound else None))
    extra.setdefault("undoable", undoable(request, strategy, "kpi"))
    return extra


def render_kpis(request, strategy, goals, **extra):
    """The KPI step's whole page; `extra` holds the bound form and milestones as typed."""
    context = kpis_context(request, strategy, goals, **extra)
    return render_page(request, strategy, goals, Step.KPIS, context)


def _new_kpi_form(request, strategy, goals) -> KpiForm:
    """An empty KPI form, started from a library template when `?template=` names one."""
    csfs = tree_csfs(goals)
    first_without = next((csf for csf in csfs if not csf.kpis.all()), None)
    initial: dict[str, Any] = {"csf": first_without or (csfs[0] if csfs else None)}
    wanted_csf = request.GET.get("csf")
    initial["csf"] = next((c for c in csfs if str(c.pk) == wanted_csf), initial["csf"])
    template = library_template(request.GET.get("template", ""))
    if template:
        initial.update(template_values(template))
    return KpiForm(strategy=strategy, initial=initial)


def library_template(template_id: str) -> KpiTemplate | None:
    """The library template a "Use" names, or None for a missing or malformed id."""
    # isdigit() alone lets "²" through, which int() refuses; a key has at most 18 digits.
    wanted = template_id.isascii() and template_id.isdigit() and len(template_id) <= 18
    return KpiTemplate.objects.filter(pk=template_id).first() if wanted else None


def template_values(template: KpiTemplate) -> dict[str, Any]:
    """What a library template fills in on the KPI form."""
    return {
        "template": template.pk,
        "name": template.name,
        "definition": template.definition,
        "unit": template.unit,
        "direction": template.direction,
        "frequency": template.frequency,
        "indicator_type": template.indicator_type,
        "customer_facing": template.customer_facing,
    }


def use_template(request, data, template: KpiTemplate, *, defaults: dict[str, str]) -> None:
    """Fill the posted KPI form's empty fields from `template`, keeping everything typed (the
    chosen CSF too), and say which fields were filled and which kept as they were.

    A field still at its default (`defaults`: a new KPI's "higher is better", for instance)
    counts as empty: nobody typed it."""
    filled, kept = [], []
    for name, value in template_values(template).items():
        typed = str(data.get(name, "")).strip()
        if typed and typed == defaults.get(name):
            typed = ""
        if name == "customer_facing":
            # A checkbox posts nothing when unticked: ticking it is all a template can add.
            if value and not typed:
                data[name] = "on"
            continue
        new = str(value)
        if name == "template" or not typed:
            data[name] = new
            if name != "template" and new:
                filled.append(name)
        elif typed != new:
            kept.append(name)
    labels = {name: field.label for name, field in KpiForm.base_fields.items()}
    parts = [_("“%(name)s” from the library is used.") % {"name": template.name}]
    if filled:
        parts.append(
            _("Filled in: %(fields)s.")
            % {"fields": ", ".join(str(labels.get(n, n)).lower() for n in filled)}
        )
    if kept:
        parts.append(
            _("Kept what you typed in: %(fields)s.")
            % {"fields": ", ".join(str(labels.get(n, n)).lower() for n in kept)}
        )
    messages.info(request, " ".join(parts))


def library_context(request, data=None) -> dict[str, Any]:
    """The KPI library filtered by the search words and the area (from the query string, or
    from the KPI form they were posted with when searching without JavaScript)."""
    data = request.GET if data is None else data
    query = data.get("q", "").strip()[:100]
    area = data.get("area", "")
    area = area if area in Area.values else ""
    found = list(KpiTemplate.objects.search(query, area)[: LIBRARY_PAGE + 1])
    return {
        "library": found[:LIBRARY_PAGE],
        "library_more": len(found) > LIBRARY_PAGE,
        "library_query": query,
        "library_area": area,
        "areas": Area.choices,
    }


def kpis_post(request, strategy, goals, kpi=None):
    """Save a new or edited KPI with its milestones, or only re-show it with feedback
    ("check"), with the structured fields filled from the statement ("apply"), with one
    more milestone row ("add_milestone", for browsers without JavaScript), with a library
    template's values in the fields left empty ("Use": `use_template`), or with the library
    searched ("search", without JavaScript: the search words are posted with the form).

    Enter in a field presses the form's first button, "Save" (see step_kpis.html): it never
    applies what was found in the statement over what was typed."""
    action = request.POST.get("action", "save")
    data = request.POST.copy()
    if "use_template" in data:
        action = "use"
        template = library_template(data["use_template"])
        if template is None:
            messages.warning(request, _("That library template does not exist (any more)."))
        else:
            defaults = {} if kpi else _new_kpi_defaults(strategy)
            use_template(request, data, template, defaults=defaults)
    elif action == "save" and kpi is None and _library_searched(data, strategy):
        action = "search"
    if action == "apply":
        feedback = SmartFeedbackInput(data, memberships=request.memberships)
        found = feedback.evaluation(lang=current_lang()).extraction.as_form_initial()
        for name, value in found.items():
            data[name] = _as_input(value)
    if action == "add_milestone":
        total = data.get("milestones-TOTAL_FORMS", "")
        if total.isascii() and total.isdigit() and int(total) < MAX_MILESTONES:
            data["milestones-TOTAL_FORMS"] = str(int(total) + 1)
    form = KpiForm(data, instance=kpi, strategy=strategy)
    milestones = milestone_formset(data, kpi_form=form)
    if action in {"use", "search"}:
        form.show_unjudged()
    if action in {"apply", "check", "add_milestone", "use", "search"}:
        return render_kpis(request, strategy, goals, form=form, milestones=milestones)
    if request.POST.get("nav") and kpi is None and is_blank(form, ["name", "statement"]):
        return navigate(request, strategy, Step.KPIS)
    valid = form.is_valid()
    if milestones.is_bound:
        valid = milestones.is_valid() and valid
    if valid and services.kpi_save(form=form, milestones=milestones, actor=request.user):
        messages.success(request, _("KPI “%(name)s” saved.") % {"name": form.instance.name})
        if getattr(form.instance, "reopened", False):
            messages.info(
                request,
                _(
                    "It was approved, so the change goes to a manager for a decision; until "
                    "then it is proposed again."
                ),
            )
        return saved(request, strategy, Step.KPIS, f"#kpi-{form.instance.pk}")
    return render_kpis(request, strategy, goals, form=form, milestones=milestones)


def _new_kpi_defaults(strategy) -> dict[str, str]:
    """What an empty KPI form shows in each field before anything is typed."""
    blank = KpiForm(strategy=strategy)
    return {name: str(blank[name].value() or "") for name in blank.fields}


def _library_searched(data, strategy) -> bool:
    """Enter in the library's search box without JavaScript, before any KPI was typed: the
    KPI form's "Save" came with search words and an empty KPI, so it is a search."""
    searched = data.get("q", "").strip() or data.get("area")
    return bool(searched) and is_blank(KpiForm(data, strategy=strategy), ["name", "statement"])


def _as_input(value) -> str:
    """A value as the user would type it in the active language."""
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return value.isoformat()  # date inputs always take ISO dates
    return localize_input(value)
