"""General rules found by an independent evaluation: SLA norms, weekday rhythms, product
versions, school grades, inflected vague words, generic objects, purpose clauses, named periods.

Every example is written for this file, in both languages.
"""

import pytest

from indicators.smart import KpiContext, Status, evaluate
from indicators.smart.parse import analyse


def flags(text, lang="nl"):
    return evaluate(KpiContext(statement=text, lang=lang)).as_flags()


# ----------------------------------------------------------------------------- P1: SLA norms


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Klachten worden binnen de afgesproken termijn van 10 werkdagen beantwoord", "nl"),
        ("Vergunningen verlenen binnen de wettelijke 8 weken", "nl"),
        ("Resolve 90% of incidents within the contractual 4 hours", "en"),
        ("Reply to 95% of emails within our standard 2 working days", "en"),
    ],
)
def test_sla_window_with_words_before_the_number_is_time_bound(text, lang):
    assert flags(text, lang)["T"] is True


def test_sla_norm_with_adjectives_keeps_its_number_as_the_norm():
    res = analyse("Storingen verhelpen binnen de gebruikelijke 6 uur", "nl")
    assert [r.kind for r in res.time_refs] == ["window"]
    assert res.numbers[0].unit == "hours"


# ----------------------------------------------------------------------------- P2: weekdays


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iedere maandag het dashboard bijwerken", "nl"),
        ("Elke donderdagochtend een kort teamoverleg", "nl"),
        ("Publish the sales report each Thursday", "en"),
        ("Back up the database every Sunday", "en"),
    ],
)
def test_every_weekday_is_a_cadence(text, lang):
    assert flags(text, lang)["T"] is True


def test_every_weekday_gives_a_weekly_frequency():
    assert analyse("Elke woensdag de voorraad tellen", "nl").extraction.frequency == "weekly"
    assert analyse("Check the logs every Tuesday", "en").extraction.frequency == "weekly"


def test_a_single_weekday_without_every_is_not_a_cadence():
    assert flags("Op maandag de nieuwe website lanceren", "nl")["T"] is False


# ----------------------------------------------------------------------------- P3: versions


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Alle werkplekken overzetten naar Windows 11", "nl"),
        ("Versie 3 van de app uitbrengen", "nl"),
        ("Upgrade the web servers to Ubuntu 24.04", "en"),
        ("Move every service to Java 21", "en"),
        ("Ship release 2.5 to all customers", "en"),
        ("Cut Scope 2 emissions", "en"),
        ("Alle tablets bijwerken naar iPadOS 18", "nl"),
        ("Migrate the reporting database to Acmebase 7.", "en"),
    ],
)
def test_product_and_version_numbers_are_names_not_amounts(text, lang):
    assert flags(text, lang)["M"] is False


def test_product_year_is_neither_an_amount_nor_a_deadline():
    result = flags("Replace the file servers with Windows Server 2025.", "en")
    assert result["M"] is False and result["T"] is False


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Omzet 2 mln in 2027", "nl"),
        ("NPS 45 by Q3", "en"),
        ("In Utrecht 300 laadpalen plaatsen", "nl"),
        ("Hire 12 engineers in Lisbon by June", "en"),
    ],
)
def test_real_amounts_next_to_capitalised_words_still_count(text, lang):
    assert flags(text, lang)["M"] is True


def test_title_case_statement_keeps_its_amounts():
    assert flags("Reach Weekly Signups 500 By Q4", "en")["M"] is True


# ----------------------------------------------------------------------------- P4: grades, ages


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Alle leerlingen in groep 5 en 6 lezen beter", "nl"),
        ("Leerlingen uit klas 2 tot 4 krijgen meer begeleiding", "nl"),
        ("Students in grades 6-8 read more books", "en"),
        ("Support every pupil in grade 3", "en"),
    ],
)
def test_school_grades_are_a_scope_not_an_amount(text, lang):
    assert flags(text, lang)["M"] is False


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Leerlingen van 13 tot 17 jaar sporten minimaal 2 uur per week", "nl"),
        ("Inwoners van 65 tot 80 jaar krijgen 1 keer per jaar een huisbezoek", "nl"),
        ("Pupils aged 11 to 14 swim at least once a week", "en"),
    ],
)
def test_age_span_is_scope_not_a_baseline(text, lang):
    result = flags(text, lang)
    assert result["A"] is None and result["M"] is True


def test_from_high_to_low_years_is_still_a_baseline():
    assert flags("Doorlooptijd van projecten verkorten van 3 tot 2 jaar", "nl")["A"] is True


