"""Rejecting a KPI from the review tree: the reason form in place (htmx) and without JavaScript."""

import pytest
from django.urls import reverse

from kpiplanner.reviews.models import Comment, KpiTransition
from tests.factories import KpiFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
REASON = "Maak het meetbaar: van 6 naar 3 minuten, met een deadline."


@pytest.fixture
def proposed(kpi):
    kpi.status = "proposed"
    kpi.save()
    return kpi


def reject_url(kpi):
    return reverse("reviews:kpi_reject", args=[kpi.pk])


def post_reject(client, kpi, reason, *, htmx=False, version=None, next_="review"):
    data = {"to_status": "rejected", "version": version or kpi.version, "reason": reason}
    if next_:
        data["next"] = next_
    return client.post(
        reverse("reviews:kpi_status", args=[kpi.pk]), data, headers=HTMX if htmx else {}
    )


# --- the form ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "code"),
    [("admin", 200), ("manager", 200), ("facilitator", 403), ("participant", 403), ("viewer", 403)],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_reject_form_permission_matrix(client, members, proposed, role, code, htmx):
    client.force_login(members[role])
    response = client.get(reject_url(proposed), headers=HTMX if htmx else {})
    assert response.status_code == code


def test_reject_form_hidden_from_outsider_and_anonymous(client, outsider, proposed):
    assert client.get(reject_url(proposed)).url.startswith(reverse("accounts:login"))
    client.force_login(outsider)
    assert client.get(reject_url(proposed)).status_code == 404
    assert client.get(reject_url(proposed), headers=HTMX).status_code == 404


def test_reject_form_of_a_missing_kpi_is_404_and_post_is_refused(client, members, proposed):
    client.force_login(members["manager"])
    missing = reverse("reviews:kpi_reject", args=["6f1c1f4e-0000-4000-8000-000000000000"])
    assert client.get(missing).status_code == 404
    assert client.post(reject_url(proposed)).status_code == 405


def test_htmx_gets_only_the_form_posting_in_place(client, members, proposed):
    client.force_login(members["manager"])
    response = client.get(reject_url(proposed), headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith("<form")
    assert f'hx-post="{reverse("reviews:kpi_status", args=[proposed.pk])}"' in html
    assert 'hx-target="closest .review-kpi"' in html
    assert 'name="reason"' in html and "Reden van afwijzing" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_plain_get_is_a_page_with_a_plain_form(client, members, proposed):
    client.force_login(members["manager"])
    html = client.get(reject_url(proposed)).content.decode()
    assert "<html" in html and "Gemiddelde oplostijd" in html
    assert 'method="post"' in html and "hx-post" not in html
    assert 'name="next" value="review"' in html


def test_tree_links_to_the_form_with_and_without_htmx(client, members, proposed):
    client.force_login(members["manager"])
    review = reverse("reviews:strategy_review", args=[proposed.csf.goal.strategy_id])
    html = client.get(review).content.decode()
    url = reject_url(proposed)
    assert f'href="{url}" hx-get="{url}" hx-target="next .decision-slot"' in html


@pytest.mark.parametrize("status", ["draft", "approved", "rejected"])
def test_form_for_a_kpi_that_is_not_proposed_explains_why(client, members, kpi, status):
    kpi.status = status
    kpi.save()
    client.force_login(members["manager"])
    page = client.get(reject_url(kpi)).content.decode()
    assert "Je kunt alleen een voorgestelde KPI afwijzen" in page
    assert 'name="reason"' not in page
    # In the tree, the whole node is redrawn with its real status.
    response = client.get(reject_url(kpi), headers=HTMX)
    assert response.headers["HX-Retarget"] == f"#kpi-{kpi.pk}"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "Je kunt alleen een voorgestelde KPI afwijzen" in response.content.decode()


# --- rejecting -----------------------------------------------------------------------------


def test_htmx_reject_redraws_the_node_with_the_reason_as_comment(client, members, proposed):
    client.force_login(members["manager"])
    response = post_reject(client, proposed, REASON, htmx=True)
    html = response.content.decode()
    proposed.refresh_from_db()
    assert proposed.status == "rejected"
    comment = Comment.objects.get(kpi=proposed)
    assert comment.body == REASON and comment.transition.to_status == "rejected"
    assert html.lstrip().startswith('<div class="node node-kpi review-kpi status-rejected"')
    assert "Afgewezen" in html and REASON in html and "comment-reason" in html
    assert 'id="set-panel"' in html and 'hx-swap-oob="true"' in html
    assert "<html" not in html


def test_plain_reject_from_the_tree_goes_back_to_the_node(client, members, proposed):
    client.force_login(members["manager"])
    response = post_reject(client, proposed, REASON)
    strategy = proposed.csf.goal.strategy
    assert response.url == (
        reverse("reviews:strategy_review", args=[strategy.pk]) + f"#kpi-{proposed.pk}"
    )
    proposed.refresh_from_db()
    assert proposed.status == "rejected"
    assert Comment.objects.get(kpi=proposed).body == REASON
    page = client.get(response.url).content.decode()
    assert "is nu afgewezen" in page


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Geef aan waarom je deze KPI afwijst"),
        ("   \n ", "Geef aan waarom je deze KPI afwijst"),
        ("x" * 100_000, "Houd de reden onder de 2000 tekens (nu 100000)"),
    ],
)
def test_bad_reason_is_refused_in_dutch_and_keeps_the_text(
    client, members, proposed, reason, message, htmx
):
    client.force_login(members["manager"])
    response = post_reject(client, proposed, reason, htmx=htmx)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'aria-invalid="true"' in html and 'name="reason"' in html
    if reason.strip():
        assert reason in html  # all 100 kB of it, for the manager to shorten
    proposed.refresh_from_db()
    assert proposed.status == "proposed"
    assert not KpiTransition.objects.exists() and not Comment.objects.exists()


