"""A token per role of `organisation`, and a client that sends one."""

import datetime
import json

import pytest
from django.utils import timezone

from indicators import tracking
from kpiplanner.api.services import token_create


@pytest.fixture
def tokens(members):
    """Role → a working token of that role's member."""
    return {
        role: token_create(membership=user.memberships.get(), name=f"{role} script")[1]
        for role, user in members.items()
    }


@pytest.fixture
def outsider_token(outsider):
    return token_create(membership=outsider.memberships.get(), name="elsewhere")[1]


class ApiClient:
    """Django's test client with the token in the Authorization header."""

    def __init__(self, client, token=None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, url, headers=None):
        return self.client.get(url, headers={**self.headers, **(headers or {})})

    def post(self, url, data, headers=None):
        body = data if isinstance(data, str | bytes) else json.dumps(data)
        return self.client.post(
            url, body, content_type="application/json", headers={**self.headers, **(headers or {})}
        )


@pytest.fixture
def api(client):
    return lambda token=None: ApiClient(client, token)


@pytest.fixture
def last_month():
    return tracking.period_start(timezone.localdate() - datetime.timedelta(days=40), "monthly")


@pytest.fixture
def kpi(kpi):
    """The API's KPI is approved: every role, a viewer too, reads its progress and values."""
    kpi.status = "approved"
    kpi.save()
    return kpi
