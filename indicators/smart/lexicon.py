"""Word lists for both languages: vague verbs, comparatives, buzzwords, abstract subjects.

Everything is matched on *folded* text (lower case, no accents), so "vóór" and
"voor", "efficiënt" and "efficient" are the same here. Dutch glues nouns
together ("klanttevredenheidsscore"), so abstract subjects and metric nouns
are matched inside words as well as whole words.

The entries come from ../shared/eval/lexicon.md (Dutch sources and the
English lists of prior-art tools) plus the common KPI vocabulary in the seeds.
"""

from __future__ import annotations

from .i18n import N_

# --- vague verbs: a direction without an amount -------------------------------------------
# Regex alternatives (folded text), matched as whole words.
VAGUE_VERBS = {
    "nl": [
        r"verbeter(?:en|t|d|de)?",
        r"optimali[sz](?:eer|eren|eert|eerd|eerde|er|ert)",
        r"verho(?:og|ogt|gen)",
        r"vergro(?:ot|ten)",
        r"verla(?:ag|agt|gen)",
        r"verminder(?:en|t|d)?",
        r"groeien",
        r"versterk(?:en|t)?",
        r"bevorder(?:en|t)?",
        r"stimul(?:eer|eren|eert|er|ert)",
        r"handhav(?:en)|handhaaf",
        r"omhoog",
        r"omlaag",
        r"uitbreiden|breid\w* uit",
        r"maximali[sz](?:eer|eren|eert|er|eren)",
        r"minimali[sz](?:eer|eren|eert|er|eren)",
        r"verdienen",
        r"verbreden",
        r"stroomlijn(?:en|t)?",
        r"versnel(?:len|t)?",
    ],
    "en": [
        r"improv(?:e|es|ed|ing)",
        r"increas(?:e|es|ed|ing)",
        r"enhanc(?:e|es|ed|ing)",
        r"boost(?:s|ed|ing)?",
        r"grow(?:s|ing)?",
        r"optimi[sz](?:e|es|ed|ing)",
        r"maximi[sz](?:e|es|ed|ing)",
        r"minimi[sz](?:e|es|ed|ing)",
        r"reduc(?:e|es|ed|ing)",
        r"decreas(?:e|es|ed|ing)",
        r"strengthen(?:s|ed|ing)?",
        r"foster(?:s|ed|ing)?",
        r"promot(?:e|es|ed|ing)",
        r"ensur(?:e|es|ed|ing)",
        r"streamlin(?:e|es|ed|ing)",
        r"accelerat(?:e|es|ed|ing)",
        r"expand(?:s|ed|ing)?",
        r"earn(?:s|ed|ing)?",
        r"drive(?:s)?",
        r"raise(?:s|d)?",
    ],
}

# Verbs that say "up" or "down": used to guess the direction and to build the rewrite.
UP_VERBS = (
    r"verho(?:og|ogt|gen)|vergro(?:ot|ten)|groei\w*|verbeter\w*|stijg\w*|omhoog|verdubbel\w*|"
    r"increas\w*|improv\w*|grow\w*|boost\w*|rais\w*|doubl\w*|up\b|enhanc\w*|maximi[sz]\w*"
)
DOWN_VERBS = (
    r"verla(?:ag|agt|gen)|verminder\w*|daal\w*|dalen|omlaag|halv\w*|terugdring\w*|beperk\w*|"
    r"reduc\w*|decreas\w*|lower\w*|cut\b|minimi[sz]\w*|halv\w*|down\b"
)

# --- comparatives and quantifiers with no reference point ----------------------------------
COMPARATIVES = {
    "nl": [
        "meer",
        "minder",
        "beter",
        "betere",
        "sneller",
        "snellere",
        "groter",
        "grotere",
        "kleiner",
        "hoger",
        "hogere",
        "lager",
        "lagere",
        "effectiever",
        "efficienter",
        "fitter",
        "efficientere",
        "effectievere",
        "kleinere",
        "goedkoper",
        "goedkopere",
        "slimmer",
        "slimmere",
        "duurzamer",
        "duurzamere",
        "soepeler",
        "eenvoudiger",
        "gezonder",
        "veiliger",
        "prettiger",
        "schoner",
        "groener",
        "leuker",
        "vitaler",
        "duidelijker",
        "moderner",
        "toegankelijker",
        "betrouwbaarder",
        "transparanter",
        "productiever",
        "vaker",
        "sterker",
        "vriendelijker",
        "klantvriendelijker",
        "behulpzamer",
        "flexibeler",
        "robuuster",
        "persoonlijker",
        "vlotter",
        "zoveel mogelijk",
        "zo snel mogelijk",
        "zo vlot mogelijk",
        "zo veel mogelijk",
        "zo min mogelijk",
    ],
    "en": [
        "more",
        "less",
        "better",
        "faster",
        "higher",
        "lower",
        "bigger",
        "greater",
        "fewer",
        "quicker",
        "stronger",
        "healthier",
        "safer",
        "easier",
        "simpler",
        "smoother",
        "cleaner",
        "greener",
        "smarter",
        "leaner",
        "friendlier",
        "clearer",
        "cheaper",
        "as much as possible",
        "as soon as possible",
        "asap",
        "as many as possible",
    ],
}

