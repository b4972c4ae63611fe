"""manage.py api_token USERNAME [--organisation SLUG] [--name NAME]."""

import pytest
from django.core.management import CommandError, call_command

from kpiplanner.api.models import ApiToken, digest
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def run(*args) -> list[str]:
    from io import StringIO

    out = StringIO()
    call_command("api_token", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_the_token_is_printed_on_the_last_line_and_works(members, api):
    lines = run("viewer", "--name", "Nachtelijke import")
    secret = lines[-1]
    token = ApiToken.objects.get(secret_hash=digest(secret))
    assert (token.name, token.membership.role) == ("Nachtelijke import", "viewer")
    assert api(secret).get("/api/v1/strategies/").status_code == 200


def test_a_member_of_several_organisations_names_one(members, other_organisation):
    MembershipFactory(user=members["admin"], organisation=other_organisation, role="viewer")
    with pytest.raises(CommandError, match="concurrent"):
        run("admin")
    secret = run("admin", "--organisation", "concurrent")[-1]
    token = ApiToken.objects.get(secret_hash=digest(secret))
    assert (token.membership.organisation, token.membership.role) == (other_organisation, "viewer")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["niemand"], "niemand"),
        (["viewer", "--organisation", "bestaat-niet"], "bestaat-niet"),
        (["viewer", "--organisation", "concurrent"], "geen lid"),
    ],
)
def test_refusals_name_the_problem(members, other_organisation, args, says):
    with pytest.raises(CommandError, match=says):
        run(*args)
    assert not ApiToken.objects.exists()
