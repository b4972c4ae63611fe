"""Never lose typing in the KPI step (issue 19, point 4), the server's side: Enter saves (the
form's first button), "Use" in the library fills only the empty fields and keeps the chosen CSF,
a library search without JavaScript keeps the form, forms shown again unsaved say so (for the
leave-page guard in static/js/unsaved.js), and a rejected KPI shows why where it is fixed.

The browser's side (Enter, "Use", the question before leaving) is in
tests/browser/test_never_lose_typing.py."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from indicators.models import Kpi, KpiStatus, KpiTemplate
from kpiplanner.accounts.models import display_name
from kpiplanner.reviews.services import kpi_status_change
from tests.conftest import ROLES
from tests.factories import CsfFactory, GoalFactory, KpiFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
EDITORS = ["admin", "facilitator"]
READERS = sorted(set(ROLES) - set(EDITORS))


def kpis_url(strategy):
    return reverse("planning:step", args=[strategy.pk, "kpis"])


@pytest.fixture
def two_csfs(strategy):
    goal = GoalFactory(strategy=strategy, title="Klanten blijven")
    first = CsfFactory(goal=goal, title="Snel oplossen")
    second = CsfFactory(goal=goal, title="Vriendelijk personeel")
    KpiFactory(csf=first, name="Oplostijd")  # so the KPI step is open
    return first, second


@pytest.fixture
def template(db):
    return KpiTemplate.objects.create(
        slug="test-nps",
        area="customers",
        name_nl="Net Promoter Score",
        name_en="Net Promoter Score",
        definition_nl="Percentage promotors min percentage criticasters.",
        definition_en="Share of promoters minus share of detractors.",
        unit="score",
        direction="higher",
        frequency="quarterly",
        indicator_type="lagging",
        customer_facing=True,
    )


def typed(csf, **extra):
    """A KPI form as typed so far: a CSF chosen, a name and a statement."""
    return {
        "csf": str(csf.pk),
        "name": "Mijn eigen naam",
        "statement": "NPS van 20 naar 35 vóór eind 2028",
        "direction": "",
        "indicator_type": "lagging",
    } | extra


def field_value(html, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    return match and match.group(1)


def selected(html, name):
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    match = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return match and match.group(1)


# --- Enter saves ---------------------------------------------------------------------------


def test_the_kpi_forms_first_button_saves(client, members, strategy, two_csfs):
    """Enter in a field presses the form's first submit button: it must be "Save", before the
    SMART panel's "Use these values" (which would overwrite the fields)."""
    client.force_login(members["facilitator"])
    first, _second = two_csfs
    data = typed(first, statement="Klanttevredenheid van 7 naar 8 per kwartaal vóór eind 2028")
    html = client.post(kpis_url(strategy), data | {"action": "check"}).content.decode()
    form = html[html.index('<form id="kpi-form"') :]
    buttons = re.findall(r"<button[^>]*>", form)
    assert 'name="action" value="save"' in buttons[0]
    assert "data-default-save" in buttons[0]
    assert form.index("data-default-save") < form.index("data-smart-apply")


def test_save_keeps_every_other_field_as_typed(client, members, strategy, two_csfs):
    _first, second = two_csfs
    client.force_login(members["facilitator"])
    data = typed(second, direction="higher", action="save", unit="")
    client.post(kpis_url(strategy), data)
    kpi = Kpi.objects.get(name="Mijn eigen naam")
    # Nothing was taken from the statement: the unit stays empty, the CSF is the chosen one.
    assert (kpi.csf_id, kpi.unit, kpi.target_value) == (second.pk, "", None)


