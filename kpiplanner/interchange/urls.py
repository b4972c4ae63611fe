from django.urls import path

from . import views

app_name = "interchange"

urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path(
        "<uuid:strategy_pk>/versions/<int:number>/kpi-set.json",
        views.version_json,
        name="version_json",
    ),
    path(
        "<uuid:strategy_pk>/versions/<int:number>/kpi-set.csv",
        views.version_csv,
        name="version_csv",
    ),
    path(
        "<uuid:strategy_pk>/values/import/",
        views.measurements_upload,
        name="measurements_import",
    ),
    path(
        "<uuid:strategy_pk>/values/import/confirm/",
        views.measurements_confirm,
        name="measurements_confirm",
    ),
    path(
        "<uuid:strategy_pk>/values/template.<slug:extension>",
        views.measurements_template,
        name="measurements_template",
    ),
]