# --- aspirations and buzz phrases: never a metric on their own ------------------------------
BUZZ = {
    "nl": [
        "de beste",
        "het beste",
        "toonaangevend",
        "toonaangevende",
        "marktleider",
        "marktleiderschap",
        "snelste groei",
        "centraal staan",
        "staat centraal",
        "staan centraal",
        "centraal stellen",
        "op orde",
        "gebruiksvriendelijk",
        "gebruiksvriendelijke",
        "gebruiksvriendelijker",
        "klantvriendelijk",
        "klantvriendelijker",
        "klantvriendelijke",
        "klantgericht",
        "klantgerichter",
        "klantgerichte",
        "state of the art",
        "state of art",
        "het goede voorbeeld",
        "wereldklasse",
        "excellent",
        "excellente",
        "uitmuntend",
        "uitmuntende",
        "innovatieve partner",
        "sparringpartner",
        "van wereldniveau",
        "adequaat reageren",
        "beter verankerd",
        "in control",
        "naar een hoger plan",
        "op een hoger plan",
        "naar een hoger niveau",
        "naar een volgend niveau",
    ],
    "en": [
        "world class",
        "world-class",
        "best in class",
        "best-in-class",
        "the best",
        "#1",
        "number one",
        "market leader",
        "industry leader",
        "leading",
        "state of the art",
        "state-of-the-art",
        "user friendly",
        "user-friendly",
        "customer friendly",
        "customer-friendly",
        "customer centric",
        "customer-centric",
        "excellent",
        "excellence",
        "seamless",
        "cutting edge",
        "cutting-edge",
        "in the world",
        "best possible",
        "top notch",
        "next level",
        "to the next level",
    ],
}

# Buzz phrases that need a pattern rather than a fixed string.
BUZZ_PATTERNS = [
    r"(?:aantrekkelijke?|populaire?|gewilde?)\s(?:werkgever|partner|organisatie|plek)",
    r"(?:attractive|preferred)\s(?:employer|partner)|employer\sof\schoice|"
    r"(?:great|best|better)\splace\sto\swork",
    r"thought\sleaders?(?:hip)?|opinieleider\w{0,2}|trendsetter\w{0,2}|koploper\w{0,2}|"
    r"voorloper\w{0,2}|pionier\w{0,2}|game[\s-]?changer",
    r"(?:meer\s|more\s)?(?:focus|aandacht)\s(?:op|on|voor|to)",
    r"(?:positieve\s|positive\s)?buzz",
    r"synergie|synergy|synergies|momentum|meerwaarde|added\svalue|toegevoegde\swaarde",
    r"(?:make|making|maken)\s(?:an?\s|een\s)?(?:real\s|echte\s)?impact|impact\smaken",
    r"(?:sta(?:at|an)|stel(?:len|t)?|zet(?:ten)?)(?:\s[a-z]+){0,2}\scentraal",
    r"(?:put|puts|keep|keeps|place|places)\s(?:the\s)?(?:customer|customers|client|clients|"
    r"patient|patients|user|users)\s(?:first|at\sthe\s(?:centre|center|heart))",
]

# Words that make an aspiration implausible as a target (judged "not achievable").
WORLD_SCALE = (
    r"\b(?:in the world|worldwide|world class|world-class|ter wereld|wereldwijd|wereldklasse)\b"
)

# --- subjective adjectives: one is a style issue, several without a number is no metric ------
SUBJECTIVE = {
    "nl": [
        "snel",
        "snelle",
        "snellere",
        "effectief",
        "effectieve",
        "efficient",
        "efficiente",
        "positief",
        "positieve",
        "tijdig",
        "tijdige",
        "adequaat",
        "adequate",
        "optimaal",
        "optimale",
        "goed",
        "goede",
        "betrouwbaar",
        "betrouwbare",
        "transparant",
        "transparante",
        "professioneel",
        "professionele",
        "modern",
        "moderne",
        "soepel",
        "soepele",
        "eenvoudig",
        "eenvoudige",
        "makkelijk",
        "makkelijker",
        "prettig",
        "prettige",
        "duidelijk",
        "duidelijke",
        "passend",
        "passende",
        "beter",
        "betere",
        "innovatief",
        "innovatieve",
        "vriendelijk",
        "vriendelijke",
        "behulpzaam",
        "behulpzame",
        "flexibel",
        "flexibele",
        "robuust",
        "robuuste",
        "gezond",
        "gezonde",
        "veilig",
        "veilige",
        "vitaal",
        "vitale",
    ],
    "en": [
        "quick",
        "fast",
        "efficient",
        "effective",
        "positive",
        "streamlined",
        "successful",
        "seamless",
        "robust",
        "reliable",
        "flexible",
        "simple",
        "easy",
        "modern",
        "great",
        "optimal",
        "adequate",
        "appropriate",
        "proper",
        "good",
        "better",
        "smooth",
        "timely",
        "transparent",
        "professional",
        "innovative",
        "scalable",
        "secure",
        "high-quality",
        "high quality",
        "friendly",
        "helpful",
        "healthy",
        "safe",
    ],
}

