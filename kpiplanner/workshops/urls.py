"""Workshop URLs. `/join/` and `/w/<id>/…` are the participants' (guests may use them);
`/workshops/…` are the organisation's pages for facilitators and members."""

from django.urls import path

from . import facilitation, summary, views

app_name = "workshops"

participant_urls = [
    path("join/", views.join, name="join"),
    path("w/<uuid:pk>/", views.participate, name="participate"),
    path("w/<uuid:pk>/live/", views.participate_live, name="participate_live"),
    path("w/<uuid:pk>/propose/", views.propose, name="propose"),
    path("w/<uuid:pk>/proposals/<int:proposal_pk>/vote/", views.vote, name="vote"),
    path("w/<uuid:pk>/done/", views.done, name="done"),
    path("w/<uuid:pk>/feedback/", views.feedback, name="feedback"),
]

facilitator_urls = [
    path("workshops/new/<uuid:strategy_pk>/", facilitation.workshop_new, name="new"),
    path("workshops/<uuid:pk>/control/", facilitation.control, name="control"),
    path("workshops/<uuid:pk>/control/live/", facilitation.control_live, name="control_live"),
    path(
        "workshops/<uuid:pk>/control/<slug:action>/",
        facilitation.control_action,
        name="control_action",
    ),
    path("workshops/<uuid:pk>/timer/<slug:action>/", facilitation.timer, name="timer"),
    path("workshops/<uuid:pk>/rounds/", facilitation.round_add, name="round_add"),
    path(
        "workshops/<uuid:pk>/rounds/<int:round_pk>/under/",
        facilitation.round_parent,
        name="round_parent",
    ),
    path(
        "workshops/<uuid:pk>/proposals/<int:proposal_pk>/edit/",
        facilitation.proposal_edit,
        name="proposal_edit",
    ),
    path(
        "workshops/<uuid:pk>/proposals/<int:proposal_pk>/<slug:action>/",
        facilitation.proposal_action,
        name="proposal_action",
    ),
    path("workshops/<uuid:pk>/screen/", facilitation.screen, name="screen"),
    path("workshops/<uuid:pk>/screen/live/", facilitation.screen_live, name="screen_live"),
    path("workshops/<uuid:pk>/summary/", summary.summary, name="summary"),
    path("workshops/<uuid:pk>/summary.csv", summary.summary_csv, name="summary_csv"),
]

urlpatterns = participant_urls + facilitator_urls
