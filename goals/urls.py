from django.urls import path

from . import views

app_name = "goals"

urlpatterns = [
    path("<uuid:pk>/", views.strategy_detail, name="strategy_detail"),
]