def test_odd_unicode_reason_is_kept_verbatim(client, members, proposed):
    reason = "Doel “3½ min” 👍 — العربية\u200b; é vs e\u0301"
    client.force_login(members["manager"])
    post_reject(client, proposed, reason, htmx=True)
    assert Comment.objects.get(kpi=proposed).body == reason


def test_reason_is_escaped_in_the_node(client, members, proposed):
    client.force_login(members["manager"])
    html = post_reject(client, proposed, "<script>alert(1)</script>", htmx=True).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_reject_of_a_kpi_changed_meanwhile_keeps_the_reason(client, members, proposed):
    client.force_login(members["manager"])
    response = post_reject(client, proposed, REASON, htmx=True, version=proposed.version + 3)
    html = response.content.decode()
    assert "Iemand heeft deze KPI gewijzigd" in html
    assert REASON in html and 'name="reason"' in html
    assert f'name="version" value="{proposed.version}"' in html  # the saved version now
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_reject_after_someone_else_decided_says_so(client, members, proposed):
    proposed.status = "approved"
    proposed.save()
    client.force_login(members["manager"])
    html = post_reject(client, proposed, REASON, htmx=True).content.decode()
    assert "kan niet" in html and "Goedgekeurd" in html
    assert REASON in html  # kept, to copy into a comment
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("role", ["facilitator", "participant", "viewer"])
def test_only_approvers_reject(client, members, proposed, role):
    client.force_login(members[role])
    assert post_reject(client, proposed, REASON, htmx=True).status_code == 403
    proposed.refresh_from_db()
    assert proposed.status == "proposed"


def test_outsider_cannot_reject(client, outsider, proposed):
    client.force_login(outsider)
    assert post_reject(client, proposed, REASON, htmx=True).status_code == 404


def test_plain_approve_from_the_tree_goes_back_to_the_tree(client, members, proposed):
    client.force_login(members["manager"])
    response = client.post(
        reverse("reviews:kpi_status", args=[proposed.pk]),
        {"to_status": "approved", "version": proposed.version, "next": "review"},
    )
    assert response.url.endswith(f"#kpi-{proposed.pk}")
    proposed.refresh_from_db()
    assert proposed.status == "approved"


def test_next_is_not_an_open_redirect(client, members, proposed):
    client.force_login(members["manager"])
    response = post_reject(client, proposed, REASON, next_="https://example.com/")
    assert response.url == reverse("reviews:kpi_card", args=[proposed.pk])


def test_tree_forms_carry_the_version_of_each_kpi(client, members, proposed):
    other = KpiFactory(csf=proposed.csf, status="proposed")
    for _ in range(2):
        other.save_versioned(expected_version=other.version)
    client.force_login(members["manager"])
    review = reverse("reviews:strategy_review", args=[proposed.csf.goal.strategy_id])
    html = client.get(review).content.decode()
    node = html.split(f'id="kpi-{other.pk}"')[1].split('class="decision-slot"')[0]
    assert f'name="version" value="{other.version}"' in node and other.version == 3
    assert reverse("reviews:kpi_status", args=[other.pk]) in node


def test_decision_in_place_redraws_what_waits_out_of_band(client, members, proposed):
    other = KpiFactory(csf=proposed.csf, name="Wachttijd", status="proposed")
    client.force_login(members["manager"])
    html = post_reject(client, proposed, REASON, htmx=True).content.decode()
    waiting = html.split('id="waiting-panel" hx-swap-oob="true"')[1]
    assert f'href="#kpi-{other.pk}"' in waiting and f'href="#kpi-{proposed.pk}"' not in waiting
    assert '<span class="badge text-bg-warning">1</span>' in waiting


def test_plain_reject_after_someone_else_decided_keeps_the_reason(client, members, proposed):
    proposed.status = "approved"
    proposed.save()
    client.force_login(members["manager"])
    response = post_reject(client, proposed, REASON)
    html = response.content.decode()
    assert response.status_code == 200 and "kan niet" in html and REASON in html
    assert not Comment.objects.exists()
