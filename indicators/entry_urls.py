"""Tracking pages of the KPIs: "My KPIs" and a KPI's own page, where values are entered."""

from django.urls import path

from . import views

app_name = "kpis"

urlpatterns = [
    path("my-kpis/", views.my_kpis, name="mine"),
    path("kpis/<uuid:pk>/", views.kpi_detail, name="detail"),
    path("kpis/<uuid:pk>/values/", views.enter_value, name="enter"),
    path("kpis/<uuid:pk>/values/notice/", views.correction_notice, name="correction_notice"),
]
