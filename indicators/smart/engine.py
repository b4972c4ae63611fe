"""Judge a KPI on S, M, A, R and T, with a reason and a suggestion for each.

S, M and T are judged on the statement text (and, inside the app, on the
structured fields as well). A and R depend on the people and the strategy tree,
so on a bare statement they stay ``None`` unless the text itself gives a
baseline (A) or states what the KPI contributes to (R) -- the label conventions
in ../shared/eval/README.md.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from . import lexicon, specific
from .i18n import N_, join_list, norm_lang, quote_params, t
from .matcher import Span, WordList, Words
from .parse import Analysis, analyse
from .text import MAX_ANALYSED_CHARS, words
from .types import Criterion, Evaluation, KpiContext, Status

# --------------------------------------------------------------------------- matchers


def _alt(items: list[str], *, escape: bool) -> str:
    parts = [re.escape(i) if escape else i for i in items]
    parts.sort(key=len, reverse=True)
    return "|".join(parts)


def _word_regex(alternatives: str) -> re.Pattern[str]:
    # Bounded on both sides by "not a letter or digit", which also works for "#1".
    return re.compile(r"(?<![a-z0-9])(?:" + alternatives + r")(?![a-z0-9])")


def _inflected(items: list[str], lang: str) -> list[str]:
    """Escaped words; a Dutch comparative also matches its inflected form (beter -> betere)."""
    out = []
    for item in items:
        pattern = re.escape(item)
        if lang == "nl" and item.endswith("er") and " " not in item and item != "meer":
            pattern += "e?"
        out.append(pattern)
    return out


_BOTH = ("nl", "en")
# The word lists are scanned with WordList (one look-up per word, see matcher.py); the
# compiled regexes below serve the checks on a single word or a short phrase.
_VAGUE_VERB = {lang: WordList(_alt(lexicon.VAGUE_VERBS[lang], escape=False)) for lang in _BOTH}
_COMPARATIVE = {
    lang: WordList(_alt(_inflected(lexicon.COMPARATIVES[lang], lang), escape=False))
    for lang in _BOTH
}
_BUZZ = {
    lang: WordList(
        _alt(_inflected(lexicon.BUZZ[lang], lang), escape=False)
        + "|"
        + "|".join(lexicon.BUZZ_PATTERNS)
    )
    for lang in _BOTH
}
_SUBJECTIVE = {lang: WordList(_alt(lexicon.SUBJECTIVE[lang], escape=True)) for lang in _BOTH}
_ABSTRACT = [(_word_regex(pattern), hint) for pattern, hint in lexicon.ABSTRACT]
_ABSTRACT_LISTS = [(WordList(pattern), hint) for pattern, hint in lexicon.ABSTRACT]
_INSTRUMENT = _word_regex(lexicon.INSTRUMENT)
_METRIC = _word_regex(lexicon.METRIC)
_INSTRUMENT_LIST = WordList(lexicon.INSTRUMENT)
_METRIC_LIST = WordList(lexicon.METRIC)
_WORLD = re.compile(lexicon.WORLD_SCALE)
_NPS_LIKE = re.compile(r"\b(?:nps|net promoter|\w*score\w*|punten|points|enps)\b")
_STOP = lexicon.STOPWORDS["nl"] | lexicon.STOPWORDS["en"]
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'&-]*|[^\sa-z0-9]")
# Words that end the object of a verb: prepositions, conjunctions, modals and pronouns.
_NP_BOUNDARY = frozenset(
    {"in", "on", "at", "for", "with", "among", "amongst", "across", "by", "to", "from", "of",
     "and", "or", "so", "that", "which", "within", "through", "into", "via", "per", "over",
     "van", "voor", "met", "bij", "op", "aan", "naar", "onder", "binnen", "door", "en", "zodat",
     "om", "te", "dat", "tussen", "tot", "we", "wij", "ik", "you", "i", "they", "zij", "ze",
     "gaan", "willen", "moeten", "zullen", "wil", "kan", "kunnen", "moet", "gaat", "zal",
     "will", "must", "should", "can", "want", "need", "is", "are", "be", "wordt", "worden",
     "zijn", "er", "while", "terwijl", "waardoor", "whilst", "than", "dan"}
)  # fmt: skip
_DETERMINERS = frozenset(
    {"the", "a", "an", "our", "my", "your", "their", "its", "this", "these", "those", "all",
     "de", "het", "een", "onze", "ons", "mijn", "je", "jouw", "uw", "hun", "deze", "dit", "die",
     "alle", "al", "haar", "his", "her", "whole", "entire", "hele", "gehele", "current",
     "huidige", "existing", "bestaande", "internal", "interne", "overall"}
)  # fmt: skip
_SKILLS = re.compile(r"\w*vaardighe\w*|skills?")
_TOPIC_BEFORE = re.compile(r"\b(?:in|on|op|over|rond|around|about)\s(?:[a-z-]{1,20}\s){0,2}$")
MAX_VAGUE_TERMS = 20
_MOVE = re.compile(r"(?:" + lexicon.UP_VERBS + "|" + lexicon.DOWN_VERBS + r")")
# Common verbs that end the "of what" after a generic head ("het aantal daklozen neemt af").
_FINITE_VERBS = frozenset(
    {"neemt", "nemen", "loopt", "lopen", "komt", "komen", "blijft", "blijven", "houdt",
     "houden", "haalt", "halen", "ligt", "liggen", "staat", "staan", "toe", "af", "goes",
     "stays", "remains", "rises", "falls", "grows", "drops", "reaches", "hits", "keeps"}
)  # fmt: skip
_COMPOUND_TAIL = re.compile(r"-[a-z]{2,20}(?![a-z0-9])")
# "aantal klachten", "number of trial sign-ups": the words that say of what.
_OF_WHAT = re.compile(
    r"(?:\s(?:van|of))?(?:\s(?:de|het|the|onze|our|alle|all))?((?:\s[a-z][a-z-]+){1,3})"
)


def _of_what_end(folded: str, end: int) -> int:
    """Where "of what" ends after a generic head, or ``end`` when nothing says it."""
    tail = _OF_WHAT.match(folded, end)
    if not tail:
        return end
    stop = tail.start(1)
    for word in re.finditer(r"[a-z][a-z-]+", folded[tail.start(1) : tail.end(1)]):
        if (
            word.group(0) in _NP_BOUNDARY
            or word.group(0) in _STOP
            or word.group(0) in _FINITE_VERBS
            or _MOVE.fullmatch(word[0])
        ):
            break
        stop = tail.start(1) + word.end()
    return stop if stop > tail.start(1) else end


# Positive evidence for S, quoted in the reason (i18n.N_ marks them for translation).
_EVIDENCE_REASONS = {
    "metric": N_("Names a concrete metric: %(metric)s."),
    "instrument": N_("Names a measuring instrument: %(metric)s."),
    "deliverable": N_("Names a deliverable: %(metric)s."),
    "counted": N_("Names what is counted: %(metric)s."),
    "measured": N_("Names what is measured: %(metric)s."),
    "acronym": N_("Names a metric by its abbreviation: %(metric)s."),
}
# Why nothing identifiable is named, and how to fix it, per negative class.
_NEGATIVE_MESSAGES = {
    "anaphor": (
        N_("%(term)s points back to something said elsewhere; on its own the statement does "
           "not say what is measured."),
        N_("Name the thing itself instead of %(term)s, for example: %(rewrite)s."),
    ),
    "generic_head": (
        N_("%(term)s of what? The statement does not say what is counted."),
        N_("Say what it is a share or a count of, such as “the share of invoices paid within "
           "30 days”: %(rewrite)s."),
    ),
    "field": (
        N_("%(term)s is a field of work, not something you can count."),
        N_("Choose one result of %(term)s that you can count or measure: %(rewrite)s."),
    ),
    "activity": (
        N_("%(term)s describes an activity, not an outcome."),
        N_("Say what the work must deliver and how you will count it: %(rewrite)s."),
    ),
    "aspiration": (
        N_("%(term)s is an aspiration: nothing in it can be counted yet."),
        N_("Name the figure that shows progress, such as a share from a resident or customer "
           "survey: %(rewrite)s."),
    ),
    "state": (
        N_("%(term)s describes a state of mind, not something you can count."),
        N_("Make it observable, for example a quiz or survey score: %(rewrite)s."),
    ),
    "evaluative": (
        N_("%(term)s is a judgement without a measure."),
        N_("Say what you would measure to call it %(term)s: %(rewrite)s."),
    ),
}  # fmt: skip


def _hits(wordlist: WordList, words: Words) -> list[Span]:
    return wordlist.find(words)


# --------------------------------------------------------------------------- formatting


def fmt_number(value: Decimal, unit: str | None, lang: str) -> str:
    """A number as a Dutch or English reader writes it, with its unit."""
    normal = value.normalize()
    if normal == normal.to_integral_value():
        text = f"{int(normal):,}"
    else:
        text = f"{float(normal):,.2f}".rstrip("0").rstrip(".")
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if unit == "percent":
        return text + "%"
    if unit == "eur":
        return "\u20ac " + text
    if unit in ("hours", "days", "minutes"):
        one = normal == 1
        names = {
            "hours": t(lang, "hour") if one else t(lang, "hours"),
            "days": t(lang, "day") if one else t(lang, "days"),
            "minutes": t(lang, "minute") if one else t(lang, "minutes"),
        }
        return f"{text} {names[unit]}"
    return text


# A time phrase that already says how it bounds the deadline ("binnen 6 maanden", "by March").
_BOUNDED_PHRASE = re.compile(
    r"(?:binnen|uiterlijk|v[oó][oó]r|eind|tegen|in|per|tijdens|within|by|before|end|for|"
    r"during)\b",
    re.IGNORECASE,
)
# A phrase that names a day ("1 juli 2027", "1-7-2027", "2027-07-01"), not a whole period.
_DAY_PHRASE = re.compile(r"\d{1,2}(?:\s+[^\W\d]|[-/.]\d)|\d{4}-\d{2}-\d{2}")


def _quoted(text: str) -> str:
    """The user's words in curly quotes, for a parameter that is not quoted by name."""
    return f"\u201c{_quote(text)}\u201d"


