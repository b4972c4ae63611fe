from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("smart-feedback/", views.smart_feedback, name="smart_feedback"),
]