# --- "Use" in the library ----------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_use_fills_only_empty_fields_and_keeps_the_chosen_csf(
    client, members, strategy, two_csfs, template, headers
):
    _first, second = two_csfs
    client.force_login(members["facilitator"])
    data = typed(second, use_template=str(template.pk))
    response = client.post(kpis_url(strategy), data, headers=headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert selected(html, "csf") == str(second.pk)
    assert field_value(html, "name") == "Mijn eigen naam"
    assert "NPS van 20 naar 35 vóór eind 2028" in html
    assert selected(html, "unit") == "score"
    assert selected(html, "direction") == "higher"
    assert selected(html, "frequency") == "quarterly"
    assert field_value(html, "template") == str(template.pk)
    assert "Percentage promotors min percentage criticasters." in html
    assert "“Net Promoter Score” uit de bibliotheek is gebruikt." in html
    assert "Wat je zelf had ingevuld bij naam, is gebleven." in html
    assert 'data-unsaved="true"' in html  # shown again, not saved: the leave guard knows
    assert not Kpi.objects.filter(name="Mijn eigen naam").exists()


def test_use_with_milestones_posted_keeps_them_and_fails_nothing(
    client, members, strategy, two_csfs, template
):
    _first, second = two_csfs
    client.force_login(members["facilitator"])
    milestones = {
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "12",
        "milestones-0-due_date": "2027-06-30",
        "milestones-0-value": "25",
    }
    for extra in ({"use_template": str(template.pk)}, {"action": "search", "q": "nps"}):
        response = client.post(kpis_url(strategy), typed(second, **milestones, **extra))
        assert response.status_code == 200
        assert 'value="2027-06-30"' in response.content.decode()


def test_use_on_an_empty_form_fills_the_name_too(client, members, strategy, two_csfs, template):
    _first, second = two_csfs
    client.force_login(members["facilitator"])
    data = {"csf": str(second.pk), "use_template": str(template.pk)}
    html = client.post(kpis_url(strategy), data).content.decode()
    assert field_value(html, "name") == "Net Promoter Score"
    assert selected(html, "csf") == str(second.pk)
    assert "is gebleven" not in html


def test_use_while_editing_a_kpi_keeps_it_an_edit(client, members, strategy, two_csfs, template):
    first, _second = two_csfs
    kpi = Kpi.objects.get(name="Oplostijd")
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["kpi", kpi.pk])
    data = typed(first, name="Oplostijd", version=str(kpi.version), use_template=str(template.pk))
    html = client.post(url, data).content.decode()
    assert f'action="{url}"' in html
    assert field_value(html, "name") == "Oplostijd"
    assert Kpi.objects.get(pk=kpi.pk).template_id is None  # nothing saved yet


@pytest.mark.parametrize("bad", ["999999", "abc", "", "²"])
def test_use_of_a_missing_template_saves_nothing_and_says_so(
    client, members, strategy, two_csfs, bad
):
    first, _second = two_csfs
    client.force_login(members["facilitator"])
    response = client.post(kpis_url(strategy), typed(first, use_template=bad))
    assert response.status_code == 200
    assert "Dat sjabloon uit de bibliotheek bestaat niet (meer)." in response.content.decode()
    assert not Kpi.objects.filter(name="Mijn eigen naam").exists()


@pytest.mark.parametrize("role", READERS)
def test_readers_cannot_use_or_search(client, members, strategy, two_csfs, template, role):
    first, _second = two_csfs
    client.force_login(members[role])
    for extra in ({"use_template": str(template.pk)}, {"action": "search", "q": "nps"}):
        assert client.post(kpis_url(strategy), typed(first, **extra)).status_code == 403
        response = client.post(kpis_url(strategy), typed(first, **extra), headers=HX)
        assert response.status_code == 403
    html = client.get(kpis_url(strategy)).content.decode()
    assert "use_template" not in html


def test_outsider_and_anonymous_cannot_use(client, outsider, strategy, two_csfs, template):
    first, _second = two_csfs
    data = typed(first, use_template=str(template.pk))
    response = client.post(kpis_url(strategy), data)
    assert response.status_code == 302 and "login" in response.url
    client.force_login(outsider)
    assert client.post(kpis_url(strategy), data).status_code == 404
    assert client.post(kpis_url(strategy), data, headers=HX).status_code == 404


def test_the_library_use_buttons_post_the_kpi_form(client, members, strategy, two_csfs, template):
    client.force_login(members["facilitator"])
    html = client.get(kpis_url(strategy), {"q": "Net Promoter"}).content.decode()
    button = re.search(r'<button[^>]*data-template="test-nps"[^>]*>', html, re.S).group(0)
    assert 'form="kpi-form"' in button
    assert f'name="use_template" value="{template.pk}"' in button
    library = client.get(
        reverse("planning:library", args=[strategy.pk]), {"q": "Net Promoter"}, headers=HX
    ).content.decode()
    assert 'form="kpi-form"' in library and 'data-template="test-nps"' in library


# --- a library search without JavaScript keeps the form --------------------------------------


def test_search_without_javascript_keeps_what_was_typed(
    client, members, strategy, two_csfs, template
):
    _first, second = two_csfs
    client.force_login(members["facilitator"])
    data = typed(second, action="search", q="Net Promoter")
    html = client.post(kpis_url(strategy), data).content.decode()
    assert field_value(html, "name") == "Mijn eigen naam"
    assert selected(html, "csf") == str(second.pk)
    assert 'data-template="test-nps"' in html
    assert field_value(html, "q") == "Net Promoter"
    assert not Kpi.objects.filter(name="Mijn eigen naam").exists()


