"""The KPI status workflow: every transition allowed and refused, by role and by state."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from indicators.models import KpiStatus
from kpiplanner.core.models import EditConflict
from kpiplanner.reviews.models import Comment, KpiTransition
from kpiplanner.reviews.services import ReviewError, kpi_status_change
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

EDITORS = {"admin", "facilitator"}
APPROVERS = {"admin", "manager"}
# (from, to) -> roles that may make the step; every other pair is refused for everyone.
ALLOWED = {
    ("draft", "proposed"): EDITORS,
    ("rejected", "proposed"): EDITORS,
    ("proposed", "approved"): APPROVERS,
    ("proposed", "rejected"): APPROVERS,
    ("approved", "retired"): APPROVERS,
    ("rejected", "retired"): APPROVERS,
}
ALL_PAIRS = [(a, b) for a, b in itertools.product(KpiStatus.values, repeat=2) if a != b]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_transition_matrix(members, kpi, role, from_status, to_status):
    kpi.status = from_status
    kpi.save()
    reason = "Maak de streefwaarde concreet." if to_status == "rejected" else ""
    allowed_roles = ALLOWED.get((from_status, to_status))
    if allowed_roles is None:
        with pytest.raises(ReviewError):
            kpi_status_change(
                kpi=kpi, to_status=to_status, actor=members[role], role=role, reason=reason
            )
    elif role not in allowed_roles:
        with pytest.raises(PermissionDenied):
            kpi_status_change(
                kpi=kpi, to_status=to_status, actor=members[role], role=role, reason=reason
            )
    else:
        change = kpi_status_change(
            kpi=kpi, to_status=to_status, actor=members[role], role=role, reason=reason
        )
        assert (change.from_status, change.to_status, change.by) == (
            from_status,
            to_status,
            members[role],
        )
        assert change.at is not None
    kpi.refresh_from_db()
    expected = to_status if allowed_roles and role in allowed_roles else from_status
    assert kpi.status == expected


def test_rejection_needs_a_reason(members, kpi):
    kpi.status = "proposed"
    kpi.save()
    with pytest.raises(ReviewError):
        kpi_status_change(
            kpi=kpi, to_status="rejected", actor=members["manager"], role="manager", reason="   "
        )
    kpi.refresh_from_db()
    assert kpi.status == "proposed"
    assert not KpiTransition.objects.exists()


def test_rejection_reason_becomes_a_comment_on_the_kpi(members, kpi):
    kpi.status = "proposed"
    kpi.save()
    change = kpi_status_change(
        kpi=kpi,
        to_status="rejected",
        actor=members["manager"],
        role="manager",
        reason="Geen databron.",
    )
    comment = Comment.objects.get(kpi=kpi)
    assert (comment.body, comment.author, comment.transition) == (
        "Geen databron.",
        members["manager"],
        change,
    )


def test_decision_on_a_kpi_changed_meanwhile_is_refused(members, kpi):
    kpi.status = "proposed"
    kpi.save()
    seen = kpi.version
    kpi.name = "Anders"
    kpi.save_versioned(expected_version=seen)
    with pytest.raises(EditConflict):
        kpi_status_change(
            kpi=kpi,
            to_status="approved",
            actor=members["manager"],
            role="manager",
            expected_version=seen,
        )
    kpi.refresh_from_db()
    assert kpi.status == "proposed"


def test_status_change_is_in_the_kpi_history_with_the_actor(members, kpi):
    kpi_status_change(
        kpi=kpi, to_status="proposed", actor=members["facilitator"], role="facilitator"
    )
    record = kpi.history.first()
    assert (record.status, record.history_user) == ("proposed", members["facilitator"])


# --- the view -------------------------------------------------------------------------------


def post_status(client, kpi, to_status, *, reason="", htmx=False, version=None):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("reviews:kpi_status", args=[kpi.pk]),
        {"to_status": to_status, "version": version or kpi.version, "reason": reason},
        headers=headers,
    )


@pytest.mark.parametrize(
    ("role", "code"),
    [("admin", 302), ("manager", 302), ("facilitator", 403), ("participant", 403), ("viewer", 403)],
)
def test_approve_view_permission_matrix(client, members, kpi, role, code):
    kpi.status = "proposed"
    kpi.save()
    client.force_login(members[role])
    assert post_status(client, kpi, "approved").status_code == code


def test_outsider_and_anonymous_cannot_change_status(client, outsider, kpi):
    response = post_status(client, kpi, "proposed")
    assert response.url.startswith(reverse("accounts:login"))
    client.force_login(outsider)
    assert post_status(client, kpi, "proposed").status_code == 404
    assert client.get(reverse("reviews:kpi_status", args=[kpi.pk])).status_code == 405


def test_plain_approve_redirects_to_the_card(client, members, kpi):
    kpi.status = "proposed"
    kpi.save()
    client.force_login(members["manager"])
    response = post_status(client, kpi, "approved")
    assert response.url == reverse("reviews:kpi_card", args=[kpi.pk])
    kpi.refresh_from_db()
    assert kpi.status == "approved"


def test_htmx_approve_redraws_the_node_and_the_set_panel(client, members, kpi):
    kpi.status = "proposed"
    kpi.save()
    client.force_login(members["manager"])
    response = post_status(client, kpi, "approved", htmx=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="kpi-{kpi.pk}"' in html and "Goedgekeurd" in html
    assert 'id="set-panel"' in html and 'hx-swap-oob="true"' in html
    assert "<html" not in html


def test_reject_without_reason_keeps_status_and_says_why(client, members, kpi):
    kpi.status = "proposed"
    kpi.save()
    client.force_login(members["manager"])
    response = post_status(client, kpi, "rejected", reason="")
    kpi.refresh_from_db()
    assert kpi.status == "proposed"
    page = client.get(response.url).content.decode()
    assert "Geef aan waarom je deze KPI afwijst" in page


def test_reject_with_too_long_reason_keeps_the_text(client, members, kpi):
    kpi.status = "proposed"
    kpi.save()
    client.force_login(members["manager"])
    response = post_status(client, kpi, "rejected", reason="x" * 2001)
    kpi.refresh_from_db()
    assert kpi.status == "proposed"
    assert "x" * 2000 in client.get(response.url).content.decode()


def test_step_the_workflow_lacks_is_explained_not_a_500(client, members, kpi):
    client.force_login(members["manager"])
    response = post_status(client, kpi, "approved")  # a draft cannot be approved
    kpi.refresh_from_db()
    assert kpi.status == "draft"
    assert "kan niet" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    "data", [{}, {"to_status": "flying", "version": 1}, {"to_status": "proposed", "version": "x"}]
)
def test_bad_status_request_is_400(client, members, kpi, data):
    client.force_login(members["facilitator"])
    response = client.post(reverse("reviews:kpi_status", args=[kpi.pk]), data)
    assert response.status_code == 400


def test_stale_version_is_refused_with_a_message(client, members, kpi):
    kpi.status = "proposed"
    kpi.save()
    client.force_login(members["manager"])
    response = post_status(client, kpi, "approved", version=kpi.version + 5, htmx=True)
    kpi.refresh_from_db()
    assert kpi.status == "proposed"
    assert "Iemand heeft deze KPI gewijzigd" in response.content.decode()
