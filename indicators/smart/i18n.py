"""Translations for the SMART engine, with the standard library's gettext.

The engine must not import Django, yet every message has to reach the user in
their language. Messages are English msgids in the code; the Dutch catalogue
lives in ``locale/nl/LC_MESSAGES/smart.po`` (compiled to ``smart.mo`` next to it).

Every call passes the language explicitly (``t(lang, "...")``): there is no
"current language" global, so concurrent requests in different languages
cannot leak into each other.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

DOMAIN = "smart"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SUPPORTED = ("nl", "en")

_LABELS = {
    "S": ("Specific", "Specifiek"),
    "M": ("Measurable", "Meetbaar"),
    "A": ("Achievable", "Acceptabel"),
    "R": ("Relevant", "Relevant"),
    "T": ("Time-bound", "Tijdgebonden"),
}
LETTERS_EN = {letter: en for letter, (en, _nl) in _LABELS.items()}
LETTERS_NL = {letter: nl for letter, (_en, nl) in _LABELS.items()}


def norm_lang(lang: object) -> str:
    """Return "nl" or "en": anything that is not Dutch is treated as English."""
    if isinstance(lang, str) and lang.strip().lower()[:2] == "nl":
        return "nl"
    return "en"


@lru_cache(maxsize=8)
def _translation(lang: str) -> gettext.NullTranslations:
    # fallback=True: English needs no catalogue, the msgids are English.
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def t(lang: str, message: str, **params: object) -> str:
    """Translate ``message`` into ``lang`` and fill its ``%(name)s`` placeholders."""
    text = _translation(norm_lang(lang)).gettext(message)
    return text % params if params else text


# Parameters that quote the user's own words. The quotes stay out of the msgids so that
# translators never have to copy typographic characters.
QUOTED_PARAMS = frozenset(
    {
        "term",
        "placeholder",
        "name",
        "phrase",
        "csf",
        "goal",
        "title",
        "other",
        "metric",
        "verb",
        "direction",
        "better",
        "quantity",
        "window",
    }
)


def quote_params(params: dict[str, object]) -> dict[str, object]:
    """Put curly quotes around the parameters that quote the user's text."""
    return {
        key: f"\u201c{value}\u201d" if key in QUOTED_PARAMS else value
        for key, value in params.items()
    }


def join_list(lang: str, items: list[str]) -> str:
    """ "a, b and c" / "a, b en c": the items as a sentence lists them."""
    if len(items) < 2:
        return "".join(items)
    return t(lang, "%(items)s and %(last)s", items=", ".join(items[:-1]), last=items[-1])


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (translated later with t)."""
    return message


def criterion_label(letter: str, lang: str = "nl") -> str:
    """The name of a SMART letter in the user's language ("Meetbaar", "Measurable")."""
    table = LETTERS_NL if norm_lang(lang) == "nl" else LETTERS_EN
    return table.get(letter.upper(), letter)
