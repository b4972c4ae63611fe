"""The review page: the tree with SMART scores and health, filters, waiting list, query count."""

import pytest
from django.urls import reverse

from indicators.models import Kpi, KpiStatus
from kpiplanner.reviews.models import Comment
from tests.conftest import ROLES, build_tree
from tests.factories import CsfFactory, GoalFactory, KpiFactory, StrategyFactory, UserFactory

pytestmark = pytest.mark.django_db


def review_url(strategy, **params):
    url = reverse("reviews:strategy_review", args=[strategy.pk])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


@pytest.fixture
def tree(strategy):
    owner = UserFactory(first_name="Pieter", last_name="Jansen")
    goal = GoalFactory(strategy=strategy, title="Minder klanten zeggen op", perspective="customer")
    csf = CsfFactory(goal=goal, title="Snel oplossen")
    proposed = KpiFactory(csf=csf, name="Oplostijd", owner=owner, status="proposed")
    rejected = KpiFactory(csf=csf, name="Wachttijd", status="rejected")
    people = GoalFactory(strategy=strategy, title="Betrokken team", perspective="people")
    draft = KpiFactory(csf=CsfFactory(goal=people, title="Blijven"), name="Verzuim")
    return {"proposed": proposed, "rejected": rejected, "draft": draft, "goal": goal, "csf": csf}


def test_tree_shows_each_kpi_with_score_status_owner_and_target(client, members, strategy, tree):
    client.force_login(members["participant"])
    response = client.get(review_url(strategy))
    html = response.content.decode()
    for text in [
        "Minder klanten zeggen op",
        "Snel oplossen",
        "Oplostijd",
        "Pieter Jansen",
        "Voorgesteld",
        "Afgewezen",
        "Concept",
        "smart-score",
        "10\u00a0uur",
    ]:
        assert text in html, text
    assert reverse("reviews:kpi_card", args=[tree["proposed"].pk]) in html


def test_health_findings_link_to_their_node(client, members, strategy, tree):
    CsfFactory(goal=tree["goal"], title="Zonder KPI")
    client.force_login(members["participant"])
    response = client.get(review_url(strategy))
    findings = response.context["tree"].findings
    assert findings
    html = response.content.decode()
    for finding in findings:
        kind = finding.node_kind
        assert f'href="#{kind}-{finding.node_id}"' in html


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"status": "proposed"}, ["Oplostijd"], ["Wachttijd", "Verzuim", "Betrokken team"]),
        ({"perspective": "people"}, ["Verzuim"], ["Oplostijd", "Minder klanten zeggen op"]),
        ({"status": "nonsense"}, ["Oplostijd", "Verzuim"], []),
    ],
)
def test_filters_by_status_and_perspective(client, members, strategy, tree, params, shown, hidden):
    client.force_login(members["participant"])
    html = client.get(review_url(strategy, **params)).content.decode()
    section = html.split('id="review-tree"')[1].split("</section>")[0]
    for text in shown:
        assert text in section
    for text in hidden:
        assert text not in section


def test_filter_by_htmx_returns_only_the_tree(client, members, strategy, tree):
    client.force_login(members["participant"])
    response = client.get(
        review_url(strategy, status="proposed"),
        headers={"HX-Request": "true", "HX-Target": "review-tree"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="review-tree"')
    assert "Oplostijd" in html and "<html" not in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("role", "decide", "fix"),
    [
        ("manager", ["Oplostijd"], []),
        ("facilitator", [], ["Wachttijd"]),
        ("admin", ["Oplostijd"], ["Wachttijd"]),
        ("participant", [], []),
    ],
)
def test_waiting_for_me_depends_on_the_role(client, members, strategy, tree, role, decide, fix):
    client.force_login(members[role])
    waiting = client.get(review_url(strategy)).context["tree"].waiting
    assert [k.name for k in waiting.to_decide] == decide
    assert [k.name for k in waiting.rejected] == fix


def test_facilitator_sees_unanswered_comments_until_answered(client, members, strategy, tree):
    Comment.objects.create(
        strategy=strategy,
        goal=tree["goal"],
        author=members["manager"],
        author_role="manager",
        body="Waarom dit doel?",
    )
    client.force_login(members["facilitator"])
    waiting = client.get(review_url(strategy)).context["tree"].waiting
    assert [node for node, _thread in waiting.unanswered] == [tree["goal"]]
    Comment.objects.create(
        strategy=strategy,
        goal=tree["goal"],
        author=members["facilitator"],
        author_role="facilitator",
        body="Omdat klantverloop duur is.",
    )
    waiting = client.get(review_url(strategy)).context["tree"].waiting
    assert waiting.unanswered == []


def test_manager_gets_approve_buttons_participant_none(client, members, strategy, tree):
    status_url = reverse("reviews:kpi_status", args=[tree["proposed"].pk])
    approve_url = reverse("reviews:set_approve", args=[strategy.pk])
    client.force_login(members["manager"])
    html = client.get(review_url(strategy)).content.decode()
    # A KPI still waits for a decision: the set's approval is shown, not yet offered.
    assert status_url in html and "Goedkeuren als versie 1" in html and approve_url not in html
    for role in ("participant", "facilitator"):
        client.force_login(members[role])
        html = client.get(review_url(strategy)).content.decode()
        assert status_url not in html and "Goedkeuren als versie" not in html, role


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"viewer"}))
def test_every_role_but_a_viewer_reads_the_review_page(client, members, strategy, tree, role):
    client.force_login(members[role])
    assert client.get(review_url(strategy)).status_code == 200
    htmx = {"HX-Request": "true", "HX-Target": "review-tree"}
    assert client.get(review_url(strategy), headers=htmx).status_code == 200


def test_a_viewer_reads_no_review_page(client, members, strategy, tree):
    """The review tree shows drafts, proposals and comments: work in progress."""
    client.force_login(members["viewer"])
    assert client.get(review_url(strategy)).status_code == 403
    htmx = {"HX-Request": "true", "HX-Target": "review-tree"}
    assert client.get(review_url(strategy), headers=htmx).status_code == 403


def test_outsider_gets_404_and_anonymous_goes_to_login(client, outsider, strategy):
    assert client.get(review_url(strategy)).url.startswith(reverse("accounts:login"))
    client.force_login(outsider)
    assert client.get(review_url(strategy)).status_code == 404


def test_review_page_refuses_post(client, members, strategy):
    client.force_login(members["manager"])
    assert client.post(review_url(strategy)).status_code == 405


def test_user_text_is_escaped(client, members, strategy):
    GoalFactory(strategy=strategy, title="<script>alert(1)</script>")
    client.force_login(members["participant"])
    html = client.get(review_url(strategy)).content.decode()
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("size", [10, 300])
def test_query_count_does_not_grow_with_the_tree(
    client, members, organisation, django_assert_num_queries, size
):
    strategy = build_tree(StrategyFactory(organisation=organisation), kpis=size)
    kpis = Kpi.objects.filter(csf__goal__strategy=strategy)
    kpis.update(owner=UserFactory(), status=KpiStatus.PROPOSED)
    for kpi in kpis[:5]:
        Comment.objects.create(
            strategy=strategy, kpi=kpi, author=members["viewer"], author_role="viewer", body="Vraag"
        )
    client.force_login(members["admin"])
    # session, user, memberships, strategy, goals, CSFs, KPIs with owners and templates,
    # comments, last version (nothing to compare with it: these KPIs are undecided)
    with django_assert_num_queries(11):  # with the header's count of what waits
        response = client.get(review_url(strategy))
    assert response.context["tree"].kpi_total == size
