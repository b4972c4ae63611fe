"""S on evidence: a statement is specific only when it names something identifiable.

The judge no longer takes "no vague word found" as specificity. It looks for positive
evidence, each kind with the words it rests on, so the reason can quote them:

- ``metric`` / ``instrument``: a metric or measuring instrument from the lexicon ("omzet",
  "NPS", "klanttevredenheidsscore"), unless it is a generic head without "of what";
- ``deliverable``: a document, release or other finished thing ("beleidsplan", "release");
- ``counted``: what a number counts ("300 laadpalen", "95% van de klachten");
- ``measured``: the property right before its value ("stability >95%", "wachtlijst van 120");
- ``acronym``: an abbreviation written in capitals ("OTIF", "MTTR"), not a department.

Next to it, the negative classes that explain a vague statement: a subject pointing back
("Dit moet omhoog"), a generic head ("het aandeel", "the percentage"), a field of work,
an activity without outcome, a policy aspiration, a state of being, an evaluative word.
Plain functions over the parser's analysis; no Django.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from . import lexicon
from .matcher import WordList

_TOKEN = re.compile(r"[a-z0-9][a-z0-9'&-]*|[^\sa-z0-9]")


def _words(alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + alternatives + r")(?![a-z0-9])")


_DELIVERABLE = WordList(lexicon.DELIVERABLE)
_ACTIVITY = _words(lexicon.ACTIVITY)
_FIELDS = _words(lexicon.FIELDS)
_ASPIRATIONS = _words(lexicon.ASPIRATIONS)
_STATES = _words(lexicon.STATES)
_EVALUATIVE = _words(lexicon.EVALUATIVE)
_DELIVER = _words(lexicon.DELIVER_VERBS)
_MOVES = _words(lexicon.UP_VERBS + "|" + lexicon.DOWN_VERBS)
_ACRONYM = re.compile(r"(?<![\w&-])[A-Z][A-Z0-9&]{1,6}(?![\w&])")
_STOPWORDS = lexicon.STOPWORDS["nl"] | lexicon.STOPWORDS["en"]
_FIELD_ACRONYMS = frozenset({"hr", "ict", "it", "pr"})

# Words that may stand between a number and what it counts, or a metric and its value.
QUALIFIERS = frozenset(
    {"nieuwe", "new", "extra", "additional", "actieve", "active", "unieke", "unique",
     "betalende", "paying", "gekwalificeerde", "qualified", "gemiddelde", "gemiddeld",
     "average", "mean", "median", "mediaan", "totale", "total", "netto", "net", "bruto",
     "gross", "jaarlijkse", "annual", "maandelijkse", "monthly", "wekelijkse", "weekly",
     "dagelijkse", "daily", "eerste", "first", "externe", "external", "interne", "internal",
     "online", "digitale", "digital", "terugkerende", "recurring", "herhaal", "repeat",
     "open", "openstaande", "afgehandelde", "resolved", "kritieke", "critical", "volledige",
     "full", "first-time", "tijdige", "late", "te", "op", "tijd"}
)  # fmt: skip
# Words to step over when walking back from a value to what it measures.
_BRIDGE = frozenset(
    {"van", "from", "naar", "to", "tot", "met", "by", "op", "at", "of", "is", "are", "be",
     "moet", "moeten", "must", "should", "will", "zal", "gaat", "goes", "go", "wordt",
     "worden", "blijft", "stays", "remains", "minimaal", "maximaal", "minstens", "hooguit",
     "least", "most", "ten", "minste", "hoogste", "than", "dan", "meer", "minder", "more",
     "less", "fewer", "over", "above", "below", "under", "boven", "onder", "ruim", "around",
     "rond", "circa", "ca", "approximately", "ongeveer", "reach", "reaches", "bereiken",
     "bereikt", "halen", "haalt", "hit", "achieve", "within", "binnen", "de", "het", "een",
     "the", "a", "an", "our", "onze", "ons", "min", "max", "minimum", "maximum", "no",
     "not", "niet", "lager", "hoger", "lower", "higher", "kleiner", "groter", "between",
     "tussen", "en", "and", "or", "per", "compared", "vergeleken", "versus", "vs",
     "gemiddeld", "average", "up", "down", "omhoog", "omlaag", "-", ":", "=", "<", ">", "≥",
     "≤", "+", "~", "€", "$", "£", "%"}
)  # fmt: skip
_UNIT_WORDS = frozenset(
    {"procent", "percent", "pct", "procentpunt", "procentpunten", "punten", "points", "punt",
     "point", "keer", "times", "maal", "euro", "eur", "dollar", "dollars", "uur", "uren",
     "hours", "hour", "minuten", "minutes", "seconden", "seconds", "dagen", "days", "dag",
     "day", "weken", "weeks", "week", "maanden", "months", "maand", "month", "jaar", "jaren",
     "years", "year", "kwartaal", "quarter", "werkdagen", "mln", "miljoen", "million", "k",
     "x", "fte", "per"}
)  # fmt: skip
_DETERMINERS = frozenset(
    {"de", "het", "een", "the", "a", "an", "onze", "our", "alle", "all", "deze", "dit"}
)
# Between a number and what it counts: "twintig procent minder papier", "20% more visits".
_COUNT_FILLERS = frozenset(
    {"procent", "percent", "meer", "minder", "more", "less", "fewer", "extra", "additional"}
)
_PREPOSITIONS = frozenset(
    {"in", "op", "aan", "bij", "voor", "van", "met", "door", "over", "onder", "binnen", "naar",
     "on", "at", "for", "of", "with", "by", "within", "among", "across", "into"}
)  # fmt: skip
# Verbs that ask for "better", not "more": their plural object is not yet a count.
_QUALITY_VERBS = ("verbeter", "improv", "enhanc", "optimi", "maximi", "minimi", "versterk",
                  "strengthen", "bevorder", "foster", "stimul", "promot")  # fmt: skip
_PUNCT_STOP = frozenset({".", ",", ";", "!", "?", "(", ")", '"', "/"})


@dataclass(frozen=True)
class Evidence:
    """Positive evidence for S: ``kind`` and where the words are in the statement."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Negative:
    """A reason the statement names nothing identifiable."""

    kind: str
    start: int
    end: int


