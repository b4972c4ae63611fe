from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("<uuid:pk>/versions/<int:number>/pdf/", views.version_pdf, name="version_pdf"),
    path(
        "<uuid:pk>/versions/<int:number>/pdf/status/",
        views.version_pdf_status,
        name="version_pdf_status",
    ),
]
