"""Export an approved version as JSON, import it elsewhere: the same tree comes back."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import Kpi, KpiMilestone
from kpiplanner.interchange.reading import read_kpi_set
from kpiplanner.interchange.services import kpi_set_import
from kpiplanner.reviews.services import kpi_set_approve
from kpiplanner.reviews.snapshot import approved_tree
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory, UserFactory

from .conftest import ODD, SCRIPT, comparable, export, file_bytes, snapshot_of

pytestmark = pytest.mark.django_db


def test_json_round_trip_gives_an_equal_tree(varied, other_organisation, members):
    # Both owners are members of the target organisation too, so every owner is found.
    other_organisation.memberships.create(user=members["facilitator"], role="viewer")
    data = read_kpi_set(file_bytes(export(varied)))
    result = kpi_set_import(data=data, organisation=other_organisation, user=members["admin"])
    copy = snapshot_of(result.strategy)
    # What comes back is the approved set (the rejected KPI is listed apart, not imported), under
    # a name that says it is an import.
    approved = {**varied.snapshot, "goals": approved_tree(varied.snapshot)}
    approved["counts"] = {**approved["counts"], "kpis": 4}
    name = varied.snapshot["strategy"]["name"]
    assert copy["strategy"]["name"].startswith(f"{name} (import ")
    copy["strategy"]["name"] = name
    assert comparable(copy) == comparable(approved)
    # The comparison is not vacuous: the tree is the varied one, with its nesting and odd text.
    assert [(g["title"], g["parent"]) for g in comparable(copy)["goals"]] == [
        ("Minder klanten zeggen op", None),
        ("Verloop 2026 onder 3%", 0),
        ("Doel zonder succesfactor", None),
        ("Q1: opzeggers bellen", 1),
    ]
    assert copy["strategy"]["mission"] == ODD
    assert copy["counts"] == {"goals": 4, "csfs": 3, "kpis": 4, "approved_kpis": 0}


def test_import_makes_new_rows_in_the_target_organisation_only(
    varied, organisation, other_organisation
):
    before = {model: model.objects.count() for model in (Goal, CriticalSuccessFactor, Kpi)}
    result = kpi_set_import(data=export(varied), organisation=other_organisation)
    strategy = result.strategy
    assert strategy.organisation == other_organisation
    assert strategy.pk != varied.strategy_id
    assert Goal.objects.count() == before[Goal] * 2
    assert Kpi.objects.count() == before[Kpi] * 2 - 1  # the rejected KPI stays behind
    assert not Goal.objects.filter(strategy=strategy, pk__in=_ids(varied, "goal")).exists()
    # The source strategy is untouched.
    assert Strategy.objects.filter(organisation=organisation).count() == 1


def _ids(version, kind):
    goals = version.snapshot["goals"]
    if kind == "goal":
        return [g["id"] for g in goals]
    return [k["id"] for g in goals for c in g["csfs"] for k in c["kpis"]]


def test_parent_links_point_into_the_new_tree(varied, other_organisation):
    strategy = kpi_set_import(data=export(varied), organisation=other_organisation).strategy
    goals = {goal.title: goal for goal in Goal.objects.filter(strategy=strategy)}
    assert goals["Verloop 2026 onder 3%"].parent == goals["Minder klanten zeggen op"]
    assert goals["Q1: opzeggers bellen"].parent == goals["Verloop 2026 onder 3%"]
    assert goals["Doel zonder succesfactor"].parent is None


def test_every_kpi_starts_as_a_draft(varied, other_organisation):
    strategy = kpi_set_import(data=export(varied), organisation=other_organisation).strategy
    statuses = set(
        Kpi.objects.filter(csf__goal__strategy=strategy).values_list("status", flat=True)
    )
    assert statuses == {"draft"}


def test_owner_found_by_username_among_members(varied, other_organisation, owner):
    result = kpi_set_import(data=export(varied), organisation=other_organisation)
    kpi = Kpi.objects.get(csf__goal__strategy=result.strategy, name="Gemiddelde oplostijd")
    assert kpi.owner == owner and kpi.owner_accepted is True


def test_owner_who_is_not_a_member_is_reported_and_left_out(varied, other_organisation, members):
    """The facilitator of the source organisation is no member of the target one."""
    result = kpi_set_import(data=export(varied), organisation=other_organisation)
    name = members["facilitator"].get_full_name()
    assert result.missing_owners == [name]
    kpi = Kpi.objects.get(csf__goal__strategy=result.strategy, name=SCRIPT)
    assert kpi.owner is None
    # Nobody in this organisation has accepted it.
    assert kpi.owner_accepted is False


def test_owner_found_by_email_address(varied, other_organisation):
    data = export(varied)
    person = UserFactory(username="p.jansen", email="P.Jansen@Example.nl")
    other_organisation.memberships.create(user=person, role="viewer")
    data["goals"][0]["csfs"][0]["kpis"][0]["owner_username"] = "p.jansen@example.nl"
    result = kpi_set_import(data=data, organisation=other_organisation)
    kpi = Kpi.objects.get(csf__goal__strategy=result.strategy, name="Gemiddelde oplostijd")
    assert kpi.owner == person


def test_a_user_of_the_same_name_outside_the_organisation_is_not_made_owner(
    varied, other_organisation, members
):
    """`facilitator` exists as a user, but not in the target organisation."""
    strategy = kpi_set_import(data=export(varied), organisation=other_organisation).strategy
    assert not Kpi.objects.filter(csf__goal__strategy=strategy, owner=members["facilitator"])


def test_library_template_is_linked_by_slug_or_reported(varied, other_organisation):
    data = export(varied)
    data["goals"][0]["csfs"][0]["kpis"][1]["template_slug"] = "no-such-template"
    result = kpi_set_import(data=data, organisation=other_organisation)
    assert result.missing_templates == ["no-such-template"]
    kpis = {k.name: k for k in Kpi.objects.filter(csf__goal__strategy=result.strategy)}
    assert kpis["Gemiddelde oplostijd"].template.slug == "revenue-growth"
    assert kpis["Tevredenheid binnen de band"].template is None


def test_milestones_and_amounts_keep_every_digit(varied, other_organisation):
    strategy = kpi_set_import(data=export(varied), organisation=other_organisation).strategy
    kpi = Kpi.objects.get(csf__goal__strategy=strategy, name="Gemiddelde oplostijd")
    assert [(m.due_date, m.value) for m in kpi.milestones.all()] == [
        (datetime.date(2026, 12, 31), Decimal("12.5")),
        (datetime.date(2027, 1, 31), Decimal("11.0001")),
    ]
    big = Kpi.objects.get(csf__goal__strategy=strategy, name=SCRIPT)
    assert big.target_value == Decimal("12345678901.2345")
    assert big.baseline_value == Decimal("-250.75")


def test_siblings_with_the_same_order_keep_the_file_order(
    organisation, other_organisation, members
):
    strategy = StrategyFactory(organisation=organisation)
    goal = GoalFactory(strategy=strategy)
    csf = CsfFactory(goal=goal)
    names = ["Zeta", "Alfa", "Mu", "Beta"]
    for name in names:
        KpiFactory(csf=csf, name=name, order=0, status="approved")
    version = kpi_set_approve(strategy=strategy, approver=members["manager"])
    new = kpi_set_import(data=export(version), organisation=other_organisation).strategy
    kpis = snapshot_of(new)["goals"][0]["csfs"][0]["kpis"]
    assert [k["name"] for k in kpis] == names


def test_each_imported_kpi_has_a_first_history_record_by_the_importer(
    varied, other_organisation, members
):
    strategy = kpi_set_import(
        data=export(varied), organisation=other_organisation, user=members["admin"]
    ).strategy
    kpi = Kpi.objects.filter(csf__goal__strategy=strategy).first()
    record = kpi.history.get()
    assert (record.history_type, record.history_user) == ("+", members["admin"])


def test_milestones_are_counted_once(varied, other_organisation):
    kpi_set_import(data=export(varied), organisation=other_organisation)
    assert KpiMilestone.objects.count() == 4


TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    min_size=1,
    max_size=200,
).filter(str.strip)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=TEXT, statement=st.text(max_size=300).filter(lambda s: "\x00" not in s))
def test_any_storable_text_survives_the_round_trip(varied, other_organisation, name, statement):
    """Whatever Unicode a KPI holds, the imported copy holds exactly the same."""
    statement = statement.encode("utf-8", "ignore").decode("utf-8")
    data = export(varied)
    kpi = data["goals"][0]["csfs"][0]["kpis"][0]
    kpi["name"], kpi["statement"] = name, statement
    strategy = kpi_set_import(
        data=read_kpi_set(file_bytes(data)), organisation=other_organisation
    ).strategy
    copy = Kpi.objects.filter(csf__goal__strategy=strategy).order_by("order", "created_at")[0]
    assert (copy.name, copy.statement) == (name, statement)


def test_sixteen_digit_amounts_are_exact_where_the_database_keeps_them(varied, other_organisation):
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite keeps decimals as floats of about 15 digits")
    data = export(varied)
    data["goals"][0]["csfs"][0]["kpis"][0]["target_value"] = "123456789012.3456"
    data["goals"][0]["csfs"][0]["kpis"][0]["on_track_threshold"] = None
    data["goals"][0]["csfs"][0]["kpis"][0]["off_track_threshold"] = None
    data["goals"][0]["csfs"][0]["kpis"][0]["baseline_value"] = None
    strategy = kpi_set_import(data=data, organisation=other_organisation).strategy
    kpi = Kpi.objects.get(csf__goal__strategy=strategy, name="Gemiddelde oplostijd")
    assert kpi.target_value == Decimal("123456789012.3456")