# --- abstract subjects that need an instrument ----------------------------------------------
# (regex on folded text, instrument suggestion msgid). Dutch entries match inside compounds.
ABSTRACT = [
    (
        r"\w*tevredenheid\w*|tevreden(?:er|ere|e)?|satisfied|happ(?:y|ier|iest)|"
        r"blij(?:e|er|ere)?|gelukkig(?:e|er|ere)|(?<=[a-z,]\s)gelukkig",
        N_("a CSAT score from a short survey (1 to 5) or the NPS"),
    ),
    (r"satisfaction", N_("a CSAT score from a short survey (1 to 5) or the NPS")),
    (r"\w*loyaliteit\w*|loyalty", N_("the repeat-purchase rate or the NPS")),
    (r"\w*betrokkenheid\w*|engagement", N_("weekly active users or an eNPS survey")),
    (r"\w*kwaliteit\w*|quality", N_("the error rate or the number of complaints per 1,000 orders")),
    (
        r"\w*dienstverlening\w*|customer service|service quality",
        N_("the first-time-right rate or the average handling time"),
    ),
    (
        r"\w*beleving\w*|\w*ervaring\b|experience",
        N_("a customer effort score (CES) or the NPS after each contact"),
    ),
    (r"imago|reputatie|reputation|image", N_("a yearly reputation survey score")),
    (
        r"\w*bekendheid\w*|awareness|zichtbaarheid|visibility",
        N_("aided brand awareness as a percentage, from a brand survey"),
    ),
    (
        r"efficientie|efficiency|effectiviteit|effectiveness|productiviteit|productivity",
        N_("the lead time or the output per FTE"),
    ),
    (r"betrouwbaarheid|reliability", N_("the uptime percentage or the number of incidents")),
    (
        r"samenwerking|samenwerken|samen\s(?:werken|werkt|werk)|werk\w{0,3}(?:\s[a-z]+){0,2}\ssamen|"
        r"collaboration|collaborate|"
        r"communicatie|communication",
        N_("a score from a short team survey"),
    ),
    (
        r"cultuur|culture|welzijn|well-being|wellbeing|vitaliteit|werkplezier|morale|"
        r"motivatie|motivation|happiness|geluk",
        N_("an eNPS or a pulse-survey score"),
    ),
    (
        r"klantgerichtheid|gastvrijheid|professionaliteit|trust|vertrouwen",
        N_("a score from a customer survey"),
    ),
    (
        r"innovatie|innovation|innovatief vermogen",
        N_("the share of revenue from products launched in the last three years"),
    ),
    (r"duurzaamheid|sustainability", N_("CO2 emissions in tonnes or energy use in kWh")),
    (
        r"vaardigheden|skills|ontwikkeling|development|\w*beinvloeding",
        N_("the number of certificates obtained or a skills assessment score"),
    ),
]

# Instruments and scales that turn an abstract subject into a metric.
INSTRUMENT = (
    r"\w*score\w*|\w*onderzoek\w*|\w*enquete\w*|survey\w*|\w*meting\w*|nps|csat|ces|enps|"
    r"\w*cijfer\w*|rapportcijfer|index|sterren|stars|rating|\w*monitor\w*|benchmark\w*|"
    r"\w*percentage\w*|rate|ratio|aantal|number of|sus|govmetric|net promoter|"
    r"\w*peiling\w*|\w*panel\w*|mystery\w*|audit\w*"
)

