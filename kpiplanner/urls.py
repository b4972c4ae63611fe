"""Root URLs."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kpiplanner import views
from kpiplanner.accounts import views as account_views
from kpiplanner.api.endpoints import api

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz/", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico where a page names no icon (a PDF, a JSON file).
    path(
        "favicon.ico",
        views.favicon,
        name="favicon",
    ),
    path("accounts/", include("kpiplanner.accounts.urls")),
    path("organisation/", include("kpiplanner.accounts.member_urls")),
    path("accounts/tokens/", include("kpiplanner.api.urls")),
    path("api/v1/", api.urls),
    path("strategies/", include("goals.urls")),
    path("plans/", include("kpiplanner.planning.urls")),
    path("indicators/", include("indicators.urls")),
    path("", include("indicators.entry_urls")),
    path("review/", include("kpiplanner.reviews.urls")),
    path("reports/", include("kpiplanner.reports.urls")),
    path("interchange/", include("kpiplanner.interchange.urls")),
    path("", include("kpiplanner.workshops.urls")),
    # The header's language switch; it also keeps a signed-in person's choice (their profile).
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path(settings.ADMIN_URL, admin.site.urls),
]
