"""Root URLs."""

from django.conf import settings
from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from kpiplanner import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz/", views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico where a page names no icon (a PDF, a JSON file).
    path(
        "favicon.ico",
        RedirectView.as_view(url=static("img/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("accounts/", include("kpiplanner.accounts.urls")),
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
