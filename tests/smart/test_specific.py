"""S on positive evidence (issue 21): a statement is specific only when it names a metric,
an instrument or a deliverable; otherwise the reason names the kind of vagueness.

Every example is written for this file, in both languages.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.smart import KpiContext, Status, evaluate


def s_of(text, lang="nl", **fields):
    return evaluate(KpiContext(statement=text, lang=lang, **fields)).criteria["S"]


# ----------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    ("text", "lang", "term", "says"),
    [
        # evaluative adjectives without a measure
        ("Heldere en krachtige jaarcommunicatie", "nl", "Heldere", "oordeel zonder maatstaf"),
        ("Een pitch die elke investeerder overtuigt", "nl", "", ""),
        ("Clean and green parks in every district", "en", "", ""),
        # activity verbs without an outcome
        ("Werken aan een toekomstgerichte bibliotheek", "nl", "Werken aan", "activiteit"),
        ("Inzetten op vroegsignalering bij jongeren", "nl", "Inzetten op", "activiteit"),
        ("Zorgen voor een warm welkom bij de balie", "nl", "Zorgen voor", "activiteit"),
        ("Work on the checkout experience", "en", "", ""),
        ("Support local entrepreneurs", "en", "Support", "activity"),
        # a field of work as the subject
        ("De interne communicatie moet beter", "nl", "", ""),
        ("Marketing naar een hoger plan tillen", "nl", "naar een hoger plan", "ambitie"),
        ("Onze marketing moet professioneler", "nl", "marketing", "vakgebied"),
        ("HR future-proof maken", "nl", "HR", "vakgebied"),
        ("Take our social media to the next level", "en", "", ""),
        # policy aspirations and states of being
        ("Een bruisend centrum voor jong en oud", "nl", "", ""),
        ("Het vestigingsklimaat voor bedrijven versterken", "nl", "vestigingsklimaat", "ambitie"),
        ("15% meer impact op de arbeidsmarkt", "nl", "impact", "ambitie"),
        ("Deliver 3x better onboarding", "en", "onboarding", "field of work"),
        ("Be twice as good as our rivals", "en", "", ""),
        ("Ouders weten waar ze terechtkunnen met vragen", "nl", "weten", "toestand"),
        ("Every manager understands the budget cycle", "en", "understands", "state of mind"),
        ("A resilient and inclusive neighbourhood", "en", "", ""),
        # generic heads without "of what"
        ("Het aandeel moet volgend jaar hoger", "nl", "aandeel", "van wat"),
        ("The percentage has to go up", "en", "percentage", "of what"),
        # a subject that points back to context
        ("Dit moet in 2027 verdubbeld zijn", "nl", "Dit", "verwijst"),
        ("Deze score moet omhoog naar 8", "nl", "Deze score", "verwijst"),
        ("That number must reach 500 by June", "en", "That number", "points back"),
    ],
)
def test_vague_kinds_are_not_specific_and_say_why(text, lang, term, says):
    criterion = s_of(text, lang)
    assert criterion.status is not Status.MET, criterion.reason
    assert criterion.suggestion
    if term:
        assert f"\u201c{term}\u201d" in criterion.reason
    if says:
        assert says in criterion.reason


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Groeien naar 25 in 2027", "nl"),
        ("Process tweaks rolled out", "en"),
    ],
)
def test_nothing_identifiable_is_weak_or_missing(text, lang):
    assert s_of(text, lang).status is not Status.MET


def test_a_number_does_not_make_a_pointing_subject_specific():
    criterion = s_of("Dat percentage moet naar 60%")
    assert criterion.status is Status.WEAK
    assert "\u201cDat percentage\u201d" in criterion.reason


def test_suggestion_is_in_the_users_language():
    dutch = s_of("Werken aan een wendbare afdeling")
    english = s_of("Werken aan een wendbare afdeling", "en")
    assert dutch.suggestion.startswith("Zeg wat het werk moet opleveren")
    assert english.suggestion.startswith("Say what the work must deliver")


# ----------------------------------------------------------------------------- evidence


@pytest.mark.parametrize(
    ("text", "lang", "reason"),
    [
        (
            "Verlaag de gemiddelde oplostijd van storingen naar 6 uur in 2027",
            "nl",
            "Noemt concreet wat je meet: \u201cgemiddelde oplostijd\u201d.",
        ),
        (
            "Cut the average handling time of chats to 3 minutes",
            "en",
            "Names a concrete metric: \u201caverage handling time\u201d.",
        ),
        ("Een nieuw ICT-beveiligingsplan vóór 1 oktober 2026", "nl", "opgeleverd"),
        ("Publish the accessibility statement by May 2027", "en", "Names a deliverable"),
        ("120 laadpalen plaatsen in 2027", "nl", "Noemt wat je telt: \u201c120 laadpalen\u201d."),
        ("Train 35 volunteers in first aid", "en", "counted: \u201c35 volunteers\u201d"),
        ("Wachtlijst jeugdzorg van 90 naar 40 kinderen", "nl", "\u201c40 kinderen\u201d"),
        ("Eerstelijns oplospercentage minimaal 80%", "nl", "oplospercentage"),
        ("Raise the CSAT-score to 8.2 by Q4", "en", "\u201cCSAT-score\u201d"),
        ("Reduce unplanned server restarts", "en", "\u201cunplanned server restarts\u201d"),
    ],
)
def test_specific_statements_quote_their_evidence(text, lang, reason):
    criterion = s_of(text, lang)
    assert criterion.status is Status.MET
    assert reason in criterion.reason


def test_a_metric_word_that_only_qualifies_is_no_evidence():
    assert s_of("Help the sales team with sharper material", "en").status is not Status.MET
    assert s_of("Bijdragen aan de warmtetransitie").status is not Status.MET


def test_an_abstract_subject_on_a_scale_quotes_it():
    criterion = s_of("Klanttevredenheid naar een 8 in 2027")
    assert criterion.status is Status.MET


# ----------------------------------------------------------------------------- properties

_METRICS_NL = ["de omzet", "het aantal klachten", "de doorlooptijd", "het verzuimpercentage",
               "het aantal nieuwe leden", "de gemiddelde wachttijd"]  # fmt: skip
_METRICS_EN = ["revenue", "the number of complaints", "the lead time", "sickness absence",
               "weekly active users", "the average wait time"]  # fmt: skip
_FIELDS_NL = ["communicatie", "marketing", "HR", "de inkoop", "onze social media"]
_FIELDS_EN = ["communications", "marketing", "HR", "procurement", "our social media"]


@settings(max_examples=60, deadline=None)
@given(
    index=st.integers(0, 5),
    lang=st.sampled_from(["nl", "en"]),
    start=st.integers(1, 900),
    step=st.integers(1, 500),
    year=st.integers(2026, 2035),
)
def test_any_metric_with_values_is_specific_and_quoted(index, lang, start, step, year):
    metric = (_METRICS_NL if lang == "nl" else _METRICS_EN)[index]
    if lang == "nl":
        text = f"Verhoog {metric} van {start} naar {start + step} vóór eind {year}"
    else:
        text = f"Increase {metric} from {start} to {start + step} by the end of {year}"
    criterion = s_of(text, lang)
    assert criterion.status is Status.MET
    head = metric.split()[-1]
    assert head in criterion.reason


@settings(max_examples=40, deadline=None)
@given(
    index=st.integers(0, 4),
    lang=st.sampled_from(["nl", "en"]),
    verb=st.integers(0, 2),
)
def test_a_field_of_work_with_a_vague_verb_is_never_specific(index, lang, verb):
    if lang == "nl":
        field = _FIELDS_NL[index]
        text = [f"{field} verbeteren", f"Werken aan {field}", f"Zorgen voor betere {field}"][verb]
    else:
        field = _FIELDS_EN[index]
        text = [f"Improve {field}", f"Work on {field}", f"Ensure better {field}"][verb]
    assert s_of(text, lang).status is not Status.MET


@pytest.mark.parametrize(
    ("text", "lang", "counted"),
    [
        ("Bezwaarschriften binnen 6 weken na ontvangst beslist", "nl", "Bezwaarschriften"),
        ("Huurders krijgen binnen 3 werkdagen een monteur", "nl", "Huurders"),
        ("Answer every supplier query within 2 days", "en", "supplier query"),
        ("Returns refunded within 5 working days", "en", "Returns"),
    ],
)
def test_a_service_norm_counts_its_cases(text, lang, counted):
    criterion = s_of(text, lang)
    assert criterion.status is Status.MET
    assert counted.lower() in criterion.reason.lower()
