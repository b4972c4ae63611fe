"""The planning wizard: steps, resuming, permissions, inline editing, conflicts, submitting."""

import pytest
from django.urls import reverse

from csf.models import CriticalSuccessFactor
from goals.models import Goal, Strategy
from indicators.models import Kpi, KpiStatus
from kpiplanner.accounts.models import display_name
from kpiplanner.planning.models import Plan
from kpiplanner.planning.services import plan_submit
from kpiplanner.planning.wizard import Step
from kpiplanner.reviews.models import KpiTransition
from kpiplanner.reviews.services import kpi_set_approve
from tests.conftest import ROLES, build_tree
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
EDITORS = {"admin", "facilitator"}
READERS = set(ROLES) - EDITORS


def step_url(strategy, step):
    return reverse("planning:step", args=[strategy.pk, step])


@pytest.fixture
def complete_tree(strategy, members):
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    csf = CsfFactory(goal=goal, title="Snel oplossen")
    KpiFactory(csf=csf, owner=members["facilitator"], status=KpiStatus.DRAFT)
    KpiFactory(csf=csf, owner=members["facilitator"], status=KpiStatus.REJECTED)
    KpiFactory(csf=csf, owner=members["facilitator"], status=KpiStatus.APPROVED)
    return strategy


def goal_data(**overrides):
    return {
        "new-title": "Meer tevreden klanten",
        "new-perspective": "customer",
        "new-term": "long",
    } | overrides


# --- permission matrix ------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"viewer"}))
def test_every_member_but_a_viewer_reads_every_reachable_step(client, members, complete_tree, role):
    client.force_login(members[role])
    for step in Step:
        response = client.get(step_url(complete_tree, step))
        assert response.status_code == 200, step
        assert response.context["can_edit"] is (role in EDITORS)
        htmx = client.get(step_url(complete_tree, step), headers=HX)
        assert htmx.status_code == 200, step