# Concrete metrics and deliverables (regex alternatives; Dutch compounds match inside words).
METRIC = (
    r"\w*omzet\w*|revenue\w*|sales|\w*verkoop\w*|\w*winst\w*|profit\w*|\w*marge\w*|margin\w*|"
    r"ebitda|arr|mrr|nrr|cash ?flow|kasstroom|\w*kosten\w*|costs?|spend|budget\w*|"
    r"\w*churn\w*|\w*verloop\w*|retention|retentie|\w*behoud\w*|nps|csat|ces|enps|"
    r"\w*score\w*|rate|[a-z]+-rate|\w*ratio|\w*percentage\w*|\w*aandeel\w*|share|traffic|\w*verkeer\w*|"
    r"visits?|\w*bezoek\w*|visitors|sessions|pageviews|page views|leads?|conversions?|"
    r"\w*conversie\w*|ctr|clicks?|\w*klik\w*|downloads?|subscribers?|\w*abonnee\w*|followers|"
    r"\w*volgers|tickets?|calls|\w*gesprekken|"
    r"complaints?|\w*klachten|incidents?|\w*incidenten|defects?|errors?|\w*fouten|bugs?|"
    r"uptime|availability|\w*beschikbaarheid|response time|resolution time|lead time|"
    r"cycle time|handling time|wait(?:ing)? time|\w*doorlooptijd\w*|\w*responstijd\w*|"
    r"\w*reactietijd\w*|\w*wachttijd\w*|\w*levertijd\w*|\w*afhandel\w*|throughput|\w{3,}tijd(?:en)?|"
    r"\w*verzuim\w*|absenteeism|absence|turnover|headcount|fte|hires|\w*vacature\w*|orders?|"
    r"\w*bestelling\w*|deliver(?:y|ies)|\w*levering\w*|invoices?|\w*facturen|\w*registratie\w*|"
    r"registrations?|sign-?ups?|\w*aanmelding\w*|\w*inschrijving\w*|installs?|releases?|"
    r"deploy\w*|pipeline|sla|attendance|\w*opkomst|\w*deelnemers|participants|guests|"
    r"\w*posts?|articles?|\w*artikelen|content pieces|reports?|\w*rapport\w*|plan|\w*plannen|"
    r"new customers|nieuwe klanten|paying customers|betalende klanten|active users|"
    r"actieve gebruikers|\w*deelnemers|participants|guests|\w*bezoekers|visitors|"
    r"roadmap\w*|course|\w*cursus\w*|\w*training\w*|certifica\w*|p&l|dashboard\w*|"
    r"\w*workshops?|masterclass\w*|bootcamps?|\w*opleiding\w*|e-learning\w*|\w*leergang\w*|"
    r"attrition|"
    r"woningen|members|\w*leden|donations?|\w*donaties|\w*uitstoot|emissions?|\w*energie\w*|"
    r"energy|kwh|\w+gebruik|\w*verbruik\w*|consumption|\w*voorraad\w*|inventory|\w*stock\w*|\w*bezetting\w*|occupancy|\w*aanvragen|"
    r"applications?|\w*contracten|contracts?|deals?|\w*offertes|quotes|\w*projecten|projects?|"
    r"\w*producten|products|latency|\w*latentie|features?|\w*functionaliteit\w*|\w*uren|hours|\w*dagen|days|"
    r"minutes|\w*minuten|aantal|number of|\w*bezwaren|\w*meldingen|\w*storingen|outages?|"
    r"\w*recensies|reviews?|\w*reviews|ratings?|stars|sterren|\w*funderingen|\w*contacten|"
    r"contributors|\w*downloads|nieuwsbrie\w*|newsletters?|"
    r"\w*campagne\w*|campaigns?|\w*webinars?|events?|\w*evenementen|\w*bijeenkomsten|"
    r"meetings?|sessies|\w*afspraken|appointments?|\w*bestellingen|\w*transacties|"
    r"transactions?|marktaandeel|market share|\w*prijs|price|\w*waarde|value|arpu|cac|"
    r"ltv|roas|roi|cpa|cpc|mttr|mtbf|dso|\w*rendement\w*|yield"
)

# Generic objects: "improve our processes", "processen optimaliseren". After a vague verb and
# with no number, such an object names neither a metric nor a deliverable.
GENERIC_OBJECTS = frozenset(
    {"process", "processes", "workflow", "workflows", "system", "systems", "presence",
     "organisation", "organization", "organisations", "organizations", "operations",
     "procedure", "procedures", "approach", "structure", "infrastructure", "footprint",
     "position", "capability", "capabilities", "setup", "set-up", "ways", "practices",
     "tooling", "way", "methods"}
)  # fmt: skip
# Dutch compounds end in the generic noun: "inkoopprocessen", "werkwijze", "zorgorganisatie".
GENERIC_OBJECT_SUFFIXES_NL = (
    "proces", "processen", "systeem", "systemen", "werkwijze", "werkwijzen", "aanpak",
    "organisatie", "organisaties", "structuur", "structuren", "infrastructuur", "aanwezigheid",
    "positie", "bedrijfsvoering", "procedure", "procedures", "methodiek", "werkwijze",
)  # fmt: skip

