"""Helpers for the workshop tests."""

from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext


def said(message: str, lang: str = "nl", **values) -> str:
    """`message` as a page in `lang` shows it: translated, filled in and HTML-escaped."""
    with translation.override(lang):
        text = gettext(message)
    return escape(text % values if values else text)
