"""Fast whole-word matching of large regex word lists on folded text.

A word list such as ``lexicon.METRIC`` is a few hundred regex alternatives, many of them
starting with ``\\w*`` (Dutch compounds: ``\\w*omzet\\w*``). Scanning a statement with one
big alternation tries every alternative at every position. Instead, a :class:`WordList`
splits the alternatives in two:

- alternatives that can only match one run of letters and digits are tested against each
  *word* of the statement with ``fullmatch``, and the answer is remembered per word
  (statements share their words, so after a few hundred statements almost every word is a
  dictionary look-up);
- the few alternatives that span several words or contain other characters ("number of",
  "sign-ups", "p&l") keep a small regex scan with the usual word boundaries.

The matches are the same as those of ``(?<![a-z0-9])(?:alternatives)(?![a-z0-9])`` except
that where a several-word alternative and a one-word alternative overlap, both the longer
one is kept and the word inside it is dropped.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9]+")
# Anything in an alternative that can match outside one run of [a-z0-9].
_MULTI_HINT = re.compile(r"\\s|\\W|\\b|\\B|\(\?<|\(\?=|\(\?!|[ \-&'#/.%^$<>\"]")
_CACHE_LIMIT = 50_000


def split_alternatives(pattern: str) -> list[str]:
    """The top-level ``|`` alternatives of a regex (groups and classes kept whole)."""
    parts, depth, in_class, escaped, start = [], 0, False, False, 0
    for i, ch in enumerate(pattern):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
    parts.append(pattern[start:])
    return [p for p in parts if p]


def _is_multi(alternative: str) -> bool:
    # \w and \d stay inside a word; everything else that may leave it goes to the scan.
    stripped = alternative.replace("\\w", "").replace("\\d", "")
    return bool(_MULTI_HINT.search(stripped))


class Span:
    """A match: the same ``start()``, ``end()`` and ``group(0)`` as ``re.Match``."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, start: int, end: int, text: str) -> None:
        self._start, self._end, self._text = start, end, text

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _index: int = 0) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"Span({self._start}, {self._end}, {self._text!r})"


# Every WordList gets one bit; a word's mask says which lists match it whole. The masks of
# the words seen so far are remembered for all lists at once.
_LISTS: list[WordList] = []
_MASKS: dict[str, int] = {}


def _mask(word: str) -> int:
    mask = _MASKS.get(word)
    if mask is None:
        mask = 0
        for wordlist in _LISTS:
            if wordlist.single is not None and wordlist.single.fullmatch(word) is not None:
                mask |= wordlist.bit
        if len(_MASKS) >= _CACHE_LIMIT:
            _MASKS.clear()
        _MASKS[word] = mask
    return mask


class Words:
    """The words of one text with their masks, found once and shared by every word list."""

    __slots__ = ("any", "masks", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
        self.masks = [_mask(w) for _s, _e, w in self.words]
        union = 0
        for mask in self.masks:
            union |= mask
        self.any = union


class WordList:
    """One word list, matched as whole words; see the module docstring."""

    def __init__(self, alternatives: str) -> None:
        alts = split_alternatives(alternatives)
        single = [a for a in alts if not _is_multi(a)]
        multi = [a for a in alts if _is_multi(a)]
        self.single = re.compile("(?:" + "|".join(single) + ")") if single else None
        self._multi = (
            re.compile(r"(?<![a-z0-9])(?:" + "|".join(multi) + r")(?![a-z0-9])") if multi else None
        )
        self._full = re.compile(r"(?:" + alternatives + r")")
        self.bit = 1 << len(_LISTS)
        _LISTS.append(self)
        _MASKS.clear()  # masks computed before this list existed lack its bit

    def word(self, word: str) -> bool:
        """Does one alternative match this whole word?"""
        return bool(_mask(word) & self.bit)

    def fullmatch(self, text: str) -> bool:
        """Does the whole of ``text`` (one or more words) match the list?"""
        return self._full.fullmatch(text) is not None

    def find(self, words: Words) -> list[Span]:
        """Every match in the text of ``words``, in text order."""
        spans: list[Span] = []
        if self._multi is not None:
            spans = [Span(m.start(), m.end(), m.group(0)) for m in self._multi.finditer(words.text)]
        bit = self.bit
        if words.any & bit:
            found = [
                Span(start, end, word)
                for (start, end, word), mask in zip(words.words, words.masks, strict=True)
                if mask & bit
            ]
            if spans:
                taken = [(s.start(), s.end()) for s in spans]
                found = [f for f in found if not any(a <= f.start() < b for a, b in taken)]
                spans = sorted(spans + found, key=Span.start)
            else:
                spans = found
        return spans