# Statement openings that define a quantitative metric ("Percentage ...", "Aantal ...").
DEFINITION_HEAD = (
    r"(?:het |de |the |an? )?(?:percentage|%|aantal|number|amount|share|aandeel|ratio|"
    r"rate|average|mean|median|gemiddeld\w*|totaal|total|count|som|proportion|fraction|"
    r"mediaan|\w+percentage|\w+ratio|\w+graad|time to|tijd tot|\w*doorlooptijd)\b"
)

# Goal words that do not name a metric ("our target", "de doelstelling").
GENERIC = {
    "doel",
    "doelen",
    "doelstelling",
    "doelstellingen",
    "streefwaarde",
    "streefcijfer",
    "target",
    "targets",
    "goal",
    "goals",
    "objective",
    "objectives",
    "kpi",
    "kpis",
    "ambitie",
    "streven",
    "resultaat",
    "resultaten",
    "result",
    "results",
    "norm",
    "ongewijzigd",
    "unchanged",
    "huidig",
    "huidige",
    "current",
    "gewenst",
    "gewenste",
    "niveau",
    "level",
    "blijft",
    "blijven",
    "remains",
    "remain",
    "stays",
    "stay",
    "ding",
    "dingen",
    "things",
    "thing",
    "zaken",
    "stuff",
    "alles",
    "everything",
    "iets",
    "something",
    "geld",
    "money",
    "organisatiedoelstelling",
    "jaardoel",
    "jaardoelstelling",
    "hoofddoel",
    "harder",
    "langer",
    "werken",
    "strategic",
    "hetzelfde",
    "dezelfde",
    "same",
    "gelijk",
    "stabiel",
    "stable",
    "strategisch",
    "strategische",
    "overall",
    "algemeen",
    "algemene",
    "work",
    "working",
    "hard",
    "goed",
    "well",
}

STOPWORDS = {
    "nl": set(
        [
            "de",
            "het",
            "een",
            "en",
            "of",
            "maar",
            "ook",
            "als",
            "dan",
            "dat",
            "die",
            "dit",
            "deze",
            "is",
            "zijn",
            "was",
            "waren",
            "wordt",
            "worden",
            "werd",
            "is",
            "te",
            "van",
            "voor",
            "vor",
            "in",
            "op",
            "aan",
            "met",
            "bij",
            "naar",
            "tot",
            "uit",
            "om",
            "over",
            "door",
            "per",
            "zonder",
            "onder",
            "tegen",
            "ik",
            "je",
            "jij",
            "u",
            "we",
            "wij",
            "ze",
            "zij",
            "hij",
            "het",
            "ons",
            "onze",
            "mijn",
            "jouw",
            "uw",
            "hun",
            "haar",
            "zich",
            "men",
            "er",
            "hier",
            "daar",
            "waar",
            "wil",
            "willen",
            "wilt",
            "zal",
            "zullen",
            "zou",
            "zouden",
            "moet",
            "moeten",
            "mag",
            "mogen",
            "kan",
            "kunnen",
            "gaan",
            "gaat",
            "ga",
            "heeft",
            "hebben",
            "heb",
            "had",
            "hadden",
            "doen",
            "doet",
            "deed",
            "krijgen",
            "krijgt",
            "halen",
            "haalt",
            "bereiken",
            "bereikt",
            "behalen",
            "behaalt",
            "realiseren",
            "realiseert",
            "maken",
            "maakt",
            "zorgen",
            "zorgt",
            "niet",
            "geen",
            "wel",
            "nog",
            "al",
            "weer",
            "zeer",
            "heel",
            "erg",
            "veel",
            "weinig",
            "alle",
            "elke",
            "elk",
            "ieder",
            "iedere",
            "wat",
            "wie",
            "hoe",
            "welke",
            "welk",
            "zo",
            "zoals",
            "nu",
            "straks",
            "altijd",
            "nooit",
            "steeds",
            "telkens",
            "bijna",
            "gewoon",
            "echt",
            "dus",
            "want",
            "omdat",
            "zodat",
            "terwijl",
            "waardoor",
            "waarbij",
            "iedereen",
            "creeren",
            "creeert",
        ]
    ),
    "en": set(
        [
            "the",
            "a",
            "an",
            "and",
            "or",
            "but",
            "also",
            "as",
            "than",
            "that",
            "this",
            "these",
            "those",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "to",
            "of",
            "for",
            "in",
            "on",
            "at",
            "with",
            "by",
            "from",
            "into",
            "over",
            "under",
            "about",
            "up",
            "down",
            "out",
            "we",
            "i",
            "you",
            "he",
            "she",
            "it",
            "they",
            "our",
            "my",
            "your",
            "their",
            "its",
            "us",
            "me",
            "them",
            "who",
            "what",
            "which",
            "how",
            "when",
            "where",
            "why",
            "will",
            "would",
            "shall",
            "should",
            "must",
            "may",
            "might",
            "can",
            "could",
            "do",
            "does",
            "did",
            "have",
            "has",
            "had",
            "get",
            "gets",
            "achieve",
            "achieves",
            "reach",
            "reaches",
            "make",
            "makes",
            "ensure",
            "ensures",
            "want",
            "wants",
            "need",
            "needs",
            "not",
            "no",
            "all",
            "every",
            "each",
            "some",
            "any",
            "very",
            "much",
            "many",
            "more",
            "most",
            "just",
            "always",
            "never",
            "so",
            "such",
            "there",
            "here",
            "then",
            "now",
            "let",
            "everyone",
            "everybody",
            "create",
            "creating",
        ]
    ),
}

