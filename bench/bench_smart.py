"""Benchmark of the SMART engine: typical statements and pathological 100 kB inputs.

``run()`` returns figures with the unit in the name and prints nothing; the bench
runner prints them. ``python -m bench.bench_smart`` prints them too.
"""

from __future__ import annotations

import itertools
import random
import statistics
import time

from indicators.smart import KpiContext, evaluate

_SUBJECTS_NL = [
    "de omzet", "het aantal klachten", "de NPS", "het verzuimpercentage", "de doorlooptijd",
    "het aantal nieuwe leads", "de klanttevredenheid", "het conversiepercentage",
    "de gemiddelde wachttijd", "het aantal actieve gebruikers",
]  # fmt: skip
_SUBJECTS_EN = [
    "revenue", "the number of complaints", "NPS", "sickness absence", "lead time",
    "qualified leads", "customer satisfaction", "the conversion rate", "average wait time",
    "weekly active users",
]  # fmt: skip
_TAILS_NL = [
    "van 1.200 naar 1.500 vóór eind Q3 2026", "met 15% in 2026", "naar maximaal 4,8%",
    "binnen 6 maanden", "per kwartaal", "", "tot minimaal 8,0 voor 1 juli",
    "ten minste 250 per maand", "t.o.v. 2024 met € 1M", "zo snel mogelijk",
]  # fmt: skip
_TAILS_EN = [
    "from 1,200 to 1,500 by the end of Q3 2026", "by 15% in FY26", "to 4.8% or less",
    "within 6 months", "every quarter", "", "to at least 8.0 by July 1",
    "at least 250 per month", "by $1M compared to 2024", "as soon as possible",
]  # fmt: skip
_VERBS_NL = ["Verhoog", "Verlaag", "Verbeter", "Houd"]
_VERBS_EN = ["Increase", "Reduce", "Improve", "Keep"]


def statements(count: int = 400, seed: int = 7) -> list[tuple[str, str]]:
    """A reproducible mix of Dutch and English statements, good and bad."""
    rng = random.Random(seed)
    nl = [f"{v} {s} {t}".strip() + "." for v, s, t in
          itertools.product(_VERBS_NL, _SUBJECTS_NL, _TAILS_NL)]  # fmt: skip
    en = [f"{v} {s} {t}".strip() + "." for v, s, t in
          itertools.product(_VERBS_EN, _SUBJECTS_EN, _TAILS_EN)]  # fmt: skip
    pool = [(text, "nl") for text in nl] + [(text, "en") for text in en]
    rng.shuffle(pool)
    return pool[:count]


def pathological(size: int = 100_000) -> list[str]:
    """Inputs designed to make careless regexes backtrack."""
    pieces = [
        "1.", "1,0", "9 ", "Q1 ", "Q1 2026 ", "- ", "1-", "€ 1", "van 1 naar ", "binnen ",
        "a1", "x", " ", "ISO", "2026", "1e ", "%", "≥ 1 ", "per ", "é",
    ]  # fmt: skip
    inputs = [(piece * (size // len(piece) + 1))[:size] for piece in pieces]
    rng = random.Random(3)
    alphabet = "0123456789.,- Q%€xX/:()éö≥<>abc\n"
    inputs.append("".join(rng.choice(alphabet) for _ in range(size)))
    return inputs


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


def run() -> dict[str, float]:
    """Judge a few hundred statements and the pathological inputs; return timings in ms."""
    corpus = statements()
    for text, lang in corpus[:20]:  # warm caches (regex compilation, gettext catalogue)
        evaluate(KpiContext(statement=text, lang=lang))
    timings = []
    for text, lang in corpus:
        start = time.perf_counter()
        evaluate(KpiContext(statement=text, lang=lang))
        timings.append(_ms(start))
    timings.sort()
    p99 = timings[min(len(timings) - 1, round(0.99 * (len(timings) - 1)))]
    worst_100kb = 0.0
    for text in pathological():
        start = time.perf_counter()
        evaluate(KpiContext(statement=text, lang="nl"))
        worst_100kb = max(worst_100kb, _ms(start))
    return {
        "smart_judge_median_ms": round(statistics.median(timings), 3),
        "smart_judge_p99_ms": round(p99, 3),
        "smart_judge_100kb_ms": round(worst_100kb, 3),
    }


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value}")
