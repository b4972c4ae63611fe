from django.urls import path

from . import decisions, views

app_name = "reviews"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:pk>/", views.strategy_review, name="strategy_review"),
    path("<uuid:pk>/approve/", views.set_approve, name="set_approve"),
    path("<uuid:pk>/versions/", views.version_list, name="version_list"),
    path("<uuid:pk>/versions/<int:number>/", views.version_detail, name="version_detail"),
    path("<uuid:pk>/compare/", views.version_compare, name="version_compare"),
    path("kpi/<uuid:pk>/", views.kpi_card, name="kpi_card"),
    path("kpi/<uuid:pk>/status/", decisions.kpi_status, name="kpi_status"),
    path("kpi/<uuid:pk>/reject/", decisions.kpi_reject, name="kpi_reject"),
    path("kpi/<uuid:pk>/edit/", views.kpi_fix, name="kpi_fix"),
    path("comments/<str:kind>/<uuid:pk>/", views.comments, name="comments"),
]
