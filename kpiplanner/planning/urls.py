from django.urls import path

from . import items, views

app_name = "planning"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.strategy_new, name="strategy_new"),
    path("<uuid:pk>/", views.plan_resume, name="resume"),
    path("<uuid:pk>/library/", views.plan_library, name="library"),
    path("<uuid:pk>/<slug:step>/", views.plan_step, name="step"),
    path("<slug:kind>/<uuid:item_pk>/edit/", items.item_edit, name="item_edit"),
    path("<slug:kind>/<uuid:item_pk>/delete/", items.item_delete, name="item_delete"),
    path("<slug:kind>/<uuid:item_pk>/move/", items.item_move, name="item_move"),
    path("undo/<uuid:pk>/", items.item_undo, name="item_undo"),
]
