"""Text normalisation shared by the parser and the lexicon matcher.

``fold`` lower-cases, strips accents and unifies dashes, quotes and spaces
*character by character*, so positions in the folded text are positions in the
original: raw snippets for the user can always be cut from the original text.
"""

from __future__ import annotations

import re
import unicodedata

# Statements are one or two sentences; anything beyond this is analysed only in part.
MAX_ANALYSED_CHARS = 2000

_SPECIAL = {
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2012": "-",
    "\u2212": "-",  # minus sign
    "\u2010": "-",
    "\u2011": "-",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u00b4": "'",
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u2007": " ",
    "\t": " ",
    "\n": " ",
    "\r": " ",
    "\u00d7": "x",  # multiplication sign: "3\u00d7" reads as "3x"
    "\u00df": "s",
}


def _fold_char(ch: str) -> str:
    special = _SPECIAL.get(ch)
    if special is not None:
        return special
    low = ch.lower()
    if len(low) != 1:
        low = ch
    if low.isascii():
        return low
    base = unicodedata.normalize("NFKD", low)
    # Keep the first character when it is a plain letter (é -> e); otherwise keep as is,
    # so that "≥", "€" and CJK text survive one-for-one.
    return base[0] if base and base[0].isascii() and base[0].isalpha() else low


_FOLD_CACHE: dict[str, str] = {}


def fold(text: str) -> str:
    """Lower-case, accent-free, one character per input character."""
    out = []
    cache = _FOLD_CACHE
    for ch in text:
        folded = cache.get(ch)
        if folded is None:
            folded = _fold_char(ch)
            if len(cache) < 4096:
                cache[ch] = folded
        out.append(folded)
    return "".join(out)


WORD_RE = re.compile(r"[a-z0-9]+(?:['&][a-z0-9]+)?")


def words(folded: str) -> list[str]:
    """The word tokens of folded text (letters and digits)."""
    return WORD_RE.findall(folded)


def clip(text: str, limit: int = MAX_ANALYSED_CHARS) -> tuple[str, bool]:
    """Cut overly long input so the analysis stays fast; say whether it was cut."""
    if len(text) <= limit:
        return text, False
    return text[:limit], True