# Order of preference, for the quote in the reason and for the explanation.
EVIDENCE_ORDER = ("metric", "instrument", "deliverable", "counted", "measured", "acronym")


class _Weigher:
    def __init__(self, judge) -> None:
        self.judge = judge
        self.res = judge.res
        self.folded = judge.folded
        self.tokens = [m for m in _TOKEN.finditer(self.folded)]
        self.plain = [m.group(0) for m in self.tokens]
        self.starts = [m.start() for m in self.tokens]
        self.skip = _STOPWORDS
        self._qualities: set[int] | None = None
        self.evidence: list[Evidence] = []
        self.negatives: list[Negative] = []

    # -- small helpers
    @property
    def qualities(self) -> set[int]:
        """Where a judging word starts ("beter", "faster", "world-class", "snelle")."""
        if self._qualities is None:
            judge = self.judge
            self._qualities = {
                m.start() for m in [*judge.comparatives, *judge.subjective, *judge.buzz]
            } | {m.start() for m in _EVALUATIVE.finditer(self.folded)}
        return self._qualities

    def index_at(self, pos: int) -> int:
        """The first token starting at or after ``pos``."""
        return bisect.bisect_left(self.starts, pos)

    def is_content(self, word: str) -> bool:
        return (
            word[:1].isalpha()
            and len(word) > 1
            and word not in self.skip
            and word not in _BRIDGE
            and word not in lexicon.GENERIC
            and not _moves(word)
        )

    def bare_head(self, i: int) -> bool:
        """Token ``i`` is a generic head ("aandeel", "percentage") that says not of what."""
        words = self.plain
        previous = words[i - 1] if i > 0 else ""
        if (
            previous
            and self.is_content(previous)
            and previous not in QUALIFIERS
            and previous not in lexicon.ANAPHORS
        ):
            return False  # "conversion rate", "market share"
        j = i + 1
        if j < len(words) and words[j] in {"van", "of", "aan", "met", "over"}:
            j += 1
            while j < len(words) and words[j] in _DETERMINERS:
                j += 1
        if j < len(words):
            nxt = words[j]
            if self.is_content(nxt) and nxt not in _UNIT_WORDS and not _STATES.fullmatch(nxt):
                return False  # "het aantal klachten", "the share of returning users"
        return True

    # -- positive evidence
    def lexicon_hits(self) -> None:
        for kind, matches in (
            ("metric", self.judge.metrics),
            ("instrument", self.judge.instruments),
        ):
            for match in matches:
                if self._generic(match) or self._qualifier_only(match):
                    continue
                self.evidence.append(Evidence(kind, match.start(), match.end()))

    def deliverables(self) -> None:
        for match in _DELIVERABLE.find(self.judge.residual_words):
            if not self._generic(match):
                self.evidence.append(Evidence("deliverable", match.start(), match.end()))

    def _qualifier_only(self, match) -> bool:
        """ "the sales team", "energietransitie": the metric word is not the head."""
        word = match.group(0)
        if _FIELDS.fullmatch(word) or _ASPIRATIONS.fullmatch(word) or _STATES.fullmatch(word):
            return True
        j = self.index_at(match.end())
        return j < len(self.plain) and self.plain[j] in lexicon.ORGANISATION_HEADS

    def _generic(self, match: re.Match[str]) -> bool:
        first = match.group(0).split()[0]
        if first not in lexicon.GENERIC_HEADS and first not in {"number", "aantal"}:
            return False
        i = self.index_at(match.start())
        last = i + len(match.group(0).split()) - 1  # "number of" ends on "of"
        if match.group(0).endswith(" of"):
            last -= 1
        if i < len(self.tokens) and self.bare_head(last):
            self.negatives.append(Negative("generic_head", match.start(), match.end()))
            return True
        return False

    def counted(self) -> None:
        """ "300 laadpalen", "95% van de klachten", "12 new engineers": what a number counts."""
        for num in self.res.numbers:
            if num.role in ("window", "range_end") or num.unit_kind in ("eur", "currency"):
                continue  # an amount of money counts money, not a thing
            end = num.end
            if num.range_max is not None:
                later = [n for n in self.res.numbers if n.role == "range_end" and n.start >= end]
                end = later[0].end if later else end
            j = self.index_at(end)
            words = self.plain
            if num.unit == "percent" and j < len(words) and words[j] in {"van", "of"}:
                j += 1
            while j < len(words) and words[j] in lexicon.ANAPHORS - {"die"} | {
                "de", "the", "een", "a", "onze", "our", "alle", "all", "hun", "their"
            }:  # fmt: skip
                j += 1
            skipped = 0
            while (
                j < len(words)
                and skipped < 3
                and (
                    words[j] in QUALIFIERS
                    or words[j] in _COUNT_FILLERS
                    or words[j] in lexicon.GENERIC
                    or _EVALUATIVE.fullmatch(words[j])
                )
            ):
                j += 1
                skipped += 1
            if j >= len(words):
                continue
            head = words[j]
            if (
                not self.is_content(head)
                or head in _UNIT_WORDS
                or self._negative_word(head)
                or self.tokens[j].start() in self.qualities
            ):
                continue  # "10% beter", "2x better": a judgement, not a thing
            last = j
            if self.res.lang != "nl":  # "one pull request": English compounds are spaced
                while (
                    last + 1 < len(words)
                    and last < j + 2
                    and self.is_content(words[last + 1])
                    and words[last + 1] not in _UNIT_WORDS
                    and _noun_after(words[last + 1])
                ):
                    last += 1
            self.evidence.append(Evidence("counted", num.start, self.tokens[last].end()))

    def objects(self) -> None:
        """ "Reduce unplanned upgrade stops", "Verminder de voetafdruk met 30%": what a verb
        of direction moves, when it is a plural (countable) noun or comes with a number."""
        numbers = any(n.role != "window" for n in self.res.numbers)
        for verb in self.judge.verbs:
            if not _MOVES.fullmatch(verb.group(0)):
                continue
            after = self.judge.noun_phrase_after(verb.end())
            phrase = after or self._object_before(verb.start())
            if not phrase or (not after and self._in_prepositional_phrase(phrase[0].start())):
                continue
            head = phrase[-1].group(0)
            if (
                not self.is_content(head)
                or self._negative_word(head)
                or head in lexicon.GENERIC_OBJECTS
                or head.endswith(lexicon.GENERIC_OBJECT_SUFFIXES_NL)
                or any(p.fullmatch(head) for p, _hint in self.judge.abstract_patterns)
            ):
                continue
            quality = verb.group(0).startswith(_QUALITY_VERBS)
            if numbers or (_plural(head, self.res.lang) and not quality):
                start = min(m.start() for m in phrase)
                self.evidence.append(Evidence("counted", start, max(m.end() for m in phrase)))

    def _object_before(self, pos: int) -> list:
        """Dutch puts the object before the verb at the end ("een app bouwen"); in English
        the words before the verb are its subject ("each engineer ships")."""
        if self.res.lang != "nl":
            return []
        return self.judge.noun_phrase_before(pos)

    def _in_prepositional_phrase(self, start: int) -> bool:
        """ "(leefbaarheid) in de wijken": the words before the verb belong to a preposition."""
        i = self.index_at(start) - 1
        while i >= 0 and self.plain[i] in _DETERMINERS:
            i -= 1
        return i >= 0 and self.plain[i] in _PREPOSITIONS

    def delivered(self) -> None:
        """ "Een planningssysteem invoeren", "Launch a churn dashboard": a verb that finishes
        something, with a named object."""
        if not any(n.role != "window" for n in self.res.numbers) and _EVALUATIVE.search(
            self.folded
        ):
            return  # "a pitch that wows investors": the object is judged, not specified
        for verb in _DELIVER.finditer(self.folded):
            phrase = self.judge.noun_phrase_after(verb.end())
            phrase = phrase or self._object_before(verb.start())
            if not phrase:
                continue
            head = phrase[-1].group(0)
            if not self.is_content(head) or self._negative_word(head):
                continue
            if any(_EVALUATIVE.fullmatch(m.group(0)) for m in phrase):
                continue  # "a pitch that wows", "een sterke organisatie": judged, not named
            generic = head in lexicon.GENERIC_OBJECTS or head.endswith(
                lexicon.GENERIC_OBJECT_SUFFIXES_NL
            )
            named = len(phrase) > 1 and any(
                self.is_content(m.group(0)) and m.group(0) not in QUALIFIERS for m in phrase[:-1]
            )
            compound = any(
                head.endswith(suffix) and len(head) >= len(suffix) + 4
                for suffix in lexicon.GENERIC_OBJECT_SUFFIXES_NL
            )
            if generic and not (named or compound):
                continue  # "introduce a new system": which one?
            if any(p.fullmatch(head) for p, _hint in self.judge.abstract_patterns):
                continue
            start = min(m.start() for m in phrase)
            self.evidence.append(Evidence("deliverable", start, max(m.end() for m in phrase)))

    def window_subject(self) -> None:
        """ "Refunds processed within 3 days", "Klanten krijgen binnen 5 werkdagen antwoord":
        a service norm counts the cases handled in time, so its subject is what is counted."""
        windows = [r for r in self.res.time_refs if r.kind == "window"]
        if not windows:
            return
        for i, word in enumerate(self.plain):
            start = self.tokens[i].start()
            if any(w.start <= start < w.end for w in windows):
                continue
            if i == 0 and self.res.lang != "nl" and not _plural(word, "en"):
                continue  # "Pay suppliers within 30 days": the opening word is the verb
            if (
                self.is_content(word)
                and word not in _UNIT_WORDS
                and not _negative_word(word)
                and _ACTIVITY.fullmatch(word) is None
                and _DELIVER.fullmatch(word) is None
                and not self._vague_verb_at(start)
                and not _EVALUATIVE.fullmatch(word)
            ):
                last = i
                if self.res.lang != "nl":
                    while (
                        last + 1 < len(self.plain)
                        and last < i + 2
                        and _noun_after(self.plain[last + 1])
                    ):
                        last += 1
                self.evidence.append(Evidence("counted", start, self.tokens[last].end()))
                return

    def measured(self) -> None:
        """ "Stability >95%", "wachtlijst van 120 naar 80": the property before its value."""
        for num in self.res.numbers:
            if num.role in ("window", "range_end"):
                continue
            i = self.index_at(num.start) - 1
            steps = 0
            while i >= 0 and steps < 6:
                word = self.plain[i]
                if word in _PUNCT_STOP:
                    break
                if word in _BRIDGE or word in self.skip or word[:1].isdigit():
                    i -= 1
                    steps += 1
                    continue
                if self._vague_verb_at(self.tokens[i].start()):
                    i -= 1
                    steps += 1
                    continue
                opening = i == 0 and self.res.lang != "nl"  # "Sign 3 partners": a verb
                if (
                    not opening
                    and self.is_content(word)
                    and not self._negative_word(word)
                    and word not in _UNIT_WORDS
                    and not _ACTIVITY.fullmatch(word)
                ):
                    self.evidence.append(
                        Evidence("measured", self.tokens[i].start(), self.tokens[i].end())
                    )
                break
            if self.plain and i >= 0 and self.plain[i] in lexicon.GENERIC_HEADS:
                self.negatives.append(
                    Negative("generic_head", self.tokens[i].start(), self.tokens[i].end())
                )

    def _vague_verb_at(self, pos: int) -> bool:
        return any(m.start() == pos for m in self.judge.verbs)

    @staticmethod
    def _negative_word(word: str) -> bool:
        return _negative_word(word)

    def acronyms(self) -> None:
        text = self.res.text
        letters = [c for c in text if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) * 2 > len(letters):
            return  # WRITTEN IN CAPITALS: capitals say nothing
        for match in _ACRONYM.finditer(text):
            word = match.group(0).lower()
            if word in _FIELD_ACRONYMS:
                self.negatives.append(Negative("field", match.start(), match.end()))
            elif word not in lexicon.NOT_METRIC_ACRONYMS and not word[1:].isdigit():
                self.evidence.append(Evidence("acronym", match.start(), match.end()))

    # -- negative classes
    def classes(self) -> None:
        folded, spans = self.folded, self.res.purpose_spans

        def add(kind: str, pattern: re.Pattern[str], text: str) -> None:
            for match in pattern.finditer(text):
                if not any(s <= match.start() < e for s, e in spans):
                    self.negatives.append(Negative(kind, match.start(), match.end()))

        add("field", _FIELDS, folded)
        add("activity", _ACTIVITY, folded)
        add("aspiration", _ASPIRATIONS, folded)
        add("state", _STATES, folded)
        add("evaluative", _EVALUATIVE, folded)
        for match in [*self.judge.subjective, *self.judge.comparatives]:
            self.negatives.append(Negative("evaluative", match.start(), match.end()))

    def anaphor(self) -> None:
        """ "Dit moet omhoog", "That share must reach 40%": the subject is elsewhere."""
        words = [w for w in self.plain]
        if not words:
            return
        first = next((i for i, w in enumerate(words) if w[:1].isalnum()), None)
        if first is None or words[first] not in lexicon.ANAPHORS:
            return
        nxt = words[first + 1] if first + 1 < len(words) else ""
        demonstrative = words[first] not in {"het", "de", "the"}
        pronoun_subject = not nxt or not self.is_content(nxt) or _MOVES.fullmatch(nxt)
        token = self.tokens[first]
        if demonstrative and (nxt in lexicon.GENERIC_HEADS or self._lexicon_word(nxt)):
            # "Deze score", "That share": quote the pointer with its head.
            end = self.tokens[first + 1].end()
            self.negatives.append(Negative("anaphor", token.start(), end))
        elif pronoun_subject and nxt not in {"aantal", "number"}:
            self.negatives.append(Negative("anaphor", token.start(), token.end()))

    def _state_verb(self) -> bool:
        spans = self.res.purpose_spans
        return any(
            not any(a <= m.start() < b for a, b in spans) for m in _STATES.finditer(self.folded)
        )

    def _lexicon_word(self, word: str) -> bool:
        return word in {"score", "cijfer", "percentage", "doel", "target", "kpi", "metric"}

    def run(self) -> tuple[list[Evidence], list[Negative]]:
        """Evidence of the strongest kind found (the search stops there), else the negative
        classes that explain why nothing identifiable is named."""
        self.anaphor()
        if not any(n.role != "window" for n in self.res.numbers) and self._state_verb():
            # "Every manager understands the budget": a state of mind, whatever its object.
            self.classes()
            return [], self.negatives
        anaphors = [n for n in self.negatives if n.kind == "anaphor"]
        stages = (
            self.lexicon_hits, self.deliverables, self.delivered, self.counted, self.objects,
            self.measured, self.window_subject, self.acronyms,
        )  # fmt: skip
        for stage in stages:
            stage()
            if anaphors:
                # What a pointing subject stands for is elsewhere: the words right after it
                # ("Deze score", "Dat aandeel") are not evidence.
                self.evidence = [
                    e
                    for e in self.evidence
                    if not any(a.start <= e.start < a.end for a in anaphors)
                ]
            if self.evidence:
                return self.evidence, self.negatives
        self.classes()
        return self.evidence, self.negatives