# --- evidence for S: what makes a statement name one identifiable thing ------------------
# S is met only on positive evidence: a metric or instrument (above), a deliverable (here),
# a counted thing ("300 laadpalen") or a measured property next to its number. The classes
# below explain why a statement without such evidence is vague.

# Deliverables: documents, releases and other things that are finished or not.
DELIVERABLE = (
    r"\w*plan|\w*plannen|\w*beleidsplan\w*|\w*nota|\w*notitie|\w*handboek\w*|handbooks?|"
    r"manuals?|\w*protocol\w*|protocols?|\w*richtlijn\w*|guidelines?|policy\sdocument|"
    r"\w*document\w*|\w*verslag\w*|\w*rapportage\w*|publicati\w+|white\s?papers?|e-?books?|"
    r"\w*brochure\w*|\w*website\w*|\w*webshop\w*|\w*portaal|portal|apps?|\w*applicatie\w*|"
    r"applications?|prototypes?|mvp|pilots?|\w*module\w*|integrations?|\w*koppeling\w*|apis?|"
    r"\w*release\w*|\w*versie|launch\w*|\w*lancering\w*|migration|\w*migratie\w*|"
    r"\w*certificering\w*|certification|iso\s?\d+\w*|accreditati\w+|keurmerk\w*|"
    r"\w*vergunning\w*|permits?|\w*convenant\w*|agreements?|\w*overeenkomst\w*|tenders?|"
    r"\w*aanbesteding\w*|business\s?case|\w*jaarplan\w*|roadmaps?|\w*dashboard\w*|"
    r"databases?|crm|erp|checklists?|templates?|\w*sjabloon\w*|curricul\w+|\w*lesprogramma\w*|"
    r"conferen\w+|\w*congres\w*|hackathons?|sessions?|\w*sessie\w*|\w*training\w*|courses?|"
    r"\w*cursus\w*|\w*webinar\w*|\w*workshop\w*|\w*evaluatie\w*|evaluations?|\w*analyse|"
    r"analysis|\w*inventarisatie\w*|\w*nulmeting\w*|\w*onderzoeksrapport\w*|studies|study|"
    r"\w*begroting\w*|\w*jaarrekening\w*|\w*jaarverslag\w*|p&l|\w*offerte\w*|proposals?|"
    r"specifications?|\w*ontwerp\w*|designs?|blueprints?|\w*bestek\w*|\w*contract\w*|"
    r"all-hands|town\s?halls?|meetups?|demos?|\w*overleg|\w*bijeenkomst\w*|kick-?offs?|"
    r"\w*beleidsregel\w*|\w*verordening\w*"
)

# Activity verbs: they say what people will do, not what will be there afterwards.
ACTIVITY = (
    r"werk(?:en|t)?\s(?:verder\s)?aan|(?:in)?zet(?:ten)?\s(?:[a-z]+\s){0,3}?(?:in\s)?op|"
    r"inzetten\sop|in\ste\szetten\sop|zorg(?:en|t)?\s(?:[a-z]+\s){0,2}?voor|"
    r"bijdra(?:gen|agt)\saan|draag?t?\s(?:[a-z]+\s){0,2}?bij\saan|stre(?:ven|eft|ef)\snaar|"
    r"investe(?:ren|ert)\sin|aandacht\s(?:besteden|geven|hebben)\s(?:aan|voor)|"
    r"ondersteun(?:en|t)?|faciliter(?:en|t)|begeleid(?:en|t)|focus(?:sen)?\sop|"
    r"richt(?:en)?\s(?:ons\s|zich\s)?op|aanpakken|oppakken|bezig\s(?:zijn|gaan|blijven)\smet|"
    r"werken\smet|verkennen|onderzoeken|uitwerken|nadenken\sover|opzetten|inrichten|"
    r"professionaliser(?:en|t)|vormgeven|invulling\sgeven\saan|"
    r"work(?:s|ing)?\s(?:on|towards?)|ensur(?:e|es|ing)|support(?:s|ing)?|"
    r"focus(?:es|ing)?\son|contribut(?:e|es|ing)\sto|striv(?:e|es|ing)(?:\s(?:for|to))?|"
    r"commit(?:s|ted)?\sto|invest(?:s|ing)?\sin|help(?:s|ing)?|facilitat(?:e|es|ing)|"
    r"explor(?:e|es|ing)|investigat(?:e|es|ing)|look\sinto|address(?:es|ing)?|"
    r"tackl(?:e|es|ing)|coordinat(?:e|es|ing)|manag(?:e|es|ing)|work\swith|"
    r"professionali[sz](?:e|es|ing)|pay\sattention\sto|prioriti[sz](?:e|es|ing)|"
    r"continu(?:e|es|ing)\sto|keep\s(?:on\s)?(?:working|improving)"
)

