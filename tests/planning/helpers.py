"""What the wizard's tests share: the htmx header, a step's address and a goal as typed."""

from django.urls import reverse

HX = {"HX-Request": "true"}


def step_url(strategy, step):
    return reverse("planning:step", args=[strategy.pk, step])


def goal_data(**overrides):
    return {
        "new-title": "Meer tevreden klanten",
        "new-perspective": "customer",
        "new-term": "long",
    } | overrides