@functools.lru_cache(maxsize=8192)
def _negative_word(word: str) -> bool:
    """A word of a negative class: generic head, pointer, field, aspiration or state."""
    return (
        word in lexicon.GENERIC_HEADS
        or word in lexicon.ANAPHORS
        or bool(_FIELDS.fullmatch(word))
        or bool(_ASPIRATIONS.fullmatch(word))
        or bool(_STATES.fullmatch(word))
    )


@functools.lru_cache(maxsize=8192)
def _moves(word: str) -> bool:
    return _MOVES.fullmatch(word) is not None


_FUNCTION_WORDS = lexicon.STOPWORDS["nl"] | lexicon.STOPWORDS["en"] | _BRIDGE | lexicon.GENERIC


@functools.lru_cache(maxsize=8192)
def is_modifier(word: str) -> bool:
    """A word that may qualify the metric after it: a content word, no verb of a list."""
    return (
        word[:1].isalpha()
        and len(word) > 2
        and word not in _FUNCTION_WORDS
        and not _moves(word)
        and _DELIVER.fullmatch(word) is None
        and _ACTIVITY.fullmatch(word) is None
        and not _negative_word(word)
    )


def _noun_after(word: str) -> bool:
    """The next word of an English compound ("pull request"), not a participle ("processed")."""
    return is_modifier(word) and not word.endswith(("ed", "ing"))


def _plural(word: str, lang: str) -> bool:
    """A countable plural: "stops", "outages", "klachten", "storingen"."""
    if len(word) < 4:
        return False
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ness", "ics")):
        return True
    return lang == "nl" and word.endswith(("ingen", "ten", "len", "gen", "ssen", "ken"))


def weigh(judge) -> tuple[list[Evidence], list[Negative]]:
    """Positive evidence and negative classes for S, in statement order within each kind."""
    return _Weigher(judge).run()


def best(evidence: list[Evidence]) -> Evidence | None:
    """The evidence to quote: the strongest kind first, then the earliest."""
    if not evidence:
        return None
    return min(evidence, key=lambda e: (EVIDENCE_ORDER.index(e.kind), e.start))


# A subject pointing back or a head without "of what" explains most; a lone evaluative word
# least; between them the earliest class in the sentence is its main verb or subject.
_RANK = {"anaphor": 0, "generic_head": 1, "evaluative": 3}


def worst(negatives: list[Negative]) -> Negative | None:
    """The negative class that explains the statement best."""
    if not negatives:
        return None
    return min(negatives, key=lambda n: (_RANK.get(n.kind, 2), n.start))