# Fields of work: a department or discipline is not a result.
FIELDS = (
    r"communicatie|communications?|marketing|online\smarketing|hr|personeelszaken|"
    r"personeelsbeleid|human\sresources|ict|public\srelations|finance|financien|"
    r"inkoop|procurement|logistiek|logistics|social\smedia|sociale\smedia|socials|"
    r"digitali[sz]ering|digitali[sz]ation|klantenservice|customer\ssupport|recruitment|"
    r"werving|branding|governance|compliance|security|informatiebeveiliging|beveiliging|"
    r"privacy|onderwijs|education|zorg|healthcare|operations|facilitair|facilities|"
    r"leiderschap|leadership|management|strategie|strategy|beleid|policy|teamwork|"
    r"onboarding|partnerships?|netwerk|network|interne\sorganisatie|back\s?office|"
    r"front\s?office|sales\sand\smarketing|customer\ssuccess"
)

# Policy aspirations: a desired state of a place, a society or an organisation.
ASPIRATIONS = (
    r"\w*klimaat|\w*transitie|product[\s-]market\sfit|fit|leefbaarheid|leefomgeving|welvaart|welbevinden|kansengelijkheid|"
    r"gelijke\skansen|inclusi\w+|participatie|zelfredzaamheid|bereikbaarheid|"
    r"sociale\scohesie|samenleving|society|wendbaarheid|wendbare|agility|agile\sorgani[sz]ation|"
    r"veerkracht\w*|resilien\w+|toekomstbestendig\w*|future[\s-]proof|prosperity|"
    r"liveability|livability|vestigingsklimaat|investment\sclimate|business\sclimate|"
    r"vitaliteit|dynamiek|levendig\w*|vibrant|thriving|bruisend\w*|aantrekkelijk\w*|"
    r"attractive|sustainable\sfuture|duurzame\stoekomst|groene\sstad|green\scity|"
    r"impact|verschil|difference|commitment|toewijding|inzet|effort|dedication|"
    r"regie|grip|samenhang|coherence|alignment|eigenaarschap|ownership|mindset|"
    r"bewustwording|awareness\sof|draagvlak|buy-in|cultuuromslag|transformati\w+"
)

# States of being: knowing, understanding, feeling; no event that can be counted.
STATES = (
    r"begrijp(?:en|t)?|snapp?(?:en|t)|kenn?(?:en|t)|wet(?:en)|weet|"
    r"voel(?:en|t)\s(?:zich|ons|je)|zijn\s(?:zich\s)?bewust|is\s(?:zich\s)?bewust|"
    r"op\sde\shoogte|vertrouwd\smet|bekend\smet|omarm(?:en|t)|eigen\smaken|draagt\suit|"
    r"understand(?:s|ing)?|know(?:s)?|feel(?:s)?|(?:are|is|be)\saware|believe(?:s)?\sin|"
    r"embrace(?:s|d)?|familiar\swith|lov(?:e|es|ing)|enjoy(?:s|ing)?|appreciat(?:e|es|ing)|"
    r"houd(?:en|t)\svan|waarder(?:en|t)|buy\sinto|are\saligned|is\saligned|on\sboard|"
    r"(?:has|have)\s(?:a\s)?(?:clear\s)?(?:insight|overview|view)|"
    r"(?:heeft|hebben)\s(?:een\s)?(?:goed\s|helder\s)?(?:inzicht|overzicht|beeld)"
)

# Words that only qualify, added to the subjective adjectives for S.
EVALUATIVE = (
    r"schone?|groene?|clean|green|sterke?|strong|krachtige?|powerful|heldere?|clear|"
    r"mooie?|beautiful|awesome|amazing|impressive|indrukwekkende?|compelling|engaging|"
    r"inspirerende?|inspiring|wows?|impress(?:es)?|delight(?:s)?|verras(?:sen|t)|"
    r"overtuigende?|convincing|wendbare?|agile|inclusieve?|inclusive|vitale?|"
    r"klantvriendelijke?r?|gebruiksvriendelijke?r?|toegankelijke?|accessible|"
    r"optimale?|optimal|effectieve?|effective|innovatieve?|innovative|snelle?|fast|"
    r"efficiente?|efficient|moderne?|modern|professionele?|professional"
)