# ----------------------------------------------------------------------------- P5: inflections


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Een gezondere kantine voor medewerkers", "nl"),
        ("Klantvriendelijkere balies", "nl"),
        ("Een veiligere werkplek creëren voor iedereen", "nl"),
        ("A healthier and safer canteen", "en"),
    ],
)
def test_inflected_vague_comparatives_are_not_specific(text, lang):
    assert flags(text, lang)["S"] is False


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Medewerkers moeten blijer worden", "nl"),
        ("Onze vrijwilligers worden gelukkiger", "nl"),
        ("Make our volunteers happier", "en"),
        ("Keep our volunteers happy", "en"),
    ],
)
def test_happiness_is_an_abstract_subject_that_needs_an_instrument(text, lang):
    result = evaluate(KpiContext(statement=text, lang=lang))
    assert result.flag("S") is False and result.vague_terms


def test_sentence_adverb_gelukkig_is_not_a_mood():
    assert flags("Gelukkig halen we elk kwartaal 10 nieuwe leads", "nl")["S"] is True


# ----------------------------------------------------------------------------- P6: generic objects


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("De werkwijze verbeteren", "nl"),
        ("Optimaliseer de inkoopprocessen", "nl"),
        ("We gaan onze systemen stroomlijnen", "nl"),
        ("Improve our onboarding workflows", "en"),
        ("Expand our footprint in the Nordics", "en"),
        ("Streamline the invoicing procedures by Q3", "en"),
    ],
)
def test_vague_verb_with_only_a_generic_object_is_not_specific(text, lang):
    result = evaluate(KpiContext(statement=text, lang=lang))
    assert result.criteria["S"].status is Status.MISSING


def test_generic_object_reason_quotes_the_object_in_dutch():
    reason = evaluate(KpiContext(statement="De werkwijze verbeteren", lang="nl")).criteria["S"]
    assert "algemeen onderwerp" in reason.reason and "werkwijze" in reason.reason


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Increase website traffic", "en"),
        ("Verhoog de omzet", "nl"),
        ("Verbeter de processen om de doorlooptijd met 20% te verkorten", "nl"),
        ("Improve 3 core processes by Q4", "en"),
    ],
)
def test_a_metric_or_number_keeps_a_vague_verb_specific(text, lang):
    assert flags(text, lang)["S"] is True


# ----------------------------------------------------------------------------- P7: purpose clauses


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Een nieuw planningssysteem invoeren om roosters sneller te kunnen maken", "nl"),
        ("Een klachtenregistratie opzetten zodat we beter kunnen bijsturen", "nl"),
        ("Launch a churn dashboard to better understand cancellations", "en"),
        ("Build a returns report so that the team can work more efficiently", "en"),
    ],
)
def test_vague_words_in_a_purpose_clause_do_not_fail_s_and_make_r_met(text, lang):
    result = flags(text, lang)
    assert result["S"] is True and result["R"] is True


def test_opening_om_clause_followed_by_main_clause_is_a_purpose():
    result = flags("Om de wachttijd te verkorten, bellen we elke aanvrager binnen 2 dagen", "nl")
    assert result["R"] is True and result["S"] is True


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ons doel is om de klanttevredenheid te verhogen", "nl"),
        ("We want to improve our processes", "en"),
    ],
)
def test_infinitive_that_is_the_goal_itself_is_not_a_purpose(text, lang):
    result = flags(text, lang)
    assert result["S"] is False and result["R"] is None


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Organise a communication skills training for 15 supervisors", "en"),
        ("Train 40 nurses in digital skills by Q2", "en"),
        ("30 verpleegkundigen trainen in digitale vaardigheden", "nl"),
        ("Een vaardigheden-workshop voor 25 teamleiders", "nl"),
    ],
)
def test_skills_as_topic_or_modifier_of_a_deliverable_stay_specific(text, lang):
    assert flags(text, lang)["S"] is True


def test_skills_as_the_goal_itself_are_still_abstract():
    assert flags("Improve my presentation skills", "en")["S"] is False
    assert flags("Mijn vaardigheden verbeteren", "nl")["S"] is False


# ----------------------------------------------------------------------------- P8: named periods


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Raise $80k during the autumn campaign", "en"),
        ("Tijdens de kerstactie 500 nieuwe leden werven", "nl"),
        ("Dit semester levert elke student 4 essays in", "nl"),
        ("80% van de leerlingen haalt aan het einde van groep 8 niveau 2F", "nl"),
        ("Reading age of every pupil at the end of the school year", "en"),
        ("All pupils can swim 25 metres by the end of grade 4", "en"),
    ],
)
def test_named_periods_and_school_endpoints_are_time_bound(text, lang):
    assert flags(text, lang)["T"] is True


def test_bare_period_word_is_not_a_time_bound():
    assert flags("Tijdens de periode meer leads binnenhalen", "nl")["T"] is False
