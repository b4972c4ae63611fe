"""Root URLs."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from kpiplanner import views
from kpiplanner.api.endpoints import api

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz/", views.healthz, name="healthz"),
    path("accounts/", include("kpiplanner.accounts.urls")),
    path("accounts/tokens/", include("kpiplanner.api.urls")),
    path("api/v1/", api.urls),
    path("strategies/", include("goals.urls")),
    path("plans/", include("kpiplanner.planning.urls")),
    path("indicators/", include("indicators.urls")),
    path("review/", include("kpiplanner.reviews.urls")),
    path("reports/", include("kpiplanner.reports.urls")),
    path("interchange/", include("kpiplanner.interchange.urls")),
    path("", include("kpiplanner.workshops.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_URL, admin.site.urls),
]