# Heads that need "of what": the share, the number, the percentage.
GENERIC_HEADS = frozenset(
    {"aandeel", "aantal", "percentage", "percentages", "deel", "totaal", "getal", "cijfer",
     "cijfers", "share", "number", "numbers", "percent", "proportion", "rate", "ratio",
     "figure", "figures", "total", "amount", "count", "level", "niveau", "score", "scores",
     "waarde", "value", "values", "metric", "metrics", "kpi", "indicator", "indicatoren",
     "indicators", "changes", "wijzigingen", "veranderingen", "verbeteringen",
     "improvements", "initiatives", "initiatieven", "tweaks", "adjustments", "aanpassingen",
     "modifications", "verbeterpunten", "verbeteracties", "maatregelen", "measures", "acties",
     "actions", "stappen", "steps", "activiteiten", "activities", "zaken", "things"}
)  # fmt: skip

# Subjects that point back to something said elsewhere.
ANAPHORS = frozenset(
    {"dit", "deze", "dat", "die", "het", "hij", "zij", "ze", "this", "that", "it", "these",
     "those", "they", "hiervan", "daarvan", "hiermee", "daarmee", "dezelfde", "same", "such",
     "zo'n", "zulke"}
)  # fmt: skip

# Abbreviations that name a field or the planning itself, not a metric.
NOT_METRIC_ACRONYMS = frozenset(
    {"hr", "ict", "it", "pr", "kpi", "kpis", "okr", "okrs", "ceo", "cfo", "cto", "coo", "mt",
     "nl", "eu", "uk", "us", "usa", "ai", "ok", "eoy", "eoq", "eom", "asap", "fy", "q1", "q2",
     "q3", "q4", "h1", "h2", "tbd", "ntb", "etc", "bv", "nv", "rd", "r&d", "ux", "ui", "smart",
     "we", "i", "a"}
)  # fmt: skip

# Verbs that finish something: their object is a deliverable ("een planningssysteem invoeren").
DELIVER_VERBS = (
    r"invoer(?:en|t)|voer(?:en|t)?\s(?:[a-z]+\s){0,3}?in|implementer(?:en|t)|lancer(?:en|t)|"
    r"lanceer|opleveren|lever(?:en|t)?\s(?:[a-z]+\s){0,3}?op|bouw(?:en|t)?|introducer(?:en|t)|"
    r"in\sgebruik\s(?:nemen|genomen)|publicer(?:en|t)|publiceer|open(?:en|t)|installer(?:en|t)|"
    r"vaststellen|stel(?:t|len)?\s(?:[a-z]+\s){0,3}?vast|uitrollen|rol(?:t|len)?\s(?:[a-z]+\s){0,3}?uit|"
    r"launch(?:es|ed|ing)?|ship(?:s|ped|ping)?|build(?:s|ing)?|built|implement(?:s|ed|ing)?|"
    r"introduc(?:e|es|ed|ing)|deploy(?:s|ed|ing)?|roll(?:s|ed|ing)?\sout|rolled\sout|"
    r"deliver(?:s|ed|ing)?|publish(?:es|ed|ing)?|releas(?:e|es|ed|ing)|install(?:s|ed|ing)?|"
    r"go\slive\swith|set\sup|adopt(?:s|ed|ing)?|opstellen|stel(?:t|len)?\s(?:[a-z]+\s){0,3}?op|"
    r"schrijven|draw\sup|draft(?:s|ed|ing)?|writ(?:e|es|ing)|hire[sd]?|hiring|recruit(?:s|ed|ing)?|"
    r"appoint(?:s|ed|ing)?|aannemen|neem\w*\s(?:[a-z]+\s){0,3}?aan|wer(?:ven|ft)|"
    r"aanstellen|stel(?:t|len)?\s(?:[a-z]+\s){0,3}?aan"
)

# Heads that a metric word only qualifies: "the sales team", "het marketingbeleid".
ORGANISATION_HEADS = frozenset(
    {"team", "teams", "department", "departments", "afdeling", "afdelingen", "manager",
     "managers", "staff", "people", "medewerkers", "organisation", "organization", "process",
     "processes", "proces", "processen", "strategy", "strategie", "beleid", "policy",
     "culture", "cultuur", "mindset", "skills", "vaardigheden", "function", "functie", "role",
     "rol", "capability", "capacity", "tooling", "tools", "approach", "aanpak", "mensen",
     "leadership", "leiderschap", "professionals", "community", "communities"}
)  # fmt: skip
