"""Comments on goals, CSFs and KPIs; the KPI card with its timeline; the small fix form; inbox."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kpiplanner.reviews.models import Comment
from kpiplanner.reviews.services import kpi_status_change
from tests.conftest import ROLES

pytestmark = pytest.mark.django_db

WRITERS = {"admin", "facilitator", "manager", "participant"}


def nodes(kpi):
    return {"goal": kpi.csf.goal, "csf": kpi.csf, "kpi": kpi}


@pytest.mark.parametrize("kind", ["goal", "csf", "kpi"])
@pytest.mark.parametrize("role", ROLES)
def test_comment_permission_matrix(client, members, kpi, kind, role):
    url = reverse("reviews:comments", args=[kind, nodes(kpi)[kind].pk])
    client.force_login(members[role])
    # A viewer reads approved sets and progress, not the comments on work in progress.
    reads = 200 if role in WRITERS else 403
    assert client.get(url).status_code == reads
    assert client.get(url, headers={"HX-Request": "true"}).status_code == reads
    response = client.post(url, {"body": f"Opmerking van {role}"})
    assert response.status_code == (302 if role in WRITERS else 403)
    assert Comment.objects.filter(body=f"Opmerking van {role}").exists() == (role in WRITERS)


def test_comments_hidden_from_outsider_and_anonymous(client, outsider, kpi):
    url = reverse("reviews:comments", args=["kpi", kpi.pk])
    assert client.get(url).url.startswith(reverse("accounts:login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "x"}).status_code == 404


def test_unknown_node_kind_or_id_is_404(client, members, kpi):
    client.force_login(members["manager"])
    assert client.get(reverse("reviews:comments", args=["user", kpi.pk])).status_code == 404
    assert client.get(reverse("reviews:comments", args=["goal", kpi.pk])).status_code == 404


def test_htmx_comment_returns_the_thread_with_author_and_time(client, members, kpi):
    client.force_login(members["manager"])
    url = reverse("reviews:comments", args=["csf", kpi.csf.pk])
    response = client.post(url, {"body": "Is dit meetbaar?"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Is dit meetbaar?" in html and "<time datetime=" in html
    comment = Comment.objects.get()
    assert (comment.csf, comment.strategy, comment.author_role) == (
        kpi.csf,
        kpi.csf.goal.strategy,
        "manager",
    )
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "Schrijf eerst een reactie"), ("x" * 2001, "onder de 2000 tekens")],
)
def test_bad_comment_is_refused_and_text_kept(client, members, kpi, body, message):
    client.force_login(members["manager"])
    url = reverse("reviews:comments", args=["kpi", kpi.pk])
    response = client.post(url, {"body": body}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert message in html
    assert not Comment.objects.exists()
    if body.strip():
        assert body in html


def test_comments_are_escaped(client, members, kpi):
    client.force_login(members["manager"])
    url = reverse("reviews:comments", args=["kpi", kpi.pk])
    html = client.post(url, {"body": "<b>vet</b>"}, follow=True).content.decode()
    assert "<b>vet</b>" not in html and "&lt;b&gt;vet&lt;/b&gt;" in html


# --- KPI card ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(WRITERS))
def test_every_role_but_a_viewer_reads_the_kpi_card(client, members, kpi, role):
    client.force_login(members[role])
    response = client.get(reverse("reviews:kpi_card", args=[kpi.pk]))
    assert response.status_code == 200
    assert "Definitiekaart" in response.content.decode()


@pytest.mark.parametrize("status", ["draft", "proposed", "approved"])
def test_a_viewer_reads_no_kpi_card(client, members, kpi, status):
    """The card holds comments and the history of the work: not for a viewer, whatever the
    KPI's status (an approved KPI is read in its approved version)."""
    kpi.status = status
    kpi.save()
    client.force_login(members["viewer"])
    assert client.get(reverse("reviews:kpi_card", args=[kpi.pk])).status_code == 403


def test_kpi_card_hidden_from_outsider_and_anonymous(client, outsider, kpi):
    url = reverse("reviews:kpi_card", args=[kpi.pk])
    assert client.get(url).url.startswith(reverse("accounts:login"))
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_timeline_combines_edits_decisions_and_comments(client, members, kpi):
    kpi_status_change(
        kpi=kpi, to_status="proposed", actor=members["facilitator"], role="facilitator"
    )
    kpi_status_change(
        kpi=kpi,
        to_status="rejected",
        actor=members["manager"],
        role="manager",
        reason="Streefwaarde te vaag.",
    )
    kpi.refresh_from_db()
    kpi.target_value = 8
    kpi.save_versioned(expected_version=kpi.version)
    Comment.objects.create(
        strategy=kpi.csf.goal.strategy,
        kpi=kpi,
        author=members["facilitator"],
        author_role="facilitator",
        body="Aangepast naar 8 uur.",
    )
    client.force_login(members["participant"])
    timeline = client.get(reverse("reviews:kpi_card", args=[kpi.pk])).context["timeline"]
    kinds = [event.kind for event in timeline]
    assert kinds == ["comment", "changed", "status", "status", "created"]
    assert timeline[1].changes == [("streefwaarde", "10", "8")]
    assert timeline[2].text == "Streefwaarde te vaag."
    assert timeline[2].who == members["manager"].get_full_name()


# --- the fix form ------------------------------------------------------------------------


def fix(client, kpi, **data):
    fields = {
        "name": kpi.name,
        "statement": kpi.statement,
        "target_value": "9,5",
        "target_date": "2027-06-30",
        "version": kpi.version,
        **data,
    }
    return client.post(reverse("reviews:kpi_fix", args=[kpi.pk]), fields)