def test_enter_in_the_search_box_of_an_empty_form_searches(
    client, members, strategy, two_csfs, template
):
    """Without JavaScript, Enter in the search box presses "Save"; with nothing typed in the
    KPI form yet, that is a search, not a form full of "required" errors."""
    first, _second = two_csfs
    client.force_login(members["facilitator"])
    data = {"csf": str(first.pk), "action": "save", "q": "Net Promoter"}
    html = client.post(kpis_url(strategy), data).content.decode()
    assert 'data-template="test-nps"' in html
    assert "is-invalid" not in html
    assert Kpi.objects.count() == 1


def test_search_fields_belong_to_the_kpi_form_and_are_ignored_by_the_guard(
    client, members, strategy, two_csfs
):
    client.force_login(members["facilitator"])
    html = client.get(kpis_url(strategy)).content.decode()
    search = re.search(r'<input id="library-q"[^>]*>', html, re.S).group(0)
    assert 'form="kpi-form"' in search and "data-unsaved-ignore" in search
    assert "data-unsaved-guard=" in html
    assert 'data-unsaved="true"' not in html  # a fresh form has nothing unsaved
    assert "js/unsaved.js" in html


# --- the rejection reason where the KPI is fixed ---------------------------------------------


@pytest.fixture
def rejected(strategy, members):
    goal = GoalFactory(strategy=strategy)
    kpi = KpiFactory(csf=CsfFactory(goal=goal), name="Vage KPI", status=KpiStatus.PROPOSED)
    kpi_status_change(
        kpi=kpi,
        to_status=KpiStatus.REJECTED,
        actor=members["manager"],
        role="manager",
        reason="Maak het doel meetbaar: welk percentage?",
    )
    return Kpi.objects.get(pk=kpi.pk)


@pytest.mark.parametrize("role", EDITORS)
def test_the_wizard_form_of_a_rejected_kpi_starts_with_the_reason(client, members, rejected, role):
    client.force_login(members[role])
    html = client.get(reverse("planning:item_edit", args=["kpi", rejected.pk])).content.decode()
    assert "Maak het doel meetbaar: welk percentage?" in html
    assert f"Afgewezen door {escape(display_name(members['manager']))} op" in html
    form = html[html.index('<form id="kpi-form"') :]
    assert form.index("data-rejection") < form.index('name="name"')


def test_a_draft_kpi_form_shows_no_rejection(client, members, kpi):
    client.force_login(members["facilitator"])
    html = client.get(reverse("planning:item_edit", args=["kpi", kpi.pk])).content.decode()
    assert "data-rejection" not in html


def test_the_cards_fix_form_starts_with_the_reason(client, members, rejected):
    client.force_login(members["facilitator"])
    html = client.get(reverse("reviews:kpi_card", args=[rejected.pk])).content.decode()
    fix = html[html.index('id="fix"') :]
    assert fix.index("data-rejection") < fix.index("<form")
    assert "Maak het doel meetbaar: welk percentage?" in fix


@pytest.mark.parametrize("role", ["viewer", "participant", "manager"])
def test_only_those_who_fix_see_the_fix_box(client, members, rejected, role):
    client.force_login(members[role])
    html = client.get(reverse("reviews:kpi_card", args=[rejected.pk])).content.decode()
    assert 'id="fix"' not in html


def test_voor_mij_shows_why_a_kpi_was_rejected(client, members, rejected):
    client.force_login(members["facilitator"])
    html = client.get(reverse("reviews:inbox")).content.decode()
    assert "data-rejection-reason" in html
    assert f"Afgewezen door {escape(display_name(members['manager']))}:" in html
    assert "Maak het doel meetbaar: welk percentage?" in html


def test_voor_mij_queries_do_not_grow_with_the_rejections(client, members, strategy, rejected):
    client.force_login(members["facilitator"])
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reviews:inbox")).status_code == 200
        counts.append(len(queries))
        for n in range(4):
            kpi = KpiFactory(csf=rejected.csf, status=KpiStatus.PROPOSED, name=f"Nog een {n}")
            kpi_status_change(
                kpi=kpi,
                to_status=KpiStatus.REJECTED,
                actor=members["manager"],
                role="manager",
                reason=f"Reden {n}",
            )
    assert counts[0] == counts[1]


def test_use_replaces_a_field_left_at_its_default(client, members, strategy, two_csfs, template):
    """A new KPI form starts at "higher is better", which nobody chose, so the
    template's direction replaces it, and it is not reported as kept."""
    _first, second = two_csfs
    template.direction = "lower"
    template.save()
    client.force_login(members["facilitator"])
    data = typed(second, direction="higher", use_template=str(template.pk))
    html = client.post(kpis_url(strategy), data).content.decode()
    assert selected(html, "direction") == "lower"
    assert "Wat je zelf had ingevuld bij naam, is gebleven." in html  # not the direction
