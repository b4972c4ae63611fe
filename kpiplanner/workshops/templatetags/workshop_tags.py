"""Small filters for the workshop screens."""

from django import template

register = template.Library()


@register.filter
def ws_clock(seconds) -> str:
    """Seconds as a clock, 4:05."""
    try:
        seconds = max(0, int(seconds))
    except (TypeError, ValueError):
        return ""
    return f"{seconds // 60}:{seconds % 60:02d}"


@register.filter
def ws_dots(count) -> str:
    """A participant's votes on a proposal as dots, ●●."""
    try:
        return "●" * max(0, min(int(count), 50))
    except (TypeError, ValueError):
        return ""