@pytest.mark.parametrize(
    ("role", "code"),
    [("admin", 302), ("facilitator", 302), ("manager", 403), ("participant", 403), ("viewer", 403)],
)
def test_fix_permission_matrix(client, members, kpi, role, code):
    kpi.status = "rejected"
    kpi.save()
    client.force_login(members[role])
    assert fix(client, kpi).status_code == code


def test_fix_accepts_dutch_decimal_comma(client, members, kpi):
    kpi.status = "rejected"
    kpi.save()
    client.force_login(members["facilitator"])
    fix(client, kpi)
    kpi.refresh_from_db()
    assert str(kpi.target_value.normalize()) == "9.5"
    assert kpi.version == 2


def test_fix_of_an_approved_kpi_is_refused(client, members, kpi):
    kpi.status = "approved"
    kpi.save()
    client.force_login(members["facilitator"])
    fix(client, kpi, name="Anders")
    kpi.refresh_from_db()
    assert kpi.name == "Gemiddelde oplostijd"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target_date": "2020-01-01"}, "in het verleden"),
        ({"name": ""}, "verplicht"),
        ({"target_value": "veel"}, "getal"),
        ({"name": "x" * 201}, "onder de 200 tekens"),
    ],
)
def test_fix_with_bad_input_shows_errors_and_keeps_input(client, members, kpi, data, message):
    kpi.status = "rejected"
    kpi.save()
    client.force_login(members["facilitator"])
    response = fix(client, kpi, **data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    kpi.refresh_from_db()
    assert kpi.version == 1


def test_fix_conflict_keeps_the_second_persons_text_and_saving_again_stores_it(
    client, members, kpi
):
    """The re-shown form keeps the text and carries the saved version, so the second save is
    a knowing overwrite instead of the same conflict for ever."""
    kpi.status = "rejected"
    kpi.save()
    seen = kpi.version
    kpi.name = "Eerste"
    kpi.save_versioned(expected_version=seen)
    client.force_login(members["facilitator"])
    html = fix(client, kpi, name="Tweede", version=seen).content.decode()
    assert "Iemand anders heeft deze KPI opgeslagen" in html
    assert 'value="Tweede"' in html
    assert f'name="version" value="{seen + 1}"' in html
    kpi.refresh_from_db()
    assert kpi.name == "Eerste"
    fix(client, kpi, name="Tweede", version=seen + 1)
    kpi.refresh_from_db()
    assert kpi.name == "Tweede"


@pytest.mark.parametrize(("language", "shown"), [("nl", "25,5"), ("en", "25.5")])
def test_fix_form_shows_the_target_as_the_user_writes_it_and_keeps_it(
    client, members, kpi, language, shown
):
    """A number input can't show "25,5000": the browser sent it back empty and the target was
    wiped. The field is text, in the user's notation, and an unchanged save keeps the target."""
    kpi.status = "rejected"
    kpi.target_value = Decimal("25.5")
    kpi.save()
    client.force_login(members["facilitator"])
    client.cookies["django_language"] = language
    html = client.get(reverse("reviews:kpi_card", args=[kpi.pk])).content.decode()
    field = re.search(r'<input[^>]*name="target_value"[^>]*>', html).group(0)
    assert 'type="text"' in field and f'value="{shown}"' in field
    fix(client, kpi, name="Nieuwe naam", target_value=shown)
    kpi.refresh_from_db()
    assert (kpi.name, kpi.target_value) == ("Nieuwe naam", Decimal("25.5"))


# --- inbox -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("manager", ["Voorgesteld"]),
        ("facilitator", ["Afgewezen", "Vraag"]),
        ("admin", ["Voorgesteld", "Afgewezen", "Vraag"]),
        ("viewer", []),
        ("participant", []),
    ],
)
def test_inbox_lists_what_waits_for_the_role(client, members, kpi, role, expected):
    from tests.factories import KpiFactory

    KpiFactory(csf=kpi.csf, name="Voorgesteld", status="proposed")
    KpiFactory(csf=kpi.csf, name="Afgewezen", status="rejected")
    Comment.objects.create(
        strategy=kpi.csf.goal.strategy,
        goal=kpi.csf.goal,
        author=members["manager"],
        author_role="manager",
        body="Vraag",
    )
    client.force_login(members[role])
    html = client.get(reverse("reviews:inbox")).content.decode()
    for text in ["Voorgesteld", "Afgewezen", "Vraag"]:
        assert (text in html) == (text in expected), text


def test_inbox_for_anonymous_and_outsider(client, outsider, kpi):
    assert client.get(reverse("reviews:inbox")).url.startswith(reverse("accounts:login"))
    kpi.status = "rejected"
    kpi.save()
    client.force_login(outsider)
    assert kpi.name not in client.get(reverse("reviews:inbox")).content.decode()


def test_timeline_leaves_out_the_changed_since_version_mark(client, members, kpi):
    """An edit of an approved KPI shows once, with the field that changed; the mark the approval
    bookkeeping sets beside it is no "Gewijzigd sinds versie: – → 1" entry of its own."""
    kpi.target_value = 8
    kpi.save_versioned(expected_version=kpi.version)
    kpi.refresh_from_db()
    kpi.changed_since_version = 1
    kpi.save()
    kpi.removal_requested_at = timezone.now()
    kpi.removal_requested_by = members["facilitator"]
    kpi.save()
    client.force_login(members["participant"])
    timeline = client.get(reverse("reviews:kpi_card", args=[kpi.pk])).context["timeline"]
    changes = [change for event in timeline for change in event.changes]
    fields = [name for name, _old, _new in changes]
    assert "streefwaarde" in fields
    assert "changed since version" not in fields
    assert "gewijzigd sinds versie" not in fields
    assert len(fields) == 2  # the target, and who asked to remove the KPI
