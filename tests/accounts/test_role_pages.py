"""Roles as PRODUCT.md describes them, page by page (issue 19, point 8).

- A viewer reads approved sets and progress: the dashboard, the strategy page (approved KPIs
  only), the approved versions, their comparison and exports. Not the work in progress: the
  wizard and plan list, the review tree, KPI cards and comments (403).
- Participants and viewers see no review, approve or plan buttons.
- Every page: another organisation's member gets 404, an anonymous visitor the login page;
  plain and htmx requests alike.
"""

import pytest
from django.urls import reverse

from indicators.models import Kpi
from kpiplanner.reviews.services import kpi_set_approve
from tests.conftest import ROLES
from tests.factories import CsfFactory, GoalFactory, KpiFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
PUBLISHED = "published"  # every member reads it
WORK = "work"  # everyone but a viewer reads it


@pytest.fixture
def tree(strategy, members):
    """Version 1 with one approved KPI; since then a draft KPI under a new goal."""
    goal = GoalFactory(strategy=strategy, title="Minder klantverloop")
    csf = CsfFactory(goal=goal, title="Snel oplossen")
    approved = KpiFactory(
        csf=csf, name="Oplostijd", status="approved", owner=members["facilitator"]
    )
    kpi_set_approve(strategy=strategy, approver=members["manager"])
    draft_goal = GoalFactory(strategy=strategy, title="Geheim conceptdoel")
    draft = KpiFactory(
        csf=CsfFactory(goal=draft_goal),
        name="Conceptmeting",
        status="draft",
        owner=members["facilitator"],
    )
    return {"strategy": strategy, "goal": goal, "csf": csf, "approved": approved, "draft": draft}


def pages(tree) -> list[tuple[str, str]]:
    strategy = tree["strategy"]
    kpi = tree["draft"]
    return [
        (reverse("dashboard"), PUBLISHED),
        (strategy.get_absolute_url(), PUBLISHED),
        (reverse("reviews:version_list", args=[strategy.pk]), PUBLISHED),
        (reverse("reviews:version_detail", args=[strategy.pk, 1]), PUBLISHED),
        (reverse("reviews:version_compare", args=[strategy.pk]), PUBLISHED),
        (reverse("interchange:version_json", args=[strategy.pk, 1]), PUBLISHED),
        (reverse("interchange:version_csv", args=[strategy.pk, 1]), PUBLISHED),
        (reverse("planning:list"), WORK),
        (reverse("planning:step", args=[strategy.pk, "goals"]), WORK),
        (reverse("planning:step", args=[strategy.pk, "submit"]), WORK),
        (reverse("reviews:strategy_review", args=[strategy.pk]), WORK),
        (reverse("reviews:kpi_card", args=[kpi.pk]), WORK),
        (reverse("reviews:kpi_card", args=[tree["approved"].pk]), WORK),
        (reverse("reviews:comments", args=["goal", tree["goal"].pk]), WORK),
        (reverse("reviews:comments", args=["kpi", kpi.pk]), WORK),
    ]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_what_is_theirs(client, members, tree, role, htmx):
    client.force_login(members[role])
    for url, kind in pages(tree):
        expected = 403 if role == "viewer" and kind == WORK else 200
        response = client.get(url, headers=HX if htmx else {})
        assert response.status_code == expected, (url, role)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_another_organisation_gets_404_and_anonymous_the_login(client, outsider, tree, htmx):
    headers = HX if htmx else {}
    for url, _kind in pages(tree)[1:]:  # the dashboard is everyone's own
        response = client.get(url, headers=headers)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), (
            url
        )
    client.force_login(outsider)
    for url, _kind in pages(tree):
        if url in (reverse("dashboard"), reverse("planning:list")):
            continue  # the outsider's own organisation's lists
        assert client.get(url, headers=headers).status_code == 404, url


def test_a_viewer_reads_the_approved_kpis_of_the_strategy_only(client, members, tree):
    client.force_login(members["viewer"])
    html = client.get(tree["strategy"].get_absolute_url()).content.decode()
    assert "Oplostijd" in html and "Minder klantverloop" in html
    assert "Conceptmeting" not in html and "Geheim conceptdoel" not in html
    # The approved set is one click away.
    version_url = reverse("reviews:version_detail", args=[tree["strategy"].pk, 1])
    assert f'href="{version_url}"' in html
    # The version pages lead a viewer back to the strategy page, not the review.
    html = client.get(version_url).content.decode()
    review_url = reverse("reviews:strategy_review", args=[tree["strategy"].pk])
    assert f'href="{review_url}"' not in html
    assert f'href="{tree["strategy"].get_absolute_url()}"' in html


def test_a_viewer_of_a_strategy_without_approved_kpis_is_told_so(client, members, strategy):
    KpiFactory(csf=CsfFactory(goal=GoalFactory(strategy=strategy)), name="Conceptmeting")
    client.force_login(members["viewer"])
    html = client.get(strategy.get_absolute_url()).content.decode()
    assert "Conceptmeting" not in html
    assert "Nog geen enkele KPI van deze strategie is goedgekeurd." in html


def test_the_viewers_strategy_page_queries_do_not_grow(
    client, members, tree, django_assert_num_queries
):
    client.force_login(members["viewer"])
    csf = tree["csf"]
    for size in (3, 30):
        KpiFactory.create_batch(size, csf=csf, status="approved")
        KpiFactory.create_batch(size, csf=csf, status="proposed")
        # session, user, memberships, strategy, goals, CSFs, KPIs, milestones, measurements,
        # open workshops
        with django_assert_num_queries(11):  # with the header's count of what waits
            response = client.get(tree["strategy"].get_absolute_url())
        approved = Kpi.objects.filter(csf=csf, status="approved").count()
        assert response.context["kpi_count"] == approved


REVIEW_BUTTON = "reviews:strategy_review"
PLAN_BUTTONS = ("planning:list", "planning:strategy_new", "interchange:import")


@pytest.mark.parametrize(
    ("role", "review", "plan"),
    [
        ("admin", True, True),
        ("facilitator", True, True),
        ("manager", True, False),
        ("participant", False, False),
        ("viewer", False, False),
    ],
)
def test_review_and_plan_buttons_by_role(client, members, tree, role, review, plan):
    strategy = tree["strategy"]
    client.force_login(members[role])
    dashboard = client.get(reverse("dashboard")).content.decode()
    page = client.get(strategy.get_absolute_url()).content.decode()
    review_href = f'href="{reverse(REVIEW_BUTTON, args=[strategy.pk])}"'
    assert (review_href in page) is review
    assert (f'href="{reverse("planning:resume", args=[strategy.pk])}"' in page) is plan
    assert (f'href="{reverse("workshops:new", args=[strategy.pk])}"' in page) is plan
    for name in PLAN_BUTTONS:
        assert (f'href="{reverse(name)}"' in dashboard) is plan, name
    inbox = f'href="{reverse("reviews:inbox")}"'
    assert (inbox in dashboard) is (review and role != "participant")
