"""`{{ user|display_name }}`: how a person is named on pages (`accounts.models.display_name`)."""

from django import template

from kpiplanner.accounts.models import display_name as _display_name

register = template.Library()


@register.filter
def display_name(user, default=""):
    """The full name, else the username; `default` when there is no user."""
    return _display_name(user or None, default)