def test_a_viewer_reads_no_plan(client, members, complete_tree):
    """A plan is work in progress: a viewer reads approved sets and progress only."""
    client.force_login(members["viewer"])
    goal = complete_tree.goals.first()
    urls = [
        reverse("planning:list"),
        reverse("planning:resume", args=[complete_tree.pk]),
        reverse("planning:library", args=[complete_tree.pk]),
        reverse("planning:item_edit", args=["goal", goal.pk]),
        *(step_url(complete_tree, step) for step in Step),
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.get(url, headers=HX).status_code == 403, url


@pytest.mark.parametrize("role", sorted(READERS))
def test_readers_get_403_on_every_write(client, members, complete_tree, role):
    client.force_login(members[role])
    goal = complete_tree.goals.first()
    csf = goal.csfs.first()
    kpi = csf.kpis.first()
    writes = [
        (reverse("planning:strategy_new"), {}),
        (step_url(complete_tree, "strategy"), {"name": "x"}),
        (step_url(complete_tree, "goals"), goal_data()),
        (step_url(complete_tree, "submit"), {}),
        (reverse("planning:item_edit", args=["goal", goal.pk]), {}),
        (reverse("planning:item_move", args=["csf", csf.pk]), {"direction": "up"}),
        (reverse("planning:item_delete", args=["kpi", kpi.pk]), {}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("planning:strategy_new")).status_code == 403
    assert client.get(reverse("planning:item_edit", args=["goal", goal.pk])).status_code == 403
    assert Kpi.objects.filter(pk=kpi.pk).exists()


def test_outsider_gets_404_everywhere(client, outsider, complete_tree):
    client.force_login(outsider)
    goal = complete_tree.goals.first()
    urls = [
        step_url(complete_tree, "goals"),
        reverse("planning:resume", args=[complete_tree.pk]),
        reverse("planning:library", args=[complete_tree.pk]),
        reverse("planning:item_edit", args=["goal", goal.pk]),
        reverse("planning:item_delete", args=["goal", goal.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(step_url(complete_tree, "goals"), goal_data()).status_code == 404
    assert client.post(reverse("planning:item_move", args=["goal", goal.pk])).status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_anonymous_is_sent_to_login(client, complete_tree):
    goal = complete_tree.goals.first()
    for url in [
        reverse("planning:list"),
        reverse("planning:strategy_new"),
        step_url(complete_tree, "kpis"),
        reverse("planning:item_edit", args=["goal", goal.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_unknown_step_or_kind_is_404(client, members, strategy):
    client.force_login(members["admin"])
    assert client.get(step_url(strategy, "bogus")).status_code == 404
    goal = GoalFactory(strategy=strategy)
    assert client.get(f"/plans/bogus/{goal.pk}/edit/").status_code == 404


@pytest.mark.parametrize("template", ["²", "٣", "1²", "9" * 30, "-1", " 1"])
def test_odd_template_numbers_show_an_empty_kpi_form(client, members, complete_tree, template):
    client.force_login(members["admin"])
    response = client.get(step_url(complete_tree, Step.KPIS), {"template": template})
    assert response.status_code == 200


def test_an_odd_milestone_count_adds_no_row_and_gives_no_500(client, members, complete_tree):
    client.force_login(members["admin"])
    data = {"action": "add_milestone", "milestones-TOTAL_FORMS": "²"}
    assert client.post(step_url(complete_tree, Step.KPIS), data).status_code == 200


# --- starting, steps and resuming ----------------------------------------------------------


def test_facilitator_starts_a_strategy_and_lands_on_goals(client, members, organisation):
    client.force_login(members["facilitator"])
    response = client.post(
        reverse("planning:strategy_new"),
        {"name": "Groei", "horizon_start_year": 2027, "horizon_end_year": 2030},
    )
    strategy = Strategy.objects.get(name="Groei")
    assert strategy.organisation == organisation
    assert response.url == step_url(strategy, "goals")
    assert strategy.plan.current_step == Step.GOALS


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (2027, 2026, "laatste jaar"),
        (2015, 2020, "al voorbij"),
        (2027, 2045, "tien jaar"),
        (1999, 2027, "2000"),
        ("twintig", 2027, "geheel getal"),
    ],
)
def test_bad_horizon_is_refused_with_a_dutch_message(client, members, start, end, message):
    client.force_login(members["facilitator"])
    data = {"name": "Groei", "horizon_start_year": start, "horizon_end_year": end}
    response = client.post(reverse("planning:strategy_new"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Strategy.objects.filter(name="Groei").exists()


def test_later_step_redirects_to_the_first_step_that_needs_work(client, members, strategy):
    client.force_login(members["participant"])
    response = client.get(step_url(strategy, "validation"))
    assert response.url == step_url(strategy, "goals")
    GoalFactory(strategy=strategy)
    assert client.get(step_url(strategy, "kpis")).url == step_url(strategy, "csfs")


def test_validation_blocks_submit_until_every_kpi_is_complete(client, members, complete_tree):
    Kpi.objects.filter(csf__goal__strategy=complete_tree).update(data_source="")
    client.force_login(members["facilitator"])
    assert client.get(step_url(complete_tree, "submit")).url == step_url(
        complete_tree, "validation"
    )
    page = client.get(step_url(complete_tree, "validation")).content.decode()
    assert 'data-missing="data_source"' in page


def test_resume_opens_the_step_where_the_plan_was_left(client, members, complete_tree):
    Plan.objects.create(strategy=complete_tree, current_step=Step.KPIS)
    client.force_login(members["participant"])
    response = client.get(reverse("planning:resume", args=[complete_tree.pk]))
    assert response.url == step_url(complete_tree, "kpis")


def test_next_saves_the_typed_goal_and_moves_on(client, members, strategy):
    client.force_login(members["facilitator"])
    response = client.post(step_url(strategy, "goals"), goal_data(nav="next"))
    assert Goal.objects.filter(strategy=strategy, title="Meer tevreden klanten").exists()
    assert response.url == step_url(strategy, "csfs")
    assert Plan.objects.get(strategy=strategy).current_step == Step.CSFS


def test_next_with_an_invalid_goal_keeps_the_input_on_screen(client, members, strategy):
    client.force_login(members["facilitator"])
    data = goal_data(nav="next", **{"new-perspective": "nonsense"})
    response = client.post(step_url(strategy, "goals"), data)
    assert response.status_code == 200
    assert "Meer tevreden klanten" in response.content.decode()
    assert not Goal.objects.exists()


def test_next_on_an_unfinished_step_stays_and_explains(client, members, strategy):
    client.force_login(members["facilitator"])
    response = client.post(step_url(strategy, "goals"), {"nav": "next"}, follow=True)
    assert response.redirect_chain[-1][0] == step_url(strategy, "goals")
    assert "Voeg minstens één doel toe" in response.content.decode()


def test_htmx_add_returns_the_list_and_htmx_next_redirects_client_side(client, members, strategy):
    client.force_login(members["facilitator"])
    response = client.post(step_url(strategy, "goals"), goal_data(), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "Meer tevreden klanten" in html
    response = client.post(step_url(strategy, "goals"), {"nav": "next"}, headers=HX)
    assert response.headers["HX-Redirect"] == step_url(strategy, "csfs")


def test_htmx_add_refreshes_the_progress_bar_out_of_band(client, members, strategy):
    client.force_login(members["facilitator"])
    page = client.get(step_url(strategy, "goals")).content.decode()
    assert 'is-locked" data-step="csfs"' in page and 'hx-swap-oob="true"' not in page
    html = client.post(step_url(strategy, "goals"), goal_data(), headers=HX).content.decode()
    # The add form itself is replaced: emptied for the next goal.
    assert '<form id="add-form" method="post"' in html and "hx-preserve" not in html
    progress = html[html.index('<nav id="wizard-progress"') :]
    assert 'hx-swap-oob="true"' in progress
    # The first goal makes the CSF step reachable: its link appears in the refreshed bar.
    assert 'is-locked" data-step="csfs"' not in progress
    assert f'href="{step_url(strategy, "csfs")}"' in progress


@pytest.mark.parametrize("size", [3, 30])
def test_kpi_step_queries_do_not_grow_with_the_tree(
    client, members, organisation, django_assert_num_queries, size
):
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
    client.force_login(members["facilitator"])
    # session, user, memberships, strategy+plan, goals, CSFs, KPIs+owners, CSF choices,
    # owner choices, library, deletions that can be undone
    with django_assert_num_queries(13):  # with the header's count of what waits
        response = client.get(step_url(strategy, "kpis"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_validation_step_queries_do_not_grow_with_the_tree(
    client, members, organisation, django_assert_num_queries, size
):
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
    Kpi.objects.update(owner=members["admin"])
    client.force_login(members["participant"])
    with django_assert_num_queries(8):  # with the header's count of what waits
        response = client.get(step_url(strategy, "validation"))
    assert response.status_code == 200


# --- inline editing, moving, deleting ----------------------------------------------------


def test_htmx_edit_form_and_save_return_only_the_row(client, members, strategy):
    goal = GoalFactory(strategy=strategy, title="Oud")
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["goal", goal.pk])
    form = client.get(url, headers=HX).content.decode()
    assert "<html" not in form and f'name="{goal.pk}-version"' in form
    data = {
        f"{goal.pk}-title": "Nieuw",
        f"{goal.pk}-perspective": "customer",
        f"{goal.pk}-term": "long",
        f"{goal.pk}-version": goal.version,
    }
    response = client.post(url, data, headers=HX)
    html = response.content.decode()
    assert "Nieuw" in html and f'name="{goal.pk}-title"' not in html
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Nieuw", 2)


def test_plain_edit_redirects_back_to_the_step(client, members, strategy):
    csf = CsfFactory(goal=GoalFactory(strategy=strategy))
    client.force_login(members["admin"])
    url = reverse("planning:item_edit", args=["csf", csf.pk])
    assert client.get(url).status_code == 200
    data = {f"{csf.pk}-goal": csf.goal_id, f"{csf.pk}-title": "Beter", f"{csf.pk}-version": 1}
    response = client.post(url, data)
    assert response.url == step_url(strategy, "csfs") + f"#csf-{csf.pk}"


def test_second_save_of_the_same_goal_is_refused_and_keeps_the_text(client, members, strategy):
    goal = GoalFactory(strategy=strategy, title="Begin")
    client.force_login(members["facilitator"])
    url = reverse("planning:item_edit", args=["goal", goal.pk])

    def data(title):
        return {
            f"{goal.pk}-title": title,
            f"{goal.pk}-perspective": "customer",
            f"{goal.pk}-term": "long",
            f"{goal.pk}-version": 1,
        }

    client.post(url, data("Eerste versie"))
    response = client.post(url, data("Tweede versie"), headers=HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "iemand anders" in html.lower()
    assert "Tweede versie" in html
    goal.refresh_from_db()
    assert goal.title == "Eerste versie"


def test_strategy_step_conflict_is_refused(client, members, strategy):
    client.force_login(members["facilitator"])
    data = {
        "name": "Mijn naam",
        "horizon_start_year": 2026,
        "horizon_end_year": 2028,
        "version": strategy.version,
    }
    Strategy.objects.filter(pk=strategy.pk).update(version=5)
    response = client.post(step_url(strategy, "strategy"), data)
    assert response.status_code == 200
    assert "Mijn naam" in response.content.decode()
    strategy.refresh_from_db()
    assert strategy.name == "Klanten behouden"


def test_move_swaps_neighbours_htmx_and_plain(client, members, strategy):
    first = GoalFactory(strategy=strategy, title="Eerste", order=0)
    second = GoalFactory(strategy=strategy, title="Tweede", order=1)
    client.force_login(members["facilitator"])
    url = reverse("planning:item_move", args=["goal", second.pk])
    response = client.post(url, {"direction": "up"}, headers=HX)
    html = response.content.decode()
    assert html.index("Tweede") < html.index("Eerste")
    response = client.post(url, {"direction": "down"})
    assert response.status_code == 302
    assert list(strategy.goals.values_list("title", flat=True)) == ["Eerste", "Tweede"]
    assert client.post(url, {"direction": "sideways"}).status_code == 400
    first.refresh_from_db()


def test_delete_asks_for_confirmation_without_js_and_deletes_on_post(client, members, strategy):
    goal = GoalFactory(strategy=strategy, title="Weg ermee")
    CsfFactory(goal=goal)
    client.force_login(members["facilitator"])
    url = reverse("planning:item_delete", args=["goal", goal.pk])
    page = client.get(url).content.decode()
    assert "Weg ermee" in page and "10 minuten ongedaan maken" in page
    assert Goal.objects.filter(pk=goal.pk).exists()
    html = client.post(url, headers=HX).content.decode()
    assert 'id="items"' in html and f'id="goal-{goal.pk}"' not in html
    assert not CriticalSuccessFactor.objects.exists()


def test_csf_for_a_foreign_goal_is_a_form_error(client, members, strategy):
    foreign_goal = GoalFactory()
    client.force_login(members["facilitator"])
    data = {"new-goal": foreign_goal.pk, "new-title": "Sluiproute"}
    response = client.post(step_url(strategy, "csfs"), data)
    # The strategy has no goals, so the CSF step is not reachable yet.
    assert response.status_code == 302
    GoalFactory(strategy=strategy)
    response = client.post(step_url(strategy, "csfs"), data)
    assert response.status_code == 200
    assert "Kies een van de doelen" in response.content.decode()
    assert not CriticalSuccessFactor.objects.exists()


def test_goal_period_in_the_past_and_huge_text_are_refused(client, members, strategy):
    client.force_login(members["facilitator"])
    data = goal_data(**{"new-period_end": "2001-01-01", "new-description": "x" * 100_000})
    html = client.post(step_url(strategy, "goals"), data).content.decode()
    assert "in het verleden" in html
    assert "niet meer dan 2000 tekens" in html
    assert not Goal.objects.exists()


# --- submitting ---------------------------------------------------------------------------


def test_submit_proposes_draft_and_rejected_kpis_only(client, members, complete_tree):
    client.force_login(members["facilitator"])
    response = client.post(step_url(complete_tree, "submit"))
    assert response.url == step_url(complete_tree, "submit")
    statuses = sorted(Kpi.objects.values_list("status", flat=True))
    assert statuses == ["approved", "proposed", "proposed"]
    plan = Plan.objects.get(strategy=complete_tree)
    assert plan.submitted_by == members["facilitator"] and plan.submitted_at


def test_submit_records_each_change_with_who_and_when(client, members, complete_tree):
    client.force_login(members["facilitator"])
    client.post(step_url(complete_tree, "submit"))
    changes = KpiTransition.objects.filter(kpi__csf__goal__strategy=complete_tree)
    assert sorted((c.from_status, c.to_status, c.by.username) for c in changes) == [
        ("draft", "proposed", "facilitator"),
        ("rejected", "proposed", "facilitator"),
    ]
    assert all(c.at for c in changes)
    # The KPI card's timeline shows the submission, by whom.
    kpi = changes.get(from_status="rejected").kpi
    client.force_login(members["manager"])
    html = client.get(reverse("reviews:kpi_card", args=[kpi.pk])).content.decode()
    assert "Afgewezen → Voorgesteld" in html


def test_submitting_says_what_was_submitted_with_dutch_plurals(client, members, complete_tree):
    client.force_login(members["facilitator"])
    response = client.post(step_url(complete_tree, "submit"), follow=True)
    html = response.content.decode()
    assert "Het plan is ingediend. 1 concept-KPI ligt nu ter beoordeling voor." in html
    assert "1 afgewezen KPI ligt opnieuw ter beoordeling voor." in html
    # The step now says where the set stands, who submitted and that nothing waits to be sent.
    assert "Ter beoordeling: 2 KPI's" in html
    who = display_name(members["facilitator"])
    assert "Laatst ingediend ter beoordeling op" in html and f"door {who}." in html
    assert 'data-to-submit="0"' in html and "Opnieuw indienen" not in html
    # Submitting again with nothing new says so instead of "0 KPIs".
    html = client.post(step_url(complete_tree, "submit"), follow=True).content.decode()
    assert "Niets nieuws in te dienen" in html and " 0 " not in html.split("Niets nieuws")[0][-20:]


def test_submitting_again_counts_the_rejected_and_new_kpis(client, members, complete_tree):
    plan_submit(strategy=complete_tree, user=members["facilitator"])
    csf = complete_tree.goals.first().csfs.first()
    Kpi.objects.filter(csf=csf, status="proposed").update(status="rejected")
    KpiFactory.create_batch(2, csf=csf, owner=members["facilitator"], status="draft")
    client.force_login(members["admin"])
    page = client.get(step_url(complete_tree, "submit")).content.decode()
    assert "Indienen legt 2 concept-KPI's aan de managers voor." in page
    assert "Indienen legt 2 afgewezen KPI's opnieuw aan de managers voor." in page
    assert "Opnieuw indienen" in page
    html = client.post(step_url(complete_tree, "submit"), follow=True).content.decode()
    assert (
        "Het plan is opnieuw ingediend. 2 concept-KPI&#x27;s liggen nu ter beoordeling voor. "
        "2 afgewezen KPI&#x27;s liggen opnieuw ter beoordeling voor."
    ) in html
    client.cookies["django_language"] = "en"
    one = Kpi.objects.filter(csf=csf, status="proposed").first()
    Kpi.objects.filter(pk=one.pk).update(status="rejected")
    html = client.post(step_url(complete_tree, "submit"), follow=True).content.decode()
    assert "The plan is submitted again. 1 rejected KPI is proposed again." in html


def test_htmx_submit_redirects_client_side(client, members, complete_tree):
    client.force_login(members["facilitator"])
    response = client.post(step_url(complete_tree, "submit"), headers=HX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == step_url(complete_tree, "submit")


def test_plan_submit_refuses_an_incomplete_plan(complete_tree):
    from django.core.exceptions import ValidationError

    Kpi.objects.update(owner=None)
    with pytest.raises(ValidationError):
        plan_submit(strategy=complete_tree, user=UserFactory())
    assert not Kpi.objects.filter(status="proposed").exists()


def test_plan_list_shows_where_each_plan_stands(client, members, complete_tree):
    Plan.objects.create(strategy=complete_tree, current_step=Step.KPIS)
    client.force_login(members["participant"])
    html = client.get(reverse("planning:list")).content.decode()
    assert complete_tree.name in html and "KPI&#x27;s" in html
    assert "Nieuwe strategie" not in html
    # One draft, one rejected, one approved KPI: no version yet, nothing under review.
    assert 'data-strategy-state="draft"' in html and "1 KPI afgewezen" in html
    assert "Verder bij" in html


def test_plan_list_says_under_review_with_the_count_and_approved_as_version_n(
    client, members, complete_tree
):
    plan_submit(strategy=complete_tree, user=members["facilitator"])
    client.force_login(members["facilitator"])
    html = client.get(reverse("planning:list")).content.decode()
    assert 'data-strategy-state="review"' in html and "Ter beoordeling: 2 KPI's" in html
    Kpi.objects.filter(csf__goal__strategy=complete_tree).update(status="approved")
    kpi_set_approve(strategy=complete_tree, approver=members["manager"])
    html = client.get(reverse("planning:list")).content.decode()
    assert 'data-strategy-state="approved"' in html and "Goedgekeurd als versie 1" in html
    client.cookies["django_language"] = "en"
    html = client.get(reverse("planning:list")).content.decode()
    assert "Approved as version 1" in html


def test_plan_list_queries_do_not_grow_with_the_strategies(
    client, members, organisation, django_assert_num_queries
):
    client.force_login(members["facilitator"])
    for size in (2, 12):
        for _ in range(size - StrategyFactory._meta.model.objects.count()):
            build_tree(StrategyFactory(organisation=organisation), kpis=3)
        # session, user, memberships, strategies with plans, counts and versions
        with django_assert_num_queries(6):  # with the header's count of what waits
            response = client.get(reverse("planning:list"))
        assert len(response.context["rows"]) == size
