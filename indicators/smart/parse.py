"""Parse a KPI statement: numbers and units, comparators, baseline and target, time bounds.

The parser runs on folded text (see ``text.fold``) and works in passes. Each pass
claims the characters it understands, so a later pass cannot misread them:

1. time expressions (dates, quarters, fiscal years, windows, cadences, years);
2. numbers that only *name* or *scope* something (ISO27001, Tier 1, #1, ages,
   "accounts over $1m", times of day);
3. the remaining numbers, which are the statement's quantities.

Every regex here is linear on adversarial input: no nested quantifiers over
overlapping character classes, and all look-arounds are bounded. The input is
clipped to ``MAX_ANALYSED_CHARS`` before parsing.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from . import dates
from .dates import MONTH_ALT, MONTHS
from .lexicon import DEFINITION_HEAD, DOWN_VERBS, INSTRUMENT, METRIC, UP_VERBS
from .text import clip, fold
from .types import Extraction, Quantity

# --------------------------------------------------------------------------- data


@dataclass
class TimeRef:
    """A time expression: deadline, cadence, window, period, compare or baseline."""

    kind: str
    start: int
    end: int
    raw: str
    label: str
    date: dt.date | None = None
    frequency: str | None = None


@dataclass
class Num:
    """One counted quantity in the statement."""

    start: int
    end: int
    value: Decimal
    unit: str | None
    raw: str
    comparator: str | None = None
    role: str | None = None  # "target", "change", "from", or None
    range_max: Decimal | None = None
    unit_kind: str | None = None  # finer than unit: "weeks", "months", "years", "usd"…
    scale: int = 1  # the "mln", "k" or "miljard" written after it, already in value


@dataclass
class Analysis:
    """Everything the judge needs from one statement."""

    text: str
    folded: str
    lang: str
    truncated: bool
    numbers: list[Num] = field(default_factory=list)
    excluded: list[tuple[str, str]] = field(default_factory=list)  # (raw, why)
    time_refs: list[TimeRef] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    baseline_refs: list[str] = field(default_factory=list)
    t_traps: list[tuple[str, str]] = field(default_factory=list)  # (raw, why)
    purpose: str | None = None
    purpose_spans: list[tuple[int, int]] = field(default_factory=list)
    residual: str = ""
    definition_head: bool = False
    cadence_measure: bool = False
    extraction: Extraction = field(default_factory=Extraction)

    @property
    def deadlines(self) -> list[TimeRef]:
        return [ref for ref in self.time_refs if ref.kind == "deadline"]


class _Claims:
    """Which characters of the folded text an earlier pass already understood."""

    def __init__(self, size: int) -> None:
        self.taken = bytearray(size)

    def free(self, start: int, end: int) -> bool:
        return self.taken.find(1, start, end) < 0

    def claim(self, start: int, end: int) -> None:
        self.taken[start:end] = b"\x01" * (end - start)


# --------------------------------------------------------------------------- patterns

_FLAGS = re.IGNORECASE

_UNIT_WORDS = (
    r"werkdagen|werkdag|kalenderdagen|kalenderdag|business days|business day|working days|"
    r"working day|calendar days|calendar day|dagen|dag|days|day|"
    r"weken|week|weeks|maanden|maand|months|month|jaren|jaar|years|year|kwartalen|kwartaal|"
    r"quarters|quarter|uren|uur|hours|hour|hrs|minuten|minuut|minutes|minute|mins|min|"
    r"seconden|seconds|sec"
)
_NUM_WORDS_EN = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000, "dozen": 12,
    "once": 1, "twice": 2, "thrice": 3, "double": 2, "doubled": 2, "triple": 3, "tripled": 3,
    "quadruple": 4, "half": Decimal("0.5"), "halve": Decimal("0.5"),
    "halved": Decimal("0.5"), "a": 1, "an": 1,
}  # fmt: skip
_NUM_WORDS_NL = {
    "nul": 0, "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "vijftien": 15,
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "honderd": 100,
    "duizend": 1000, "eenmaal": 1, "tweemaal": 2, "driemaal": 3, "verdubbelen": 2,
    "verdubbeling": 2, "verdubbeld": 2, "verdubbel": 2, "verdrievoudigen": 3,
    "halveren": Decimal("0.5"), "halvering": Decimal("0.5"), "halveer": Decimal("0.5"),
    "dubbel": 2, "dubbele": 2,
}  # fmt: skip
_WINDOW_NUM = (
    r"\d+(?:[.,]\d+)?(?:\s?-\s?\d+)?|een half|een|a|an|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|twelve|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|twaalf|anderhalf|"
    r"half"
)
_CADENCE_UNITS = {
    "dag": "daily", "werkdag": "daily", "day": "daily", "business day": "daily",
    "working day": "daily", "week": "weekly", "maand": "monthly", "month": "monthly",
    "kwartaal": "quarterly", "quarter": "quarterly", "jaar": "yearly", "year": "yearly",
    "schooljaar": "yearly", "boekjaar": "yearly", "semester": None, "term": None,
    "sprint": None, "blok": None, "fortnight": None, "mo": "monthly", "yr": "yearly",
    "wk": "weekly",
}  # fmt: skip
_ADVERBS = {
    "dagelijks": "daily", "wekelijks": "weekly", "tweewekelijks": None,
    "maandelijks": "monthly", "tweemaandelijks": None, "driemaandelijks": "quarterly",
    "kwartaallijks": "quarterly", "halfjaarlijks": None, "jaarlijks": "yearly",
    "daily": "daily", "weekly": "weekly", "biweekly": None, "bi-weekly": None,
    "fortnightly": None, "monthly": "monthly", "bimonthly": None, "bi-monthly": None,
    "quarterly": "quarterly", "yearly": "yearly", "annually": "yearly", "annual": "yearly",
    "semi-annually": None, "semiannually": None, "half-yearly": None,
}  # fmt: skip
_ADVERB_RE = re.compile(
    r"\b(" + "|".join(sorted((re.escape(a) for a in _ADVERBS), key=len, reverse=True)) + r")(e)?\b"
)

_HORIZON_NOTE = re.compile(
    r"\(\s?\d+(?:\s?-\s?\d+)?\s?(?:maanden|maand|months?|jaar|jaren|years?|weken|weeks?|dagen|days?)"
    r"\s?\)"
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUM_DATE = re.compile(r"\b(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})\b")
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|e)?\s(?:of\s)?(" + MONTH_ALT + r")\b\.?(?:,?\s(\d{4})\b)?"
)
_MONTH_DAY = re.compile(
    r"\b(" + MONTH_ALT + r")\.?\s(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s(\d{4})\b)?(?!\s?%)"
)
_MONTH_YEAR = re.compile(r"\b(" + MONTH_ALT + r")\s(\d{4})\b")
_PREP_MONTH = re.compile(
    r"\b(?:by|before|until|till|in|eind|einde|voor|tegen|uiterlijk|medio|begin|per|vanaf|"
    r"through|t/m|tot)\s(?:(?:the\s)?end\sof\s|het\seinde\svan\s|eind\s)?(" + MONTH_ALT + r")\b"
)
_COMPARE_PREV = re.compile(
    r"\b(?:over|vs\.?|versus|compared\sto|compared\swith|than|t\.?o\.?v\.?|ten\sopzichte\svan|"
    r"dan|vergeleken\smet|relative\sto|from)\s(?:the\s|het\s|de\s)?"
    r"(?:previous|prior|last|vorig|vorige|voorgaand|voorgaande|afgelopen|same)\s"
    r"(year|quarter|month|week|jaar|kwartaal|maand|week|period|periode)\b"
    r"|\b(yoy|qoq|mom|wow|year[- ]over[- ]year|quarter[- ]over[- ]quarter|"
    r"month[- ]over[- ]month|jaar[- ]op[- ]jaar)\b"
)
_FY = re.compile(r"\b(?:fy|boekjaar\s?)'?\s?(\d{4}|\d{2})\b(?:\s?[-/]?\s?(?:q([1-4])|h([12])))?\b")
_FY_GLUED = re.compile(r"\bfy'?(\d{2})(q[1-4]|h[12])\b")
_YEAR_Q = re.compile(r"\b(\d{4})\s?-?\s?q([1-4])\b")
_Q_YEAR = re.compile(r"\bq([1-4])\b(?:\s?-?\s?(\d{4})\b|\s?['-]\s?(\d{2})\b)?")
_Q_WORD = re.compile(r"\b(?:kwartaal|quarter)\s([1-4])\b(?:\s(\d{4})\b)?")
_Q_ORD = re.compile(
    r"\b(eerste|tweede|derde|vierde|laatste|1e|2e|3e|4e|first|second|third|fourth|last|"
    r"1st|2nd|3rd|4th)\s(?:kwartaal|quarter)\b(?:\s(?:van\s|of\s)?(\d{4})\b)?"
)
_HALF = re.compile(
    r"\bh([12])\b(?:\s?-?\s?(\d{4})\b)?"
    r"|\b(eerste|tweede|first|second)\s(?:helft|half)\b(?:\s(?:van\s|of\s)?(\d{4})\b)?"
)
# "binnen de wettelijke termijn van 8 weken", "within the agreed 3 business days": up to
# four words (determiner, adjectives, "termijn van") between the preposition and the number.
_WINDOW_NORM = re.compile(
    r"\b(?:binnen|within)\s(?:[a-z][a-z-]{0,24}\s){1,4}?("
    + _WINDOW_NUM
    + r")\s?("
    + _UNIT_WORDS
    + r")\b"
)
_WINDOW = re.compile(
    r"\b(binnen|within|in|over|gedurende|for)\s(?:(?:de|het|the)\s)?"
    r"(?:(?:komende|eerstvolgende|volgende|next|coming|first|eerste)\s)?"
    r"(" + _WINDOW_NUM + r")\s?(" + _UNIT_WORDS + r")\b"
)
_NEXT_UNITS = re.compile(
    r"\b(?:(?:in|over|during|gedurende)\s)?(?:de|het|the)\s(?:komende|next|coming)\s("
    r"\d+|two|three|four|five|six|twelve|twee|drie|vier|vijf|zes|twaalf)\s(" + _UNIT_WORDS + r")\b"
)
_EVERY_N = re.compile(
    r"\b(?:every|elke|iedere|om\sde|once\severy)\s(\d+|two|three|four|six|twee|drie|vier|zes)\s"
    r"(weken|weeks|maanden|months|dagen|days|jaar|years)\b"
)
_PER = re.compile(
    r"\b(?:per|elke|elk|iedere|ieder|each|every|a|an|once\sa|twice\sa|once\sper)\s"
    r"(?:(?:academic|calendar|fiscal|school|kalender|werk|business)\s)?"
    r"(dag|werkdag|week|maand|kwartaal|jaar|semester|schooljaar|boekjaar|sprint|blok|day|"
    r"business\sday|working\sday|month|quarter|year|term|fortnight)\b"
)
_WEEKDAYS = (
    r"(?:maan|dins|woens|donder|vrij|zater|zon)dag(?:ochtend|middag|avond)?|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s(?:morning|afternoon|evening))?"
)
# "every Friday", "elke maandagochtend", "iedere werkdag": a weekly (or daily) rhythm.
_WEEKDAY_CADENCE = re.compile(
    r"\b(?:every|each|elke|iedere|ieder|op\selke|op\siedere|on\severy)\s(?:(?:other|second|"
    r"tweede|even|oneven)\s)?(" + _WEEKDAYS + r"|ochtend|morning|avond|evening|werkdag|workday|"
    r"weekday|weekend)\b"
)
_DAILY_PARTS = frozenset(
    {"ochtend", "morning", "avond", "evening", "werkdag", "workday", "weekday"}
)
# A named, bounded period: "during the spring campaign", "tijdens de zomeractie".
_EVENT_PERIOD = re.compile(
    r"\b(?:during|throughout|tijdens|gedurende)\s(?:(?:the|this|our|de|het|dit|deze|onze)\s)?"
    r"(?:[a-z][a-z-]{0,20}\s)?([a-z-]{0,20}(?:campaign|campagne|actie|actieweek|actiemaand|"
    r"periode|period|seizoen|season|semester|trimester|blok|sprint|term|pilot|pilotfase|"
    r"schooljaar|school\syear|academic\syear|collegejaar|promotion|promo|sale|sales\sweek|"
    r"vakantie|holidays|holiday\sseason|kerstperiode|feestdagen|zomer|summer|winter|"
    r"voorjaar|najaar|spring|autumn|fall))\b"
)
# Points in a school career: "aan het eind van groep 8", "by the end of grade 6".
_SCHOOL_END = re.compile(
    r"\b(?:(?:aan|voor|tegen)\s)?(?:het\s)?einde?\s(?:van\s)?(?:de\s|het\s)?"
    r"(?:groep|klas|leerjaar|jaargroep)\s\d{1,2}\b"
    r"|\b(?:(?:by|at|before)\s)?(?:the\s)?end\sof\s(?:grade|year|form|class)\s\d{1,2}\b"
    r"|\b(?:aan\s)?het\seinde?\svan\s(?:de\s)?(?:basisschool|middelbare\sschool|opleiding|"
    r"onderbouw|bovenbouw)\b|\b(?:by|at|before)\s(?:the\s)?end\sof\s(?:primary|secondary|"
    r"high|middle)\sschool\b"
)
_SLASH = re.compile(r"/\s?(maand|jaar|week|dag|kwartaal|month|year|yr|mo|wk|day|quarter)\b")
_RELATIVE = re.compile(
    r"\b(?:(?:(?:by\s)?(?:the\s)?end\sof\s(?:the\s|this\s)?)"
    r"|(?:(?:aan|voor|tegen)\s)?(?:het\s)?einde?\s(?:van\s)?(?:het\s|de\s|dit\s|deze\s)?)?"
    r"(dit|deze|volgend|volgende|komend|komende|this|next|coming|current|huidige?)\s"
    r"(jaar|kwartaal|maand|week|semester|sprint|blok|schooljaar|boekjaar|year|quarter|month|"
    r"fiscal\syear|school\syear)\b"
)
_END_OF = re.compile(
    r"\b(?:(?:by\s)?(?:the\s)?end\sof\s(?:the\s)?|(?:aan\s)?(?:het\s)?einde?\svan\s(?:het|de)\s)"
    r"(school\syear|academic\syear|fiscal\syear|year|quarter|month|week|jaar|kwartaal|maand|"
    r"semester|sprint|blok|schooljaar|boekjaar|term)\b"
    r"|\b(eoq|eoy|eom|year[- ]end|jaareinde|jaarafsluiting)\b"
)
_WEEK_NO = re.compile(
    r"(?<!per\s)(?<!elke\s)(?<!each\s)\b(?:week|wk)\s?(\d{1,2})\b(?:\s(\d{4})\b)?"
)
_YEAR_RANGE = re.compile(r"\b(19[5-9]\d|20\d\d|21\d\d)\s?[-/]\s?(19[5-9]\d|20\d\d|21\d\d|\d\d)\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d|21\d\d)\b")
_TIME_PREP_BEFORE = re.compile(
    r"(?:in|by|tegen|voor|eind|einde|end|end\sof|medio|begin|per|sinds|since|tot|t/m|until|"
    r"before|van|from|jaar|year|boekjaar|fy|dit|na|after|ultimo|uiterlijk|vanaf|during|"
    r"tijdens|of|het|the|around|rond|omstreeks|voorjaar|najaar|zomer|winter|spring|summer|"
    r"autumn|fall|q[1-4]|h[12])\s?$"
)
_BASELINE_BEFORE = re.compile(
    r"(?:t\.?\s?o\.?\s?v\.?|ten\sopzichte\svan|compared\s(?:to|with)|vergeleken\smet|vs\.?|"
    r"versus|relative\sto|since|sinds|sedert|than|dan|baseline|nulmeting|referentiejaar|"
    r"from|van)\s(?:(?:in|the|het|de|level\sof|niveau\svan)\s)?$"
)
_HEADER_BEFORE = re.compile(
    r"\b(?:norm|begroting|budget|realisatie|raming|prognose|jaarrekening|jaarverslag|visie|"
    r"agenda|strategie|plan)\s$"
)
_RANGE_AFTER = re.compile(r"\s?(?:to|tot|naar|until|till|t/m|-)\s")

_NAMES = re.compile(
    r"\b(?:iso(?:/iec)?|iec|nen(?:-en)?|isae|soc|pci(?:[- ]dss)?|din|ieee|rfc|wcag|hipaa|"
    r"sox|cmmi|iso-)\s?-?\s?\d+(?:[:.]\d+)*\b(?:\s(?:type\s)?(?:iii|ii|i|[123])\b)?"
    r"|(?<![a-z])(?:tier|level|niveau|fase|phase|stap|step|type|versie|version|"
    r"klasse|class|categorie|category|ronde|round|artikel|article|art\.|hoofdstuk|chapter|"
    r"pijler|pillar|prio|priority|prioriteit|box|nr\.?|no\.|nummer|number|top|stage|grade|"
    r"release|scope|editie|edition|"
    r"groep|lijn|line|wave|golf|cohort|module|blok|sprint|covid|covid-|web|industry|"
    r"industrie)\s?#?\d+(?:\.\d+)*\b"
    r"|#\s?\d+"
    r"|\b\d{1,2}[:.]\d{2}\s?(?:uur|u|h|am|pm)\b|\b\d{1,2}:\d{2}\b|\b24/7\b|\b7/24\b|\b24x7\b"
    r"|\b\d+(?:st|nd|rd|th|ste|de|e)\b"
)
_SCOPE = re.compile(
    r"\b(?:accounts?|customers?|clients?|klanten|deals?|companies|bedrijven|orders?|"
    r"contracts?|contracten|projects?|projecten|organi[sz]ations?|organisaties|employees|"
    r"medewerkers|suppliers|leveranciers|invoices|facturen|households|huishoudens|users|"
    r"gebruikers|transactions|transacties)\s(?:(?:with|met)\s(?:an?\s|een\s)?(?:[a-z]{2,15}\s)?)?"
    r"(?:over|above|boven|van\smeer\sdan|of\smore\sthan|greater\sthan|groter\sdan|larger\sthan|"
    r">)\s?[$€£]?\s?\d[\d.,]{0,15}\s?(?:k|m|mln|million|miljoen|bn)?\b"
)
_AGE = re.compile(
    r"\b(?:doelgroep|leeftijd\w{0,10}|ages?|aged|between\sthe\sages\sof|jongeren|kinderen|"
    r"children|mensen|people|personen|persons|adults|volwassenen|leerlingen|scholieren|"
    r"studenten|students|pupils|tieners|teenagers|teens|youth|jeugd|inwoners|residents|ouderen|"
    r"patienten|patients|deelnemers|participants|vrouwen|mannen|women|men|meisjes|jongens|girls|"
    r"boys|kids|sporters|leden|members)\s(?:(?:in\sde\sleeftijd\s)?van\s|of\s|tussen\s)?"
    r"\d{1,3}\s?(?:-|tot|to|en|and)\s?\d{1,3}\s?(?:jaar|years?|jarigen)?"
    r"|\b\d{1,3}(?:\s?(?:-|tot|to)\s?\d{1,3})?\+?\s?(?:jarigen|jarige|year[- ]olds?|jaar\soud|"
    r"years\sold|plussers)\b"
)
# "van 12 tot 16 jaar": a span of ages (checked: the first number is the smaller one).
_AGE_SPAN = re.compile(
    r"\b(?:van|tussen)\s(?:de\s)?(\d{1,2})\s?(?:-|tot|t/m|en)\s?(\d{1,3})\sjaar\b"
)
# School grades and classes are a scope: "grades 9-12", "klas 3 tot 6", "groep 7 en 8".
_GRADE = re.compile(
    r"\b(?:grades?|grade\slevels?|klas|klassen|groep|groepen|leerjaar|leerjaren|jaargroep|"
    r"jaargroepen|year\sgroups?)\s(\d{1,2})(?:\s?(?:-|tot(?:\sen\smet)?|t/m|to|through|en|and|&|/)"
    r"\s?\d{1,2})?\b(?!\s?%|[.,]\d)"
)
# Numbers that belong to a product, platform or standard ("Windows 11", "iOS 17",
# "Python 3.12", "Scope 3", "release 4.1"): names, not amounts.
_PRODUCT = re.compile(
    r"\b(?:windows(?:\sserver)?|sql\sserver|ios|ipados|macos|android|python|java|php|perl|ruby|"
    r"node\.?js|html|css|ubuntu|debian|rhel|centos|fedora|drupal|wordpress|joomla|magento|"
    r"angular|typescript|ecmascript|usb|wi-?fi|bluetooth|dynamics|oracle|postgres(?:ql)?|mysql|"
    r"kubernetes|vue|django|laravel|tls|ssl|http|oauth|scope|release|editie|edition|generatie|"
    r"generation|office\s(?=365|20\d\d)|exchange\s(?=20\d\d)|excel\s(?=20\d\d))"
    r"\s?v?\d+(?:\.\d+)*\b(?!\s?%|[.,]\d)"
)
# A capitalised word in mid-sentence followed by a bare number, as in "Acme 5" or "iOS 17";
# matched on the original text. Only taken as a name when the number ends the phrase.
_CAPITALISED_NUMBER = re.compile(
    r"(?<![\w.])([A-Z][a-z]{1,20}|[a-z]{1,5}[A-Z][A-Za-z]{1,15})\s(\d{1,3}(?:\.\d{1,3})*)"
    r"(?=\s?$|\s?[.,;:!?)]|\s(?:on|op|to|naar|for|voor|by|before|in|across|bij|with|met|"
    r"uitrollen|installeren|invoeren|migreren|rollout|upgrade|support)\b)"
)
_NOT_PRODUCT = frozenset(
    {"week", "wk", "quarter", "kwartaal", "jaar", "year", "day", "dag", "maand", "month",
     "semester", "sprint", "blok", "periode", "period", "term", "groep", "klas", "grade",
     "fase", "phase", "stap", "step", "level", "niveau", "tier", "versie", "version", "top",
     "nummer", "number", "hoofdstuk", "chapter", "artikel", "article", "ronde", "round"}
    | set(MONTHS)
)  # fmt: skip
_METRIC_WORD = re.compile(r"(?:" + METRIC + r"|" + INSTRUMENT + r")")
_LIST_NUMBER = re.compile(r"^\s{0,3}\d{1,2}[.)]\s")

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SUFFIX = re.compile(
    r"\s?(?:(?P<pct>%|procentpunt\w{0,3}|procent\b|percentage\spoints?\b|percent\b|pct\b|pp\b)"
    r"|(?P<mult>x\b|keer\b|maal\b|times\b|fold\b)"
    r"|(?P<scale>k\b|mln\b|mio\b|miljoen\b|million\b|m\b|bn\b|mld\b|miljard\b|billion\b|"
    r"duizend\b|thousand\b)"
    r"|(?P<cur>euro\b|eur\b|usd\b|dollars?\b)"
    r"|(?P<hours>uur\b|uren\b|hours?\b|hrs?\b|h\b|u\b)"
    r"|(?P<minutes>minuten\b|minuut\b|minutes?\b|mins?\b)"
    r"|(?P<seconds>seconden\b|seconds?\b|sec\b|s\b|ms\b)"
    r"|(?P<days>werkdagen\b|kalenderdagen\b|dagen\b|dag\b|business\sdays\b|working\sdays\b|"
    r"calendar\sdays\b|days?\b|d\b)"
    r"|(?P<weeks>weken\b|weeks?\b)"
    r"|(?P<months>maanden\b|maand\b|months?\b)"
    r"|(?P<years>jaar\b|jaren\b|years?\b|yrs?\b)"
    r"|(?P<points>punten\b|punt\b|points?\b|pts\b|sterren\b|stars?\b)"
    r"|(?P<fraction>/\s?(?:5|10|100)\b))"
)
_SCALE = {
    "k": 1000, "duizend": 1000, "thousand": 1000, "mln": 10**6, "mio": 10**6,
    "miljoen": 10**6, "million": 10**6, "m": 10**6, "bn": 10**9, "mld": 10**9,
    "miljard": 10**9, "billion": 10**9,
}  # fmt: skip
_ATTACHED_OK = re.compile(
    r"(?:k|m|x|mln|bn|mld|h|hrs?|u|min|mins|s|ms|d|pp|pts?|fte|kwh|gb|mb|tb)\b"
)
_CUR_BEFORE = re.compile(r"(?:€|\$|£|eur|usd|gbp)\s?$")
_COMP_BEFORE = re.compile(
    r"(?<![a-z])(?:(?P<ge>≥|>=|=>|at\sleast|minimaal|minimum|min\.|minstens|ten\sminste|tenminste|"
    r"no\sless\sthan|niet\sminder\sdan|a\sminimum\sof|minimale)"
    r"|(?P<le>≤|<=|=<|at\smost|tot\smaximaal|maximaal|maximum|max\.?|hooguit|ten\shoogste|"
    r"no\smore\sthan|niet\smeer\sdan|up\sto|a\smaximum\sof|maximale)"
    r"|(?P<gt>>|more\sthan|meer\sdan|over|above|boven|ruim|greater\sthan|groter\sdan|hoger\sdan|"
    r"higher\sthan|in\sexcess\sof|exceeding)"
    r"|(?P<lt><|less\sthan|minder\sdan|under|below|onder|lager\sdan|lower\sthan|kleiner\sdan|"
    r"fewer\sthan|beneath|korter\sdan|shorter\sthan)"
    r"|(?P<between>between|tussen)"
    r"|(?P<from>from|van)"
    r"|(?P<by>by|met|up|down|plus|min)"
    r"|(?P<to>to|naar|tot|op|at|of|reach|bereiken|halen|=|:))"
    r"\s?(?:an?\s|een\s|the\s|de\s|het\s)?(?:average\sof\s|gemiddeld\s)?[€$£]?\s?$"
)
_COMP_AFTER = re.compile(
    r"\s?(?:(?P<ge>\+|or\smore|or\shigher|or\sabove|or\sgreater|and\sabove|and\sup|of\smeer|"
    r"of\shoger|en\smeer|en\shoger|of\sbeter|or\sbetter)"
    r"|(?P<le>or\sless|or\slower|or\sfewer|or\sbelow|of\sminder|of\slager|of\skorter|"
    r"or\sshorter|of\ssneller|or\sfaster|or\sunder))"
)
_PLACEHOLDER = re.compile(
    r"\b(?:from|to|van|naar|tot|by|met|of|op|periode|period|at|within|binnen|is)\s"
    r"([€$£]?\s?(?:x{1,3}|y|n|z|nnn|tbd|\?{1,3})\s?%?)(?![a-z0-9])"
    r"|(\$n)\b|\b([xyn]\s?%)"
    r"|\b(gewenste\sniveau|gewenst\sniveau|desired\slevel|het\sjuiste\sniveau|acceptabel\sniveau|"
    r"target\slevel|nader\ste\sbepalen|n\.t\.b\.|to\sbe\sdetermined)\b"
)
_T_TRAPS = re.compile(
    r"\b(altijd|always|over\stime|continu|continuously|doorlopend|ongoing|permanent|"
    r"harde\sdeadline|hard\sdeadline|deadline|in\speriode|binnen\speriode|in\sthe\sfuture|"
    r"in\sde\stoekomst|eventually|ooit|someday|soon|binnenkort|snel)\b"
)
_PURPOSE = re.compile(
    r"\b(?:(?:that|which)\s(?:will\s)?(?:support|enable|drive|help|contribute|fuel|underpin)s?"
    r"|to\s(?:support|enable|drive|fuel|underpin|generate|help)"
    r"|in\sorder\sto|so\sthat|so\swe\scan|to\sbe\sused\s(?:for|to|in)|contribut(?:e|es|ing)\sto"
    r"|in\ssupport\sof|zodat|opdat|ter\sondersteuning\svan|bijdra(?:gen|agt|gend)\saan"
    r"|draagt\sbij\saan|ten\sbehoeve\svan|met\sals\sdoel|wat\sbijdraagt|"
    r"om\s(?:zo|daarmee|hiermee)\s)"
)
# Purpose clauses whose words say *why*, not *what*: vague words inside them do not make
# the goal itself vague. Dutch "om ... te <werkwoord>" ends at the verb; the others run to
# the end of the sentence.
_PURPOSE_OM = re.compile(r"\bom\s(?:[^\s;!?]{1,30}\s){1,8}?te\s[a-z]{2,30}(?:\s[a-z]{2,30}en\b)?")
_PURPOSE_TO_END = re.compile(
    r"\b(?:zodat|opdat|so\sthat|in\sorder\sto|so\swe\scan|so\sas\sto)\b"
    r"|\bto\s(?:better|further|more\s(?:easily|quickly|accurately|effectively)|help|support|"
    r"enable|drive|fuel|underpin|generate|understand|learn|identify|detect|spot|signal|"
    r"analy[sz]e|track|monitor|measure|capture|collect|gather|inform|prevent|avoid|free\sup|"
    r"allow|provide|protect|reduce|improve|increase|boost|grow|cut|lower|raise|attract|retain|"
    r"strengthen|accelerate|speed\sup|ensure|save|serve|lift)\b"
)
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)|$")
# Words after which "to ..." / "om ... te" is the goal itself ("we want to", "ons doel is om").
_PURPOSE_HEAD_WORDS = frozenset(
    {"want", "wants", "need", "needs", "aim", "aims", "plan", "plans", "going", "have", "has",
     "strive", "seek", "seeks", "try", "tries", "hope", "intend", "wish", "expect", "like",
     "able", "is", "are", "be", "was", "were", "goal", "objective", "ambition", "mission",
     "continue", "continues", "begin", "start", "learn", "will", "would", "order", "helps",
     "help", "zijn", "doel", "ambitie", "streven", "proberen", "trachten", "besluiten", "wens",
     "nodig", "manier", "mogelijk", "belangrijk", "erop", "ernaar", "gericht", "bedoeling",
     "bereid", "staat", "willen", "wil", "gaan", "tijd", "beginnen", "starten", "blijven",
     "target", "targets", "intends", "tasked", "committed", "decided"}
)  # fmt: skip
_BASELINE_PHRASE = re.compile(
    r"\b(?:t\.?\s?o\.?\s?v\.?|ten\sopzichte\svan|compared\s(?:to|with)|vergeleken\smet|"
    r"versus|relative\sto|baseline|nulmeting|uitgangswaarde|current\slevel|huidige\sniveau)\b"
)
_CHANGE_AFTER = re.compile(
    r"\s?(?:[a-z]{0,20}(?:stijging|groei|toename|daling|afname|reductie|verlaging|verhoging)\b"
    r"|(?:more|less|fewer|meer|minder|increase|growth|decrease|reduction|lower|higher|"
    r"hoger|lager|up|down)\b)"
)
_UP = re.compile(r"\b(?:" + UP_VERBS + r")")
_DOWN = re.compile(r"\b(?:" + DOWN_VERBS + r")")
_DEFINITION = re.compile(r"\s{0,3}" + DEFINITION_HEAD)

# A KPI statement holds a handful of numbers; more than this is junk and is not examined.
MAX_NUMBERS = 60

# --------------------------------------------------------------------------- helpers


def _before(folded: str, start: int, width: int = 40) -> str:
    return folded[max(0, start - width) : start]


def _last_word(text: str) -> str:
    parts = text.rstrip().rsplit(" ", 2)
    return parts[-1] if parts else ""


def _to_decimal(raw: str, lang: str) -> Decimal | None:
    """Read a number in Dutch or English notation ("1.000,5", "1,000.5", "4,8", "7.1")."""
    if len(raw) > 24:
        return None
    dots, commas = raw.count("."), raw.count(",")
    text = raw
    if dots and commas:
        decimal_sep = "." if raw.rfind(".") > raw.rfind(",") else ","
        thousands = "," if decimal_sep == "." else "."
        text = raw.replace(thousands, "").replace(decimal_sep, ".")
    elif dots + commas:
        sep = "." if dots else ","
        groups = raw.split(sep)
        if len(groups) > 2:
            # Several separators of one kind can only be thousands ("1.000.000").
            if not all(len(g) == 3 for g in groups[1:]):
                return None
            text = "".join(groups)
        else:
            head, tail = groups
            # "1.000" is a thousand in Dutch, "1,000" is a thousand in English; "4,8" and
            # "7.1" are decimals in both.
            thousands_sep = "." if lang == "nl" else ","
            if sep == thousands_sep and len(tail) == 3 and head != "0":
                text = head + tail
            else:
                text = head + "." + tail
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _resolve_quarter(year: int | None, quarter: int, today: dt.date | None) -> dt.date | None:
    if year is not None:
        return dates.quarter_end(year, quarter)
    return dates.next_occurrence(today, lambda y: dates.quarter_end(y, quarter))


_ORDINALS = {
    "eerste": 1, "first": 1, "1e": 1, "1st": 1, "tweede": 2, "second": 2, "2e": 2, "2nd": 2,
    "derde": 3, "third": 3, "3e": 3, "3rd": 3, "vierde": 4, "fourth": 4, "4e": 4, "4th": 4,
    "laatste": 4, "last": 4,
}  # fmt: skip


# --------------------------------------------------------------------------- the parser


class _Parser:
    def __init__(self, text: str, lang: str, today: dt.date | None) -> None:
        self.text, self.truncated = clip(text)
        self.lang = lang
        self.today = today
        self.folded = fold(self.text)
        self.claims = _Claims(len(self.folded))
        self.result = Analysis(
            text=self.text, folded=self.folded, lang=lang, truncated=self.truncated
        )

    # -- plumbing
    def _iter(self, pattern: re.Pattern[str]):
        for match in pattern.finditer(self.folded):
            if self.claims.free(match.start(), match.end()):
                yield match

    def _raw(self, start: int, end: int) -> str:
        return self.text[start:end].strip()

    def _add_time(self, match: re.Match[str], kind: str, label: str, **extra) -> TimeRef:
        start, end = match.start(), match.end()
        if kind != "period":
            # A named period ("during the spring campaign") keeps its words for S: the
            # campaign may well be the deliverable.
            self.claims.claim(start, end)
        ref = TimeRef(kind, start, end, self._raw(start, end), label, **extra)
        if kind == "deadline" and self._is_baseline_context(start, end):
            ref.kind = "baseline"
            self.result.baseline_refs.append(ref.raw)
        self.result.time_refs.append(ref)
        return ref

    def _is_baseline_context(self, start: int, end: int) -> bool:
        before = _before(self.folded, start, 30)
        match = _BASELINE_BEFORE.search(before)
        if not match:
            return False
        word = match.group(0).split()[0]
        if word in {"from", "van"}:
            # "voor het einde van 2025", "the end of": van/of after an end word is not a baseline.
            preceding = _last_word(before[: match.start()])
            if preceding in {"eind", "einde", "end", "begin", "start", "medio", "helft", "half"}:
                return False
            # "from Q1 to Q3", "van 2024 tot 2026": a span, so the end is a deadline.
            if _RANGE_AFTER.match(self.folded, end):
                return False
        return True

    # -- passes
    def run(self) -> Analysis:
        self._scope_notes()
        self._dates()
        self._periods()
        self._windows_and_cadences()
        self._years()
        self._names()
        self._numbers()
        self._number_words()
        self._phrases()
        self._extract()
        taken = self.claims.taken
        self.result.residual = "".join(" " if taken[i] else ch for i, ch in enumerate(self.folded))
        return self.result

    def _scope_notes(self) -> None:
        for match in self._iter(_SCHOOL_END):
            # "aan het eind van groep 8": a point in the school career, so a time bound.
            self._add_time(match, "deadline", self._raw(match.start(), match.end()))
        for match in self._iter(_HORIZON_NOTE):
            self.claims.claim(match.start(), match.end())
            self.result.t_traps.append((self._raw(match.start(), match.end()), "horizon"))
            self.result.excluded.append((self._raw(match.start(), match.end()), "horizon"))
        for match in self._iter(_AGE):
            self.claims.claim(match.start(), match.end())
            self.result.t_traps.append((self._raw(match.start(), match.end()), "age"))
            self.result.excluded.append((self._raw(match.start(), match.end()), "age"))
        for match in self._iter(_AGE_SPAN):
            before = _last_word(_before(self.folded, match.start(), 12))
            if int(match[1]) >= int(match[2]) or before in {"binnen", "in", "over", "within"}:
                continue
            self.claims.claim(match.start(), match.end())
            self.result.t_traps.append((self._raw(match.start(), match.end()), "age"))
            self.result.excluded.append((self._raw(match.start(), match.end()), "age"))
        for match in self._iter(_GRADE):
            self.claims.claim(match.start(), match.end())
            self.result.excluded.append((self._raw(match.start(), match.end()), "scope"))
        self._products()

    def _products(self) -> None:
        for match in self._iter(_PRODUCT):
            self.claims.claim(match.start(), match.end())
            self.result.excluded.append((self._raw(match.start(), match.end()), "name"))
        if self._title_case():
            return  # In Title Case Text every word is capitalised, so capitals say nothing.
        for match in _CAPITALISED_NUMBER.finditer(self.text):
            start, end = match.start(), match.end()
            word = self.folded[match.start(1) : match.end(1)]
            if not self.claims.free(start, end) or word in _NOT_PRODUCT:
                continue
            head = self.text[:start].rstrip()
            if not head or head[-1] in ".!?:;-\u2022*(\"'\u201c\u2018" or _LIST_NUMBER.match(head):
                continue  # a capital at the start of a sentence or item is not a name
            if _METRIC_WORD.fullmatch(word):
                continue  # "Revenue 20" in a heading-like text is an amount
            self.claims.claim(start, end)
            self.result.excluded.append((self._raw(start, end), "name"))

    def _title_case(self) -> bool:
        long_words = [w for w in re.findall(r"[^\W\d_]{4,}", self.text)]
        if len(long_words) < 3:
            return False
        capitals = sum(1 for w in long_words if w[0].isupper())
        return capitals * 2 > len(long_words)

    def _dates(self) -> None:
        for match in self._iter(_ISO_DATE):
            day = dates.safe_date(int(match[1]), int(match[2]), int(match[3]))
            if day:
                self._add_time(match, "deadline", day.isoformat(), date=day)
        for match in self._iter(_NUM_DATE):
            a, b, year = int(match[1]), int(match[3]), dates.full_year(match[4])
            if year is None:
                continue
            # Slashes in English text are month/day/year; otherwise day-month-year.
            us = match[2] == "/" and self.lang == "en"
            day = dates.safe_date(year, a, b) if us else dates.safe_date(year, b, a)
            day = day or (dates.safe_date(year, b, a) if us else dates.safe_date(year, a, b))
            if day:
                self._add_time(match, "deadline", day.isoformat(), date=day)
        for match in self._iter(_DAY_MONTH):
            month = MONTHS[match[2]]
            if match[3]:
                day = dates.safe_date(int(match[3]), month, int(match[1]))
            else:
                day = dates.next_occurrence(
                    self.today, lambda y, m=month, d=int(match[1]): dates.safe_date(y, m, d)
                )
            label = f"{int(match[1])} {match[2]}" + (f" {match[3]}" if match[3] else "")
            self._add_time(match, "deadline", label, date=day)
        for match in self._iter(_MONTH_DAY):
            if match[1] == "may" and not match[3] and self.lang == "en":
                continue  # "may 5 ..." is more likely the verb than the month
            month = MONTHS[match[1]]
            if match[3]:
                day = dates.safe_date(int(match[3]), month, int(match[2]))
            else:
                day = dates.next_occurrence(
                    self.today, lambda y, m=month, d=int(match[2]): dates.safe_date(y, m, d)
                )
            self._add_time(match, "deadline", self._raw(match.start(), match.end()), date=day)
        for match in self._iter(_MONTH_YEAR):
            day = dates.month_end(int(match[2]), MONTHS[match[1]])
            self._add_time(match, "deadline", f"{match[1]} {match[2]}", date=day)

    def _periods(self) -> None:
        for match in self._iter(_COMPARE_PREV):
            self._add_time(match, "compare", self._raw(match.start(), match.end()))
            self.result.baseline_refs.append(self._raw(match.start(), match.end()))
        for pattern in (_FY_GLUED, _FY):
            for match in self._iter(pattern):
                year = dates.full_year(match[1])
                if year is None or not 1950 <= year <= 2199:
                    continue
                sub = match[2] or ""
                if pattern is _FY:
                    sub = f"q{match[2]}" if match[2] else (f"h{match[3]}" if match[3] else "")
                if sub.startswith("q"):
                    day = dates.quarter_end(year, int(sub[1]))
                elif sub.startswith("h"):
                    day = dates.half_end(year, int(sub[1]))
                else:
                    day = dates.month_end(year, 12)
                label = f"FY{year % 100:02d}" + (f" {sub.upper()}" if sub else "")
                self._add_time(match, "deadline", label, date=day)
        for match in self._iter(_YEAR_Q):
            year, quarter = int(match[1]), int(match[2])
            self._add_time(
                match, "deadline", f"Q{quarter} {year}", date=dates.quarter_end(year, quarter)
            )
        for match in self._iter(_Q_YEAR):
            quarter = int(match[1])
            year = int(match[2]) if match[2] else dates.full_year(match[3]) if match[3] else None
            label = f"Q{quarter} {year}" if year else f"Q{quarter}"
            self._add_time(
                match, "deadline", label, date=_resolve_quarter(year, quarter, self.today)
            )
        for match in self._iter(_Q_WORD):
            quarter = int(match[1])
            year = int(match[2]) if match[2] else None
            label = f"Q{quarter} {year}" if year else f"Q{quarter}"
            self._add_time(
                match, "deadline", label, date=_resolve_quarter(year, quarter, self.today)
            )
        for match in self._iter(_Q_ORD):
            quarter = _ORDINALS[match[1]]
            year = int(match[2]) if match[2] else None
            label = f"Q{quarter} {year}" if year else f"Q{quarter}"
            self._add_time(
                match, "deadline", label, date=_resolve_quarter(year, quarter, self.today)
            )
        for match in self._iter(_HALF):
            half = int(match[1]) if match[1] else (1 if match[3] in ("eerste", "first") else 2)
            year_text = match[2] or match[4]
            year = int(year_text) if year_text else None
            if year:
                day = dates.half_end(year, half)
            else:
                day = dates.next_occurrence(self.today, lambda y, h=half: dates.half_end(y, h))
            label = f"H{half} {year}" if year else f"H{half}"
            self._add_time(match, "deadline", label, date=day)

    def _window(self, match: re.Match[str], amount: str, unit: str, prep: str) -> None:
        unit = unit.replace("\u00a0", " ")
        long_units = ("week", "maand", "month", "jaar", "jaren", "year", "kwarta", "quarter")
        after = self.folded[match.end() : match.end() + 12]
        triggered = bool(re.match(r"\s(?:na|after|van|from|of|following)\b", after))
        is_long = unit.startswith(long_units)
        if prep in {"over"} and self.lang == "en" and not match.group(0).count("next"):
            return  # English "over 2 hours" means "more than 2 hours"
        if prep == "for" and not is_long:
            return  # "for 2 hours" is a duration, not a time bound
        number = _WINDOW_NUM_VALUE.get(amount)
        if number is None:
            number = _to_decimal(amount.split("-")[-1].strip(), self.lang) or Decimal(0)
        if is_long and not triggered:
            day = None
            if self.today is not None and number:
                months = _months_in(unit, number)
                if months is not None and 0 < months <= 600:
                    day = dates.add_months(self.today, months)
            self._add_time(match, "deadline", self._raw(match.start(), match.end()), date=day)
        else:
            # An SLA window ("binnen 24 uur"): a time bound, and its number is the norm, so it
            # also counts as the statement's quantity.
            ref = self._add_time(match, "window", self._raw(match.start(), match.end()))
            unit_code, unit_kind = _WINDOW_UNITS.get(unit.split()[-1][:3], ("other", None))
            self.result.numbers.append(
                Num(match.start(), match.end(), number, unit_code, ref.raw, "<=", "window",
                    unit_kind=unit_kind)
            )  # fmt: skip

    def _windows_and_cadences(self) -> None:
        for match in self._iter(_WINDOW_NORM):
            self._window(match, match[1], match[2], "binnen")
        for match in self._iter(_NEXT_UNITS):
            self._window(match, match[1], match[2], "in")
        for match in self._iter(_EVERY_N):
            self._add_time(match, "cadence", self._raw(match.start(), match.end()))
        for match in self._iter(_WEEKDAY_CADENCE):
            day = match[1]
            daily = day in _DAILY_PARTS
            every_other = re.search(r"\b(?:other|second|tweede|even|oneven)\s", match.group(0))
            frequency = None if every_other else ("daily" if daily else "weekly")
            self._add_time(
                match, "cadence", self._raw(match.start(), match.end()), frequency=frequency
            )
        for match in self._iter(_EVENT_PERIOD):
            if match[1] in {"periode", "period"} and match.group(0).count(" ") < 3:
                continue  # "tijdens de periode" names no period
            self._add_time(match, "period", self._raw(match.start(), match.end()))
        for match in self._iter(_WINDOW):
            self._window(match, match[2], match[3], match[1])
        for match in self._iter(_PER):
            unit = re.sub(r"\s+", " ", match[1])
            if match.group(0).startswith(("once", "twice")):
                self.result.cadence_measure = True  # "twice a week" counts how often
            self._add_time(
                match, "cadence", self._raw(match.start(), match.end()),
                frequency=_CADENCE_UNITS.get(unit),
            )  # fmt: skip
        for match in self._iter(_SLASH):
            self._add_time(
                match, "cadence", self._raw(match.start(), match.end()),
                frequency=_CADENCE_UNITS.get(match[1]),
            )  # fmt: skip
        for match in self._iter(_ADVERB_RE):
            word = match[1]
            if word == "annual" and self.folded.startswith(" recurring", match.end()):
                continue  # "annual recurring revenue" names a metric
            ref = self._add_time(
                match, "cadence", self._raw(match.start(), match.end()), frequency=_ADVERBS[word]
            )
            # An uninflected adverb ("publiceren wekelijks", "posts weekly") counts how
            # often something happens, which makes it a quantity; "wekelijkse rapportage"
            # only describes a report.
            follower = re.match(r"\s?([a-z]+)?", self.folded[ref.end : ref.end + 20])
            nxt = follower.group(1) if follower else None
            if not match[2] and (
                self.lang == "nl" or nxt in (None, "in", "for", "during", "until", "by", "and")
            ):
                self.result.cadence_measure = True
        for match in self._iter(_RELATIVE):
            self._add_time(
                match, "deadline", self._raw(match.start(), match.end()),
                date=self._relative_date(match[1], match[2], match.group(0)),
            )  # fmt: skip
        for match in self._iter(_END_OF):
            word = match[1] or match[2]
            self._add_time(
                match, "deadline", self._raw(match.start(), match.end()),
                date=self._relative_date("this", word, match.group(0)),
            )  # fmt: skip
        for match in self._iter(_WEEK_NO):
            week = int(match[1])
            if not 1 <= week <= 53:
                continue
            year = int(match[2]) if match[2] else (self.today.year if self.today else None)
            day = None
            if year:
                try:
                    day = dt.date.fromisocalendar(year, week, 7)
                except ValueError:
                    day = None
            self._add_time(match, "deadline", self._raw(match.start(), match.end()), date=day)
        for match in self._iter(_PREP_MONTH):
            month = MONTHS[match[1]]
            if match[1] in {"may", "mar"} and self.lang == "en":
                continue
            day = dates.next_occurrence(self.today, lambda y, m=month: dates.month_end(y, m))
            self._add_time(match, "deadline", self._raw(match.start(), match.end()), date=day)

    def _relative_date(self, which: str, unit: str, whole: str) -> dt.date | None:
        if self.today is None:
            return None
        today = self.today
        nxt = which in {"volgend", "volgende", "next", "komend", "komende", "coming"}
        if unit in {"eoq", "quarter", "kwartaal"}:
            quarter = (today.month - 1) // 3 + 1
            year = today.year
            if nxt:
                quarter, year = (1, year + 1) if quarter == 4 else (quarter + 1, year)
            return dates.quarter_end(year, quarter)
        if unit in {"eom", "month", "maand"}:
            base = dates.add_months(today, 1) if nxt else today
            return dates.month_end(base.year, base.month)
        if unit in {"week"}:
            return today + dt.timedelta(days=(6 - today.weekday()) + (7 if nxt else 0))
        if unit.startswith(("year", "jaar", "eoy", "fiscal", "boekjaar", "school")):
            return dt.date(today.year + (1 if nxt else 0), 12, 31)
        return None

    def _years(self) -> None:
        for match in self._iter(_YEAR_RANGE):
            first = int(match[1])
            second_raw = match[2]
            second = int(second_raw)
            if len(second_raw) == 2:
                second += first // 100 * 100
            if not first < second <= first + 10:
                continue
            self._add_time(match, "deadline", f"{first}-{second}", date=dt.date(second, 12, 31))
        for match in self._iter(_YEAR):
            start, end = match.start(), match.end()
            prev = self.folded[start - 1] if start else " "
            nxt = self.folded[end] if end < len(self.folded) else " "
            if prev in ".,€$£" or (nxt in ",." and self.folded[end + 1 : end + 2].isdigit()):
                continue  # part of a number such as "1.2025" or "2025,5"
            before = _before(self.folded, start, 20)
            if _HEADER_BEFORE.search(before):
                self.claims.claim(start, end)
                self.result.t_traps.append((self._raw(start, end), "header"))
                continue
            after = self.folded[end : end + 20]
            # A bare four-digit number followed by a noun is a count ("2000 klanten").
            looks_count = bool(re.match(r"\s[a-z]{3,}", after)) and not re.match(
                r"\s(?:en|and|of|or|to|tot|naar|ten|t\.o\.v|compared|vs|versus|in|for|voor|"
                r"met|with|the|de|het|zijn|is|are|worden|wordt|will|moet|moeten|should|"
                r"must|we|wij|ik|staat|bereikt|behaald|halen|halved|gehalveerd|"
                r"opgeleverd|gerealiseerd)\b",
                after,
            )
            if looks_count and not _TIME_PREP_BEFORE.search(before):
                continue
            year = int(match[1])
            self._add_time(match, "deadline", str(year), date=dt.date(year, 12, 31))

    def _names(self) -> None:
        for pattern, why in ((_SCOPE, "scope"), (_NAMES, "name"), (_LIST_NUMBER, "list")):
            for match in self._iter(pattern):
                self.claims.claim(match.start(), match.end())
                if why != "list":
                    self.result.excluded.append((self._raw(match.start(), match.end()), why))

    def _numbers(self) -> None:
        folded = self.folded
        for match in _NUMBER.finditer(folded):
            if len(self.result.numbers) >= MAX_NUMBERS:
                self.result.truncated = True  # no statement has this many; stop the work here
                break
            start, end = match.start(), match.end()
            if not self.claims.free(start, end):
                continue
            prev = folded[start - 1] if start else " "
            if prev.isalpha() or (prev == "-" and start > 1 and folded[start - 2].isalpha()):
                self.result.excluded.append((self._raw(self._word_start(start), end), "name"))
                continue
            value = _to_decimal(match.group(0), self.lang)
            if value is None:
                self.result.excluded.append((self._raw(start, end), "name"))
                continue
            unit, unit_kind, stop = None, None, end
            if end < len(folded) and folded[end].isalpha() and not _ATTACHED_OK.match(folded, end):
                # "1F", "5G", "3D": a letter glued to the number makes it a name.
                self.result.excluded.append((self._raw(start, self._word_end(end)), "name"))
                continue
            currency = _CUR_BEFORE.search(_before(folded, start, 5))
            suffix = _SUFFIX.match(folded, end)
            if suffix:
                kind = suffix.lastgroup
                stop = suffix.end()
                if kind == "scale":
                    word = suffix.group(kind)
                    if word == "m" and not currency and self.text[end:stop].strip() != "M":
                        unit, unit_kind = "other", "metres"
                    else:
                        value *= _SCALE[word]
                        more = _SUFFIX.match(folded, stop)
                        if more and more.lastgroup in {"cur", "pct"}:
                            kind, stop = more.lastgroup, more.end()
                        else:
                            kind = None
                if kind is not None and unit is None:
                    unit, unit_kind = _unit_of(kind)
            if currency:
                symbol = currency.group(0).strip()
                unit = "eur" if symbol in {"€", "eur"} else "other"
                unit_kind = unit_kind or ("eur" if unit == "eur" else "currency")
                start = start - len(currency.group(0))
            elif unit == "currency":
                unit = "eur" if "eur" in folded[end:stop] else "other"
            elif self._signed(start):
                # "van +12 naar +25", "from -5 to +10": a net score has a sign.
                if folded[start - 1] == "-":
                    value = -value
                start -= 1
            num = Num(
                start, stop, value, unit or "count", self._raw(start, stop), unit_kind=unit_kind
            )
            if suffix and suffix.lastgroup == "scale" and unit_kind != "metres":
                num.scale = _SCALE[suffix.group("scale")]
            after = _COMP_AFTER.match(folded, stop)
            if after:
                num.comparator = ">=" if after.lastgroup == "ge" else "<="
                num.end = after.end()
                num.raw = self._raw(start, num.end)
            self.claims.claim(match.start(), num.end)
            self.result.numbers.append(num)

    def _signed(self, start: int) -> bool:
        """A "+" or "-" written against the number is its sign, not a range dash or bullet."""
        folded = self.folded
        if start < 1 or folded[start - 1] not in "+-":
            return False
        before = folded[max(0, start - 12) : start - 1]
        if before and not before[-1].isspace() and before[-1] != "(":
            return False  # "15-20": a range; "2+3": not a sign
        if folded[start - 1] == "+":
            return True
        # A minus sign only after a word that introduces a value ("van -5", "to -2").
        return bool(_SIGN_CONTEXT.search(before))

    def _word_start(self, index: int) -> int:
        # Bounded walk: a name is short, and an unbounded walk would be quadratic on junk.
        limit = max(0, index - 20)
        while index > limit and (self.folded[index - 1].isalnum() or self.folded[index - 1] == "-"):
            index -= 1
        return index

    def _word_end(self, index: int) -> int:
        limit = min(len(self.folded), index + 20)
        while index < limit and self.folded[index].isalnum():
            index += 1
        return index

    def _number_words(self) -> None:
        table = _NUM_WORDS_NL if self.lang == "nl" else _NUM_WORDS_EN
        pattern = _NL_WORDS_RE if self.lang == "nl" else _EN_WORDS_RE
        lowered = self.text.lower() if len(self.text.lower()) == len(self.text) else self.folded
        for match in self._iter(pattern):
            word = match.group(1)
            start, end = match.start(1), match.end(1)
            # Only the stressed "één" is a number; plain "een" is the article.
            if word == "een" and "\u00e9" not in lowered[start:end]:
                continue
            if word in {"a", "an"}:
                # "a" counts only in "once a week"-like phrases, which cadence already took.
                continue
            nxt = self.folded[end : end + 8]
            if word == "one" and re.match(r"\s?(?:of|another|-on-|on one)\b", nxt):
                continue
            prev_word = _last_word(_before(self.folded, start, 12))
            if word == "half" and prev_word not in {"by", "in"}:
                continue  # "first half" is a period; only "by half" / "in half" is a quantity
            if prev_word in {"no", "nr", "number", "nummer"}:
                continue
            value = Decimal(table[word])
            unit = "ratio" if word.startswith(_MULTIPLIER_WORDS) else "count"
            num = Num(start, end, value, unit, self._raw(start, end))
            self.claims.claim(start, end)
            self.result.numbers.append(num)
        self.result.numbers.sort(key=lambda n: n.start)

    def _phrases(self) -> None:
        folded = self.folded
        for match in _PLACEHOLDER.finditer(folded):
            group = next(i for i, g in enumerate(match.groups(), start=1) if g)
            self.result.placeholders.append(self._raw(match.start(group), match.end(group)))
        for match in _T_TRAPS.finditer(folded):
            if self.claims.free(match.start(), match.end()):
                self.result.t_traps.append((self._raw(match.start(), match.end()), "vague_time"))
        purpose = _PURPOSE.search(folded)
        if purpose:
            self.result.purpose = self._raw(purpose.start(), purpose.end())
        self._purpose_clauses()
        for match in _BASELINE_PHRASE.finditer(folded):
            self.result.baseline_refs.append(self._raw(match.start(), match.end()))
        self.result.definition_head = bool(_DEFINITION.match(folded))

    def _purpose_clauses(self) -> None:
        folded, spans = self.folded, self.result.purpose_spans
        found = [(m.start(), m.end()) for m in _PURPOSE_OM.finditer(folded)]
        for match in _PURPOSE_TO_END.finditer(folded):
            stop = _SENTENCE_END.search(folded, match.end())
            found.append((match.start(), stop.start() if stop else len(folded)))
        for start, end in sorted(found):
            before = _before(folded, start, 60).split()
            if not before or (len(before) < 2 and start <= 60):
                # An opening "om ... te" clause is a purpose only when a main clause follows
                # the comma ("Om X te verbeteren, bellen we ..."); otherwise it is the goal.
                rest = folded[end:].lstrip()
                if not (folded.startswith("om", start) and rest.startswith(",")):
                    continue
                if len(rest.split()) < 3:
                    continue
            elif before[-1].strip(",") in _PURPOSE_HEAD_WORDS or before[-1].endswith(
                ("doel", "doelstelling", "doelen", "ambitie", "opdracht", "taak", "voornemen")
            ):
                continue  # "we want to improve", "ons doel is om": the goal itself
            if spans and start < spans[-1][1]:
                continue
            spans.append((start, end))
            if self.result.purpose is None:
                self.result.purpose = self._raw(start, min(end, start + 60))

    # -- turn the pieces into a form-ready extraction
    def _extract(self) -> None:
        res, folded = self.result, self.folded
        ext = res.extraction
        nums = res.numbers
        for num in nums:
            if num.role == "window":
                continue  # "95% van de klachten binnen 24 uur": the window is a condition
            before = _before(folded, num.start, 40)
            if num.unit == "count" and _SCORE_BEFORE.search(before):
                num.unit, num.unit_kind = "score", "points"
            comp = _COMP_BEFORE.search(before)
            if comp:
                group = comp.lastgroup
                if group in {"ge", "le", "gt", "lt"} and num.comparator is None:
                    num.comparator = {"ge": ">=", "le": "<=", "gt": ">", "lt": "<"}[group]
                    num.role = "target"
                elif group == "from":
                    num.role = "from"
                elif group == "by":
                    num.role = "change"
                elif group == "to" or group == "between":
                    num.role = "target"
            elif num.comparator:
                num.role = "target"
            # "5% omzetstijging", "30% more revenue": the number is a change, not a level.
            if (
                num.role in (None, "target")
                and num.comparator is None
                and _CHANGE_AFTER.match(folded, num.end)
            ):
                num.role = "change"
        # Ranges: "15-20%", "4-5x", "tussen 3 en 5", "80 to 90 percent".
        for first, second in itertools.pairwise(nums):
            gap = folded[first.end : second.start]
            if len(gap) > 12 or first.range_max is not None:
                continue
            if first.role == "from" and re.fullmatch(
                r"\s?(?:[a-z%]{1,12}\s)?(?:to|naar|tot|into|->)\s?", gap
            ):
                first.role, second.role = "from", "target"
                if {first.unit, second.unit} == {"score", "count"}:
                    first.unit = second.unit = "score"  # "score van 7,2 naar 8,0"
                    first.unit_kind = second.unit_kind = "points"
                # "van 10 naar 12 mln": the scale written once counts for both numbers.
                scaled = first.value * second.scale
                if first.scale == 1 and second.value / 100 <= scaled <= second.value * 100:
                    first.value, first.scale = scaled, second.scale
            elif re.fullmatch(r"\s?(?:en|and|,)\s?", gap) and first.unit == "count" != second.unit:
                # "6,5 en 2 minuten": a list whose unit is written once, after the last number.
                first.unit, first.unit_kind = second.unit, second.unit_kind
            elif (
                re.fullmatch(r"\s?(?:-|tot|to|en|and|a)\s?", gap)
                and first.role != "from"
                and second.value > first.value
            ):
                if first.unit == "count" and second.unit != "count":
                    first.unit, first.unit_kind = second.unit, second.unit_kind
                first.range_max = second.value
                first.comparator = "range"
                first.role = first.role or "target"
                second.role = "range_end"
        counted = [n for n in nums if n.role != "range_end"]
        ext.quantities = [Quantity(n.value, n.unit, n.raw) for n in nums]
        baseline = next((n for n in counted if n.role == "from"), None)
        target = next(
            (
                n
                for n in counted
                if n.role == "target" and (baseline is None or n.start > baseline.start)
            ),
            None,
        )
        change = next((n for n in counted if n.role == "change"), None)
        if baseline is not None:
            ext.baseline = baseline.value
            if target is None and change is None:
                baseline = None
                ext.baseline = None
        if target is None and change is None and baseline is None:
            # A lone level such as "1.000 nieuwe registraties" is the target.
            plain = [n for n in counted if n.role is None and not _is_window_number(n, res)]
            if len(plain) == 1 or (plain and plain[0].unit in {"percent", "eur"}):
                target = plain[0]
            elif not plain:
                # "Klachten binnen 5 werkdagen beantwoord": the window is the norm itself.
                target = next((n for n in counted if n.role == "window"), None)
        if target is not None:
            ext.target = target.value
            ext.comparator = target.comparator or ("=" if baseline is None else None)
            if target.range_max is not None:
                ext.comparator = "range"
                ext.target_max = target.range_max
            ext.unit = target.unit
        elif change is not None:
            ext.change = change.value
            ext.unit = change.unit
        elif counted:
            ext.unit = counted[0].unit
        if baseline is not None and ext.unit is None:
            ext.unit = baseline.unit
        # Direction: comparator first, then the verb, then the from/to pair.
        if ext.comparator in {">=", ">"}:
            ext.direction = "higher"
        elif ext.comparator in {"<=", "<"}:
            ext.direction = "lower"
        elif ext.comparator == "range":
            ext.direction = "range"
        elif ext.baseline is not None and ext.target is not None and ext.baseline != ext.target:
            ext.direction = "higher" if ext.target > ext.baseline else "lower"
        else:
            up, down = _UP.search(folded), _DOWN.search(folded)
            if up and (not down or up.start() < down.start()):
                ext.direction = "higher"
            elif down:
                ext.direction = "lower"
        deadlines = [r for r in res.time_refs if r.kind == "deadline"]
        dated = [r for r in deadlines if r.date is not None]
        if dated:
            best = max(dated, key=lambda r: r.date)
            ext.deadline, ext.period_label = best.date, best.label
        elif deadlines:
            ext.period_label = deadlines[-1].label
        cadence = [r for r in res.time_refs if r.kind == "cadence" and r.frequency]
        if cadence:
            ext.frequency = cadence[0].frequency


_SIGN_CONTEXT = re.compile(
    r"(?:^|\s|\()(?:van|naar|tot|op|from|to|at|of|between|tussen|en|and|score|nps|enps)\s?$|\($"
)
# Numbers after these words are on a scale: "CSAT-score van 7,2 naar 8,0", "NPS +12".
_SCORE_BEFORE = re.compile(
    r"(?:score|cijfer|rapportcijfer|rating|nps|enps|csat|ces|index|sterren|stars|grade)"
    # "rapportcijfer van de balie van 7": one phrase may say what the score is about
    r"(?:\s(?:van|of|voor|for|bij|at|over|on)\s(?:de\s|het\s|the\s|onze\s|our\s)?[a-z-]{2,30})?"
    r"(?:[\s:-]{1,3}(?:van|from|of|naar|to|op|at|een|a|gemiddeld|average|minimaal|at\sleast|"
    r"ten\sminste|minstens|boven|above|>=?|≥)){0,3}[\s:-]{0,3}$"
)

_WINDOW_UNITS = {
    "uur": ("hours", "hours"), "ure": ("hours", "hours"), "hou": ("hours", "hours"),
    "hrs": ("hours", "hours"), "min": ("minutes", "minutes"), "sec": ("other", "seconds"),
    "dag": ("days", "days"), "day": ("days", "days"),
    "wer": ("days", "days"), "kal": ("days", "days"), "wee": ("other", "weeks"),
    "wek": ("other", "weeks"), "maa": ("other", "months"), "mon": ("other", "months"),
    "jaa": ("other", "years"), "yea": ("other", "years"), "kwa": ("other", "months"),
    "qua": ("other", "months"),
}  # fmt: skip
_WINDOW_NUM_VALUE = {
    "een": Decimal(1), "a": Decimal(1), "an": Decimal(1), "one": Decimal(1),
    "two": Decimal(2), "three": Decimal(3), "four": Decimal(4), "five": Decimal(5),
    "six": Decimal(6), "seven": Decimal(7), "eight": Decimal(8), "nine": Decimal(9),
    "ten": Decimal(10), "twelve": Decimal(12), "twee": Decimal(2), "drie": Decimal(3),
    "vier": Decimal(4), "vijf": Decimal(5), "zes": Decimal(6), "zeven": Decimal(7),
    "acht": Decimal(8), "negen": Decimal(9), "tien": Decimal(10), "twaalf": Decimal(12),
    "een half": Decimal("0.5"), "half": Decimal("0.5"), "anderhalf": Decimal("1.5"),
}  # fmt: skip


def _months_in(unit: str, amount: Decimal) -> int | None:
    if unit.startswith(("maand", "month")):
        return int(amount)
    if unit.startswith(("jaar", "jaren", "year")):
        return int(amount * 12)
    if unit.startswith(("kwarta", "quarter")):
        return int(amount * 3)
    if unit.startswith(("week",)):
        return max(1, int(amount / 4)) if amount >= 4 else None
    return None


def _unit_of(kind: str) -> tuple[str | None, str | None]:
    mapping = {
        "pct": ("percent", "percent"),
        "mult": ("ratio", "multiplier"),
        "cur": ("currency", "currency"),
        "hours": ("hours", "hours"),
        "minutes": ("minutes", "minutes"),
        "seconds": ("other", "seconds"),
        "days": ("days", "days"),
        "weeks": ("other", "weeks"),
        "months": ("other", "months"),
        "years": ("other", "years"),
        "points": ("score", "points"),
        "fraction": ("score", "points"),
    }
    return mapping.get(kind, (None, None))


def _is_window_number(num: Num, res: Analysis) -> bool:
    return any(ref.start <= num.start < ref.end for ref in res.time_refs)


_MULTIPLIER_WORDS = ("dubbel", "doubl", "tripl", "quadr", "verdub", "verdrie", "halv", "half")
_EN_WORDS_RE = re.compile(r"\b(" + "|".join(sorted(_NUM_WORDS_EN, key=len, reverse=True)) + r")\b")
_NL_WORDS_RE = re.compile(r"\b(" + "|".join(sorted(_NUM_WORDS_NL, key=len, reverse=True)) + r")\b")


def analyse(text: str, lang: str = "nl", today: dt.date | None = None) -> Analysis:
    """Parse ``text`` (clipped to the first few kB) into quantities, time refs and phrases."""
    return _Parser(text if isinstance(text, str) else str(text), lang, today).run()