def _quote(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# --------------------------------------------------------------------------- the judge


class _Judge:
    def __init__(self, ctx: KpiContext) -> None:
        self.ctx = ctx
        self.lang = norm_lang(ctx.lang)
        statement = ctx.statement if isinstance(ctx.statement, str) else str(ctx.statement or "")
        self.res: Analysis = analyse(statement, self.lang, ctx.today)
        self.ext = self.res.extraction
        self.folded = self.res.folded
        self.vague_terms: list[str] = []
        # ("value" or "date", what the statement says, what the field says)
        self.disagreements: list[tuple[str, object, object]] = []
        self._vague_seen: set[str] = set()
        self._scan_lexicon()

    def _(self, message: str, **params: object) -> str:
        return t(self.lang, message, **quote_params(params))

    # -- lexicon hits, in both languages: facilitators mix them ("NPS verhogen")
    def _scan_lexicon(self) -> None:
        folded, residual = Words(self.folded), Words(self.res.residual)
        self.folded_words, self.residual_words = folded, residual
        primary = self.lang
        other = "en" if primary == "nl" else "nl"
        spans = self.res.purpose_spans

        def outside(matches: list[re.Match[str]]) -> list[re.Match[str]]:
            # Vague words in a purpose clause ("om data beter te analyseren") say why, not what.
            return [m for m in matches if not any(s <= m.start() < e for s, e in spans)]

        self.verbs = outside(
            _hits(_VAGUE_VERB[primary], folded) + _hits(_VAGUE_VERB[other], folded)
        )
        # The statement's language need not be the screen's: a Dutch KPI read in English.
        self.comparatives = outside(
            _hits(_COMPARATIVE[primary], residual) + _hits(_COMPARATIVE[other], residual)
        )
        self.buzz = outside(_hits(_BUZZ[primary], folded) + _hits(_BUZZ[other], folded))
        subjective = outside(
            _hits(_SUBJECTIVE[primary], residual) + _hits(_SUBJECTIVE[other], residual)
        )
        self.subjective = list({m.group(0): m for m in subjective}.values())
        self.metrics = _hits(_METRIC_LIST, residual)
        self.instruments = _hits(_INSTRUMENT_LIST, residual)
        self.abstract: list[tuple[Span, str]] = []
        for wordlist, hint in _ABSTRACT_LISTS:
            self.abstract.extend((m, hint) for m in outside(wordlist.find(residual)))
        self.abstract.sort(key=lambda pair: pair[0].start())
        for match in [*self.buzz, *(m for m, _h in self.abstract), *self.subjective]:
            self._note_vague(match)
        if not self.res.numbers:
            for match in [*self.verbs, *self.comparatives]:
                self._note_vague(match)

    def _note_vague(self, match: re.Match[str]) -> None:
        raw = self.res.text[match.start() : match.end()]
        key = raw.lower()
        if raw and key not in self._vague_seen and len(self.vague_terms) < MAX_VAGUE_TERMS:
            self._vague_seen.add(key)
            self.vague_terms.append(raw)

    def raw(self, match: re.Match[str]) -> str:
        return _quote(self.res.text[match.start() : match.end()])

    # -- helpers shared by several criteria
    def content_words(self) -> list[str]:
        """Words that could name what is measured, once function and goal words are gone."""
        residual = self.res.residual
        for match in [*self.verbs, *self.comparatives]:
            residual = (
                residual[: match.start()] + " " * len(match.group(0)) + residual[match.end() :]
            )
        return [
            w
            for w in words(residual)
            if len(w) > 2
            and not w.isdigit()
            and w not in _STOP
            and w not in lexicon.GENERIC
            and (not w.endswith(("doelstelling", "doelstellingen")) or bool(_METRIC.fullmatch(w)))
        ]

    def metric_phrase(self) -> str | None:
        """The first metric named, with its article ("de omzet"), for the rewrite."""
        if not self.metrics:
            return None
        match = self.metrics[0]
        end = match.end()
        if match.group(0) in ("aantal", "number of", "percentage", "aandeel", "share"):
            end = _of_what_end(self.folded, end)  # "the number of trial sign-ups"
        article = re.search(
            r"(?:^|\s)(de|het|the)\s$", self.folded[max(0, match.start() - 5) : match.start()]
        )
        start = match.start() - len(article.group(0).lstrip()) if article else match.start()
        phrase = self.res.text[start:end]
        # A word capitalised only because it opened the sentence reads wrong mid-rewrite
        # ("Verlaag De wachttijd"); acronyms and names written in capitals keep theirs.
        if not self.res.text[:start].strip() and phrase[:1].isupper() and phrase[1:2].islower():
            phrase = phrase[0].lower() + phrase[1:]
        return _quote(phrase)

    def rewrite(self) -> str:
        """The rewrite pattern: verb + metric + from baseline + to target + by date."""
        lang, ext, ctx = self.lang, self.ext, self.ctx
        direction = ctx.direction or ext.direction
        if direction == "lower":
            verb = self._("Reduce")
        elif direction == "higher":
            verb = self._("Increase")
        else:  # which way is better is not known ("Verzuim naar 4%"): don't guess
            verb = self._("Bring")
        metric = self.metric_phrase() or self._("[metric]")
        unit = ctx.unit or ext.unit
        baseline = ctx.baseline_value if ctx.baseline_value is not None else ext.baseline
        target = ctx.target_value if ctx.target_value is not None else ext.target
        base_txt = (
            fmt_number(baseline, unit, lang) if baseline is not None else self._("[baseline]")
        )
        target_txt = fmt_number(target, unit, lang) if target is not None else self._("[target]")
        if ctx.target_date:
            when = self._("by %(date)s", date=self.format_date(ctx.target_date))
        elif ext.period_label:
            when = self.deadline_phrase(ext.period_label)
        else:
            when = self._("by %(date)s", date=self._("[date]"))
        return self._(
            "%(action)s %(subject)s from %(baseline)s to %(target)s %(when)s",
            action=verb,
            subject=metric,
            baseline=base_txt,
            target=target_txt,
            when=when,
        )

    def deadline_phrase(self, label: str) -> str:
        """The statement's own time phrase as the end of the rewrite: "binnen 6 maanden" stays,
        a day gets "by" ("uiterlijk 1 juli 2027"), a year or quarter "by the end of"."""
        # The label is folded to lower case; the user's own capitals read better ("1 July").
        label = next((r.raw for r in self.res.time_refs if r.raw.lower() == label.lower()), label)
        if _BOUNDED_PHRASE.match(label):
            return label
        if _DAY_PHRASE.match(label):
            return self._("by %(date)s", date=label)
        return self._("by the end of %(period)s", period=label)

    def format_date(self, day: dt.date) -> str:
        if self.lang == "nl":
            return f"{day.day}-{day.month}-{day.year}"
        return day.isoformat()

    def scale_implied(self) -> bool:
        """A level number next to an abstract subject ("tevredenheid naar 8") implies a scale."""
        return any(
            (n.role in ("target", "from") or n.comparator or n.unit in ("score", "percent"))
            and n.role != "change"
            for n in self.res.numbers
        )

    # -- S
    def _only_qualities(self, qualities: list[re.Match[str]]) -> Criterion:
        """S missing: words that describe ("snellere", "friendly") but nothing to count."""
        terms = ", ".join(f"\u201c{self.raw(m)}\u201d" for m in qualities[:3])
        return Criterion(
            "S",
            Status.MISSING,
            self._(
                "Only descriptive words such as %(terms)s; nothing says what is measured.",
                terms=terms,
            ),
            self._(
                "Pick the one number that shows it, for example: %(rewrite)s.",
                rewrite=self.rewrite(),
            ),
        )

    def judge_s(self) -> Criterion:
        _ = self._
        res, ctx = self.res, self.ctx
        numbers = res.numbers
        first_metric = self.metrics[0].start() if self.metrics else None
        if self.buzz and not (self.metrics and numbers):
            term = self.raw(self.buzz[0])
            return Criterion(
                "S",
                Status.MISSING,
                _("%(term)s is an ambition, not something you can count.", term=term),
                _(
                    "Say what you would count to know you got there. Rewrite it as: %(rewrite)s.",
                    rewrite=self.rewrite(),
                ),
            )
        open_abstract = [
            (m, hint)
            for m, hint in self.abstract
            if not self._abstract_is_measured(m)
            and not self._skills_topic(m)
            and (first_metric is None or m.start() < first_metric)
        ]
        if open_abstract and not self.scale_implied() and not ctx.data_source.strip():
            match, hint = open_abstract[0]
            status = Status.WEAK if numbers else Status.MISSING
            return Criterion(
                "S",
                status,
                _(
                    "%(term)s is an abstract notion: it needs a measuring instrument.",
                    term=self.raw(match),
                ),
                _("Measure it with %(instrument)s, for example: %(rewrite)s.",
                  instrument=_(hint), rewrite=self.rewrite()),
            )  # fmt: skip
        # One word can be both ("snellere"): list it once.
        qualities = sorted(
            {m.start(): m for m in [*self.subjective, *self.comparatives]}.values(),
            key=lambda m: m.start(),
        )
        if len(qualities) >= 2 and not numbers:
            return self._only_qualities(qualities)
        generic = None if numbers else self.generic_object()
        if generic is not None:
            return Criterion(
                "S",
                Status.MISSING,
                _("%(term)s is a general object: it names no metric or deliverable.",
                  term=generic),
                _("Say which figure about %(term)s must change, for example: %(rewrite)s.",
                  term=generic, rewrite=self.rewrite()),
            )  # fmt: skip
        content = self.content_words()
        if qualities and not numbers and not self.metrics and len(content) <= 2:
            # "Efficiëntere processen": a quality stuck on a noun, nothing to count.
            return self._only_qualities(qualities)
        evidence, negatives = specific.weigh(self)
        found = specific.best(evidence)
        if found is None:
            return self._no_evidence(negatives, content)
        phrase = self.evidence_phrase(found)
        reason = self._(_EVIDENCE_REASONS[found.kind], metric=phrase)
        if self.verbs and not numbers:
            suggestion = _(
                "%(verb)s only gives a direction; say how much: %(rewrite)s.",
                verb=self.raw(self.verbs[0]),
                rewrite=self.rewrite(),
            )
        else:
            suggestion = _("Use exactly this metric name on the KPI card and in the data source.")
        return Criterion("S", Status.MET, reason, suggestion)

    def _no_evidence(self, negatives: list[specific.Negative], content: list[str]) -> Criterion:
        """S not met: nothing identifiable is named; say which kind of vagueness it is."""
        _ = self._
        numbers = bool(self.res.numbers)
        worst = specific.worst(negatives)
        rewrite = self.rewrite()
        if worst is None:
            status = Status.WEAK if numbers or content else Status.MISSING
            if not content:
                return Criterion(
                    "S",
                    Status.MISSING,
                    _("The statement does not say what is measured."),
                    _(
                        "Name the metric itself, such as “sickness absence rate” "
                        "instead of “our target”: %(rewrite)s.",
                        rewrite=rewrite,
                    ),
                )
            return Criterion(
                "S",
                status,
                _("No metric, measuring instrument or deliverable is named."),
                _("Name the one thing you will count, measure or deliver, for example: "
                  "%(rewrite)s.", rewrite=rewrite),
            )  # fmt: skip
        term = _quote(self.res.text[worst.start : worst.end])
        reason, suggestion = _NEGATIVE_MESSAGES[worst.kind]
        weak = numbers and worst.kind in ("anaphor", "generic_head", "evaluative")
        return Criterion(
            "S",
            Status.WEAK if weak else Status.MISSING,
            _(reason, term=term),
            _(suggestion, term=term, rewrite=rewrite),
        )

    def evidence_phrase(self, found: specific.Evidence) -> str:
        """The words the evidence rests on, with their qualifiers ("gemiddelde oplostijd")."""
        text, folded = self.res.text, self.folded
        start, end = found.start, found.end
        compound = _COMPOUND_TAIL.match(folded, end)
        if compound and found.kind != "counted":
            end = compound.end()  # "CSAT-score", "NPS-meting"
        if found.kind != "counted":
            head = folded[start:end].split()[0] if folded[start:end].strip() else ""
            if head in lexicon.GENERIC_HEADS or head in ("number", "aantal"):
                # "het aantal klachten", "the number of trial sign-ups": quote of what.
                end = _of_what_end(folded, end)
            before = list(_TOKEN.finditer(folded, max(0, start - 40), start))
            verbs = {m.start() for m in self.verbs}
            for token in reversed(before[-2:]):
                word = token.group(0)
                adjacent = token.end() == start - 1
                # "gemiddelde oplostijd", "customer satisfaction score", "sickness absence";
                # not the opening word, which in a KPI is mostly the verb ("Keep", "Cut").
                modifier = (
                    adjacent
                    and bool(folded[: token.start()].strip())
                    and token.start() not in verbs
                    and specific.is_modifier(word)
                )
                if word in specific.QUALIFIERS or modifier:
                    start = token.start()
                else:
                    break
        phrase = text[start:end]
        if not text[:start].strip() and phrase[:1].isupper() and phrase[1:2].islower():
            phrase = phrase[0].lower() + phrase[1:]
        return _quote(phrase)

    def generic_object(self) -> str | None:
        """The generic noun ("processes", "werkwijze") that is a vague verb's only object."""
        folded = self.folded
        for verb in self.verbs:
            after = [m for m in _TOKEN.finditer(folded, verb.end(), verb.end() + 80)]
            if after and after[0].group(0) in {"van", "of"}:
                after = after[1:]  # "het optimaliseren van de processen"
            phrase = self._noun_phrase(after)
            if not phrase:
                before = list(_TOKEN.finditer(folded, max(0, verb.start() - 80), verb.start()))
                phrase = self._noun_phrase(before[::-1])[::-1]
            if not phrase:
                continue
            head = phrase[-1].group(0)
            generic = head in lexicon.GENERIC_OBJECTS or (
                head.endswith(lexicon.GENERIC_OBJECT_SUFFIXES_NL) and len(head) < 40
            )
            if not generic:
                continue
            end = max(m.end() for m in phrase)
            if any(m.start() < end for m in self.metrics) or any(
                m.start() < end for m in self.instruments
            ):
                continue  # "the complaints process", "NPS-proces": a metric is named
            return _quote(self.res.text[min(m.start() for m in phrase) : end])
        return None

    abstract_patterns = _ABSTRACT

    def noun_phrase_after(self, pos: int) -> list[re.Match[str]]:
        """The noun phrase that starts at ``pos`` (after a verb), "van"/"of" skipped."""
        after = list(_TOKEN.finditer(self.folded, pos, pos + 80))
        if after and after[0].group(0) in {"van", "of"}:
            after = after[1:]
        return self._noun_phrase(after)

    def noun_phrase_before(self, pos: int) -> list[re.Match[str]]:
        """The noun phrase that ends at ``pos`` (before a Dutch verb at the end)."""
        before = list(_TOKEN.finditer(self.folded, max(0, pos - 80), pos))
        return self._noun_phrase(before[::-1])[::-1]

    @staticmethod
    def _noun_phrase(tokens: list[re.Match[str]]) -> list[re.Match[str]]:
        """Leading content words of ``tokens`` (determiners skipped), up to a boundary."""
        phrase: list[re.Match[str]] = []
        for token in tokens[:6]:
            word = token.group(0)
            if word in _DETERMINERS and not phrase:
                continue
            if word in _NP_BOUNDARY or not word[0].isalnum() or word in _DETERMINERS:
                break
            phrase.append(token)
        return phrase

    def _skills_topic(self, match: re.Match[str]) -> bool:
        """ "Train 40 nurses in digital skills": skills as the topic of a counted deliverable."""
        if not _SKILLS.fullmatch(match.group(0)):
            return False
        if not _TOPIC_BEFORE.search(self.folded[max(0, match.start() - 45) : match.start()]):
            return False
        return any(n.unit == "count" and n.role != "window" for n in self.res.numbers)

    def _abstract_is_measured(self, match: re.Match[str]) -> bool:
        if _INSTRUMENT.fullmatch(match.group(0)):
            return True  # "klanttevredenheidsscore"
        # A metric or instrument within the next two words makes the abstract word a modifier
        # ("customer satisfaction score", "engagement rate").
        tail = self.res.residual[match.end() : match.end() + 30]
        if re.match(r"\s*(?:&|and\b|en\b|or\b|of\b|,|/)", tail):
            return False  # "engagement & retention": two subjects, not a modifier
        following = words(tail)[:2]
        next_words = " ".join(following)
        if not next_words:
            return False
        if _INSTRUMENT.search(next_words) or _METRIC.match(next_words):
            return True
        # "communication skills training": a deliverable further along the same compound.
        for word in following:
            if word in _NP_BOUNDARY or word in _STOP:
                return False
            if _METRIC.fullmatch(word):
                return True
        return False

    # -- M
    def judge_m(self) -> Criterion:
        _ = self._
        res, ctx, ext = self.res, self.ctx, self.ext
        numbers = res.numbers
        if numbers:
            # "6,5 en 2 minuten", "15-20 %": a list reads as a list, a range as one quantity.
            shown = join_list(self.lang, self.quantities_shown()[:3])
            reason = _("Contains a measurable quantity: %(quantity)s.", quantity=_quote(shown, 60))
        elif ctx.target_value is not None:
            reason = _("The target value is filled in on the KPI card.")
        elif res.definition_head:
            reason = _("Defines a quantitative metric (a count, percentage or average).")
        elif res.cadence_measure:
            reason = _("How often it happens is the measure.")
        else:
            return self._m_missing()
        missing: list[str] = []
        has_baseline = ctx.baseline_value is not None or ext.baseline is not None
        if not has_baseline:
            missing.append(_("a baseline"))
        if ctx.has_context:
            if not ctx.data_source.strip():
                missing.append(_("a data source"))
            if not (ctx.frequency or ext.frequency):
                missing.append(_("a measurement frequency"))
        disagreement = self.value_disagreement()
        if disagreement is not None:
            return Criterion(
                "M",
                Status.WEAK,
                disagreement,
                _("Decide which one is right and correct the other: progress is measured "
                  "against the fields, the statement is what people read."),
            )  # fmt: skip
        if ctx.has_context and missing:
            return Criterion(
                "M",
                Status.WEAK,
                reason + " " + _("Still missing: %(items)s.", items=join_list(self.lang, missing)),
                _("Add %(items)s so that anyone can repeat the measurement.",
                  items=join_list(self.lang, missing)),
            )  # fmt: skip
        if missing:
            suggestion = _(
                "Add where you stand today (baseline value and date), so progress is visible."
            )
        elif ext.target is None and ctx.target_value is None and not numbers:
            suggestion = _("Add the target value, e.g. “at least 250” or “to 85%”.")
        elif ctx.has_context:  # source, frequency and baseline are all on the card already
            suggestion = _(
                "Keep the definition on the card exact, so everyone computes the number the "
                "same way."
            )
        else:
            suggestion = _("Record the data source and how often it is measured.")
        return Criterion("M", Status.MET, reason, suggestion)

    def _m_missing(self) -> Criterion:
        _ = self._
        res = self.res
        rewrite = self.rewrite()
        if res.placeholders:
            return Criterion(
                "M",
                Status.MISSING,
                _("%(placeholder)s is a placeholder, not a value.",
                  placeholder=_quote(res.placeholders[0])),
                _("Fill in the real numbers: %(rewrite)s.", rewrite=rewrite),
            )  # fmt: skip
        names = [raw for raw, why in res.excluded if why in ("name", "scope")]
        if names:
            return Criterion(
                "M",
                Status.MISSING,
                _("The number in %(name)s is part of a name or scope, not a target.",
                  name=_quote(names[0])),
                _("Add a target value with a unit: %(rewrite)s.", rewrite=rewrite),
            )  # fmt: skip
        vague = self.verbs + self.comparatives
        if vague:
            first = min(vague, key=lambda m: m.start())
            return Criterion(
                "M",
                Status.MISSING,
                _("%(term)s says which way, but not how much.", term=self.raw(first)),
                _("Rewrite it as: %(rewrite)s.", rewrite=rewrite),
            )
        return Criterion(
            "M",
            Status.MISSING,
            _("There is no number to measure against."),
            _("Add a target value with a unit: %(rewrite)s.", rewrite=rewrite),
        )

    # -- T
    def judge_t(self) -> Criterion:
        _ = self._
        res, ctx, ext = self.res, self.ctx, self.ext
        deadlines = res.deadlines
        windows = [r for r in res.time_refs if r.kind == "window"]
        cadences = [r for r in res.time_refs if r.kind in ("cadence", "compare", "period")]
        deadline = ctx.target_date or ext.deadline
        if deadlines:
            reason = _("Has a deadline: %(period)s.", period=_quoted(deadlines[-1].raw))
        elif ctx.target_date:
            reason = _("The target date is filled in: %(date)s.",
                       date=self.format_date(ctx.target_date))  # fmt: skip
        elif windows:
            reason = _("Sets a time window: %(window)s.", window=_quote(windows[0].raw))
        elif cadences:
            reason = _("Has a period or rhythm (%(period)s), but no end date.",
                       period=_quoted(cadences[0].raw))  # fmt: skip
        elif ctx.has_context and ctx.frequency:
            reason = _("Has a measurement frequency, but no end date.")
        else:
            return self._t_missing()
        problem = self._t_problem(deadline)
        if problem is not None:
            return problem
        disagreement = self.date_disagreement()
        if disagreement is not None:
            return Criterion(
                "T",
                Status.WEAK,
                disagreement,
                _("Decide which date is right and correct the other, so the card and the "
                  "statement promise the same deadline."),
            )  # fmt: skip
        if deadlines or ctx.target_date:
            suggestion = _("Plan one or two milestones on the way to the deadline.")
            return Criterion("T", Status.MET, reason, suggestion)
        suggestion = _("Also say by when the target must be reached, e.g. “by the end of Q4”.")
        # A rhythm or window counts for a bare statement (the label convention), but a KPI on
        # its card is only time-bound once it says by when the target must be reached.
        status = Status.WEAK if ctx.has_context else Status.MET
        return Criterion("T", status, reason, suggestion)

    def _t_problem(self, deadline: dt.date | None) -> Criterion | None:
        _ = self._
        ctx = self.ctx
        if deadline is None:
            return None
        shown = self.format_date(deadline)
        if ctx.today is not None and deadline < ctx.today:
            return Criterion(
                "T",
                Status.WEAK,
                _("The deadline %(date)s is already in the past.", date=shown),
                _("Choose a new deadline after today."),
            )
        if ctx.baseline_date is not None and deadline <= ctx.baseline_date:
            return Criterion(
                "T",
                Status.WEAK,
                _("The deadline %(date)s is not after the baseline date.", date=shown),
                _("Set the deadline after the date of the baseline measurement."),
            )
        start, end = ctx.horizon_start_year, ctx.horizon_end_year
        if (start is not None and deadline.year < start) or (
            end is not None and deadline.year > end
        ):
            return Criterion(
                "T",
                Status.WEAK,
                _("The deadline %(date)s falls outside the strategy horizon "
                  "(%(start)s-%(end)s).", date=shown, start=start or "", end=end or ""),
                _("Move the deadline inside the strategy horizon, or adjust the horizon."),
            )  # fmt: skip
        return None

    def _t_missing(self) -> Criterion:
        _ = self._
        res = self.res
        suggestion = _("Add when it must be reached, e.g. “by the end of Q2” or “within 6 months”.")
        durations = [
            n for n in res.numbers if n.unit in ("hours", "days", "minutes") or n.unit_kind in
            ("weeks", "months", "years", "seconds")
        ]  # fmt: skip
        baselines = [r for r in res.time_refs if r.kind == "baseline"]
        traps = dict((why, raw) for raw, why in reversed(res.t_traps))
        if baselines:
            reason = _("%(phrase)s is the baseline, not a deadline.",
                       phrase=_quote(baselines[0].raw))  # fmt: skip
        elif "horizon" in traps:
            reason = _("%(phrase)s is the horizon of a plan, not a deadline.",
                       phrase=_quote(traps["horizon"]))  # fmt: skip
        elif durations:
            reason = _("%(phrase)s is the value of the metric itself, not a deadline.",
                       phrase=_quote(durations[0].raw))  # fmt: skip
        elif "age" in traps:
            reason = _("%(phrase)s is an age range, not a period.",
                       phrase=_quote(traps["age"]))  # fmt: skip
        elif "vague_time" in traps:
            reason = _("%(phrase)s is not a time limit.",
                       phrase=_quote(traps["vague_time"]))  # fmt: skip
        elif "header" in traps:
            reason = _("The year in %(phrase)s labels a figure; it is not a deadline.",
                       phrase=_quote(traps["header"]))  # fmt: skip
        else:
            reason = _("No deadline or period.")
        return Criterion("T", Status.MISSING, reason, suggestion)

    # -- A
    def judge_a(self) -> Criterion | None:
        _ = self._
        ctx, ext, res = self.ctx, self.ext, self.res
        unit = ctx.unit or ext.unit
        baseline = ctx.baseline_value if ctx.baseline_value is not None else ext.baseline
        target = ctx.target_value if ctx.target_value is not None else ext.target
        impossible = self._impossible(unit, baseline, target)
        if impossible is not None:
            return impossible
        if not ctx.has_context:
            if _WORLD.search(self.folded) and self.buzz:
                return Criterion(
                    "A",
                    Status.MISSING,
                    _("An ambition on a world scale is not a target a team can commit to."),
                    _("Choose a step the team can reach in this period: %(rewrite)s.",
                      rewrite=self.rewrite()),
                )  # fmt: skip
            jump = self._implausible_change()
            if jump is not None:
                return jump
            if baseline is not None or res.baseline_refs:
                start = next((n.raw for n in res.numbers if n.role == "from"), None)
                start = start or (res.baseline_refs[0] if res.baseline_refs else None)
                reason = (
                    _("It starts from a known baseline (%(phrase)s), so the size of the step "
                      "can be judged.", phrase=_quote(start))
                    if start
                    else _("It starts from a known baseline, so the size of the step can be "
                           "judged.")
                )  # fmt: skip
                return Criterion(
                    "A",
                    Status.MET,
                    reason,
                    _("Check with the owner that the step is achievable in the time available."),
                )
            return None
        if baseline is None:
            return Criterion(
                "A",
                Status.WEAK,
                _("Without a baseline nobody can judge whether the target is achievable."),
                _("Measure the current value first and enter it as the baseline."),
            )
        if target is not None:
            step = self._step_problem(unit, baseline, target)
            if step is not None:
                return step
        if not ctx.owner.strip():
            return Criterion(
                "A",
                Status.WEAK,
                _("Nobody owns this KPI yet."),
                _("Name an owner and ask them to accept the target."),
            )
        if not ctx.owner_accepted:
            return Criterion(
                "A",
                Status.WEAK,
                _("%(owner)s has not accepted the target yet.", owner=ctx.owner.strip()),
                _("Discuss the target with %(owner)s and record the acceptance.",
                  owner=ctx.owner.strip()),
            )  # fmt: skip
        return Criterion(
            "A",
            Status.MET,
            _("The step fits the time available and %(owner)s has accepted it.",
              owner=ctx.owner.strip()),
            _("Review the target at every milestone."),
        )  # fmt: skip

    def _impossible(self, unit, baseline, target) -> Criterion | None:
        _ = self._
        if unit == "percent" and target is not None and (target > 100 or target < 0):
            value = fmt_number(target, unit, self.lang)
            if self.ext.change is None or self.ctx.target_value is not None:
                return Criterion(
                    "A",
                    Status.MISSING,
                    _("A percentage of %(value)s is impossible.", value=value),
                    _("Use a target between 0% and 100%, or count the absolute number."),
                )
        if baseline is not None and target is not None and baseline == target:
            return Criterion(
                "A",
                Status.WEAK,
                _("The target equals the baseline, so nothing has to change."),
                _("Set a target that differs from the baseline, or call it a norm to keep."),
            )
        direction = self.ctx.direction
        if baseline is not None and target is not None and direction in ("higher", "lower"):
            wrong = (direction == "higher" and target < baseline) or (
                direction == "lower" and target > baseline
            )
            if wrong and self._statement_disagrees_with(direction):
                return self._direction_disagreement(unit, baseline, target, direction)
            if wrong:
                return Criterion(
                    "A",
                    Status.MISSING,
                    _("The target goes the wrong way for this direction."),
                    _("Check the direction (higher or lower is better) and the target value."),
                )
        return None

    def _statement_disagrees_with(self, direction: str) -> bool:
        """Both numbers come from the statement, which itself goes the other way: the field may
        simply still hold its default ("Hoger is beter" under "van 14 naar 10 uur")."""
        ctx = self.ctx
        return (
            ctx.baseline_value is None
            and ctx.target_value is None
            and self.ext.direction in ("higher", "lower")
            and self.ext.direction != direction
        )

    def _direction_disagreement(self, unit, baseline, target, direction: str) -> Criterion:
        _ = self._
        labels = {"higher": _("higher is better"), "lower": _("lower is better")}
        other = "lower" if direction == "higher" else "higher"
        return Criterion(
            "A",
            Status.WEAK,
            _(
                "The statement goes from %(baseline)s to %(target)s, but the direction is set "
                "to %(direction)s.",
                baseline=fmt_number(baseline, unit, self.lang),
                target=fmt_number(target, unit, self.lang),
                direction=labels[direction],
            ),
            _(
                "If %(better)s is right, choose it as the direction; if not, correct "
                "the statement.",
                better=labels[other],
            ),
        )

    def _months_available(self) -> float | None:
        ctx, ext = self.ctx, self.ext
        deadline = ctx.target_date or ext.deadline
        start = ctx.baseline_date or ctx.today
        if deadline is None or start is None:
            return None
        return max((deadline - start).days / 30.44, 0.0)

    def _step_problem(self, unit, baseline: Decimal, target: Decimal) -> Criterion | None:
        _ = self._
        months = self._months_available()
        if months is not None and months < 0.5:
            return Criterion(
                "A",
                Status.MISSING,
                _("There is hardly any time between the baseline and the deadline."),
                _("Move the deadline or make the target less ambitious."),
            )
        years = max((months or 12.0) / 12.0, 0.25)
        if unit == "percent":
            per_year = abs(target - baseline) / Decimal(str(years))
            limits = (Decimal(25), Decimal(50))
        elif baseline != 0:
            per_year = abs(target - baseline) / abs(baseline) / Decimal(str(years))
            limits = (Decimal(1), Decimal(3))
        else:
            return None
        if per_year <= limits[0]:
            return None
        status = Status.WEAK if per_year <= limits[1] else Status.MISSING
        lang = self.lang
        return Criterion(
            "A",
            status,
            _("From %(baseline)s to %(target)s in the time available is a very large step.",
              baseline=fmt_number(baseline, unit, lang), target=fmt_number(target, unit, lang)),
            _("Split it into milestones, extend the deadline or make the target less ambitious."),
        )  # fmt: skip

    def _implausible_change(self) -> Criterion | None:
        """A change that no team makes in one quarter (NPS +50, traffic x3)."""
        _ = self._
        res = self.res
        short = any(
            r.kind in ("compare", "deadline", "window")
            and re.search(r"quarter|kwartaal|month|maand|week|q[1-4]|qoq|mom", r.raw.lower())
            for r in res.time_refs
        )
        if not short:
            return None
        for num in res.numbers:
            if num.role != "change":
                continue
            score_like = bool(_NPS_LIKE.search(self.folded)) and num.unit in ("count", "score")
            if (score_like and num.value >= 30) or (num.unit == "percent" and num.value >= 100):
                return Criterion(
                    "A",
                    Status.MISSING,
                    _("A change of %(value)s in such a short period is not realistic.",
                      value=num.raw),
                    _("Aim for a smaller step per quarter and add milestones."),
                )  # fmt: skip
        return None

    # -- R
    def judge_r(self) -> Criterion | None:
        _ = self._
        ctx, res = self.ctx, self.res
        if not ctx.has_context:
            if res.purpose:
                return Criterion(
                    "R",
                    Status.MET,
                    _("The statement says what it contributes to (%(phrase)s).",
                      phrase=_quote(res.purpose)),
                    _("Make sure that goal is in the strategy tree and link the KPI to it."),
                )  # fmt: skip
            return None
        csf, goal = ctx.csf_title.strip(), ctx.goal_title.strip()
        if not (csf and goal):
            return Criterion(
                "R",
                Status.MISSING,
                _("This KPI is not linked to a critical success factor and a goal."),
                _("Link it to the critical success factor it shows progress on."),
            )
        explained = len(words(ctx.rationale.lower())) >= 4 or bool(res.purpose)
        if not explained:
            return Criterion(
                "R",
                Status.WEAK,
                _("It sits under %(csf)s, but the link is not explained.",
                  csf=_quote(csf)),
                _("Add one sentence on how this KPI shows that %(csf)s is going well.",
                  csf=_quote(csf)),
            )  # fmt: skip
        return Criterion(
            "R",
            Status.MET,
            _("It sits under %(csf)s and goal %(goal)s, and the link is "
              "explained.", csf=_quote(csf), goal=_quote(goal)),
            _("Check once a year that the link still holds."),
        )  # fmt: skip

    # -- statement and fields agree
    def quantities_shown(self) -> list[str]:
        """The statement's quantities as written, a range ("15-20 %") as one."""
        shown, text = [], self.res.text
        numbers = self.res.numbers
        for i, num in enumerate(numbers):
            if num.role == "range_end":
                continue
            nxt = numbers[i + 1] if i + 1 < len(numbers) else None
            if num.range_max is not None and nxt is not None and nxt.role == "range_end":
                shown.append(" ".join(text[num.start : nxt.end].split()))
            else:
                shown.append(num.raw)
        return shown

    def value_disagreement(self) -> str | None:
        """The statement's target or baseline differs from the one typed in the fields."""
        ctx, ext = self.ctx, self.ext
        unit = ctx.unit or ext.unit
        if ext.unit not in (None, "count") and ctx.unit and ctx.unit != ext.unit:
            return None  # hours in the field, minutes in the text: not comparable here
        pairs = (
            (ext.target, ctx.target_value, N_("The statement aims for %(statement)s, but the "
                                              "target field says %(field)s.")),
            (ext.baseline, ctx.baseline_value, N_("The statement starts from %(statement)s, "
                                                  "but the baseline field says %(field)s.")),
        )  # fmt: skip
        for said, typed, message in pairs:
            if said is not None and typed is not None and said != typed:
                self.disagreements.append(("value", said, typed))
                return self._(
                    message,
                    statement=fmt_number(said, unit, self.lang),
                    field=fmt_number(typed, unit, self.lang),
                )
        return None

    def date_disagreement(self) -> str | None:
        """The statement's deadline (with its year) and the target date field differ."""
        ctx, ext = self.ctx, self.ext
        typed, said = ctx.target_date, ext.deadline
        if typed is None or said is None:
            return None
        ref = next((r for r in self.res.time_refs if r.kind == "deadline" and r.date == said), None)
        if ref is None or not re.search(r"(?<!\d)(?:19|20|21)\d\d(?!\d)", ref.raw):
            return None  # "in Q3", "binnen 6 maanden": the year is guessed, not written
        label = ref.label
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2} \S+ \d{4}", label):
            same = typed == said
        elif re.fullmatch(r"\d{4}(?:-\d{4})?", label):
            same = typed.year == said.year
        elif re.fullmatch(r"Q[1-4] \d{4}", label):
            same = typed.year == said.year and (typed.month - 1) // 3 == (said.month - 1) // 3
        elif re.fullmatch(r"H[12] \d{4}", label):
            same = typed.year == said.year and (typed.month <= 6) == (said.month <= 6)
        elif re.fullmatch(r"\S+ \d{4}", label):
            same = (typed.year, typed.month) == (said.year, said.month)
        else:
            return None  # fiscal years and the like: their dates differ per organisation
        if same:
            return None
        self.disagreements.append(("date", said, typed))
        return self._(
            "The statement says %(statement)s, but the target date field says %(field)s.",
            statement=_quote(ref.raw),
            field=self.format_date(typed),
        )

    def evaluate(self) -> Evaluation:
        s, m, t_, a, r = (
            self.judge_s(),
            self.judge_m(),
            self.judge_t(),
            self.judge_a(),
            self.judge_r(),
        )
        if self.res.truncated:
            note = self._(
                "(Only the first %(count)s characters were analysed.)", count=MAX_ANALYSED_CHARS
            )
            s = Criterion(s.letter, s.status, f"{s.reason} {note}", s.suggestion)
        criteria: dict[str, Criterion | None] = {"S": s, "M": m, "A": a, "R": r, "T": t_}
        score = sum(1 for c in criteria.values() if c is not None and c.status is Status.MET)
        return Evaluation(
            criteria=criteria,
            score=score,
            extraction=self.ext,
            vague_terms=self.vague_terms,
            lang=self.lang,
            truncated=self.res.truncated,
            disagreements=self.disagreements,
        )


def evaluate(ctx: KpiContext) -> Evaluation:
    """Judge one KPI. Pure: no clock, no database, never raises on odd text."""
    return _Judge(ctx).evaluate()


def evaluate_text(text: str, lang: str = "nl", today: dt.date | None = None) -> Evaluation:
    """Shorthand for a bare statement without context."""
    return evaluate(KpiContext(statement=text, lang=lang, today=today))
