"""The SMART verdicts: S, M and T on the text, A and R from the context, in both languages."""

import datetime as dt
from decimal import Decimal

import pytest

from indicators.smart import KpiContext, Status, evaluate

TODAY = dt.date(2026, 2, 10)


def judge(text, lang="nl", **fields):
    return evaluate(KpiContext(statement=text, lang=lang, **fields))


def flags(text, lang="nl"):
    return judge(text, lang).as_flags()


# ----------------------------------------------------------------------------- S


def test_vague_verb_is_flagged_in_dutch():
    result = judge("Verbeter de dienstverlening aan huurders")
    assert result.criteria["S"].status is not Status.MET
    assert "Verbeter" in result.vague_terms
    assert "meetinstrument" in result.criteria["S"].reason


def test_vague_verb_is_flagged_in_english():
    result = judge("Improve employee engagement", "en")
    assert not result.as_flags()["S"] and not result.as_flags()["M"]
    assert "Improve" in result.vague_terms


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Wij willen de beste aanbieder van de regio zijn.", "nl"),
        ("Onze service moet klantvriendelijker.", "nl"),
        ("Be a world-class partner for our dealers.", "en"),
        ("Become the number one brand for runners.", "en"),
    ],
)
def test_aspirations_are_not_specific(text, lang):
    assert flags(text, lang)["S"] is False


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hogere klantloyaliteit", "nl"),
        ("Better customer experience in the shop", "en"),
        ("De kwaliteit moet omhoog", "nl"),
    ],
)
def test_abstract_subject_without_instrument_is_not_specific(text, lang):
    assert flags(text, lang)["S"] is False


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Klanttevredenheidsscore van 7,4 naar 8,0 in 2027", "nl"),
        ("Customer satisfaction score of at least 4.5/5 every quarter", "en"),
        ("Employee NPS of 30 or higher by Q4", "en"),
    ],
)
def test_abstract_subject_with_instrument_is_specific(text, lang):
    assert flags(text, lang)["S"] is True


def test_subject_named_with_a_vague_verb_is_still_specific_but_not_measurable():
    result = flags("Increase the number of trial sign-ups.", "en")
    assert result["S"] is True and result["M"] is False


def test_statement_without_a_metric_is_not_specific():
    assert flags("Onze norm blijft hetzelfde: 6,5%.")["S"] is False
    assert flags("We willen groeien.")["S"] is False


def test_adjectives_only_are_not_specific():
    assert flags("Fast, friendly and reliable service for every guest.", "en")["S"] is False


# ----------------------------------------------------------------------------- M


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Minimaal 40 nieuwe donateurs", "nl"),
        ("Twee nieuwe vestigingen openen", "nl"),
        ("Percentage facturen dat op tijd is betaald", "nl"),
        ("Average time to first reply", "en"),
        ("Ship 2+ integrations", "en"),
        ("Wekelijks publiceren we een nieuwsbrief", "nl"),
    ],
)
def test_quantities_and_quantitative_definitions_are_measurable(text, lang):
    assert flags(text, lang)["M"] is True


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Grow conversion from X% to Y%", "en"),
        ("ISO 14001-certificering behalen", "nl"),
        ("Verlaag de uitval naar een acceptabel niveau", "nl"),
        ("Eliminate all manual invoices", "en"),
        ("Lanceer de nieuwe website vóór 1 mei 2026", "nl"),
    ],
)
def test_placeholders_names_and_dates_are_not_measurable(text, lang):
    assert flags(text, lang)["M"] is False


def test_vague_verb_rewrite_follows_the_pattern_in_dutch():
    suggestion = judge("Verhoog de omzet").criteria["M"].suggestion
    assert suggestion.startswith("Schrijf het zo: Verhoog")
    assert "van [nulmeting] naar [streefwaarde] uiterlijk [datum]" in suggestion


def test_rewrite_uses_the_values_found_in_english():
    result = judge("Reduce ticket backlog to 40 by Q3 2026", "en")
    assert result.criteria["T"].status is Status.MET
    s = judge("Improve ticket backlog", "en").criteria["M"].suggestion
    assert "Increase" in s and "from [baseline] to [target] by [date]" in s


# ----------------------------------------------------------------------------- T


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("20 demo's per kwartaal", "nl"),
        ("Jaarlijks een audit", "nl"),
        ("50 nieuwe leden over 2 jaar", "nl"),
        ("Klachten binnen 5 werkdagen beantwoord", "nl"),
        ("12 releases by EOY", "en"),
        ("Revenue growth of 10% year over year", "en"),
        ("Publish the roadmap by the end of March", "en"),
    ],
)
def test_deadlines_cadences_and_windows_are_time_bound(text, lang):
    assert flags(text, lang)["T"] is True


@pytest.mark.parametrize(
    ("text", "lang", "why"),
    [
        ("Deploys take 15 minutes", "en", "value of the metric"),
        ("Storingen altijd snel opgelost", "nl", "geen termijn"),
        ("Kosten 6% lager dan in 2024", "nl", "nulmeting"),
        ("Een meerjarenplan (3-5 jaar) per afdeling", "nl", "horizon van een plan"),
        ("10% more members aged 18-25 years", "en", "age range"),
    ],
)
def test_time_traps_are_not_time_bound_and_say_why(text, lang, why):
    result = judge(text, lang)
    assert result.as_flags()["T"] is False
    assert why in result.criteria["T"].reason


def test_deadline_in_the_past_is_weak_when_today_is_known():
    result = judge("200 leads vóór 1 januari 2026", today=TODAY)
    assert result.criteria["T"].status is Status.WEAK
    assert "verleden" in result.criteria["T"].reason


def test_deadline_outside_strategy_horizon_is_weak():
    result = judge(
        "NPS 45 in 2031", "en", today=TODAY, horizon_start_year=2026, horizon_end_year=2029
    )
    assert result.criteria["T"].status is Status.WEAK


# ----------------------------------------------------------------------------- A and R


def test_bare_statement_leaves_a_and_r_unjudged():
    result = flags("Sell 300 subscriptions in Q2", "en")
    assert result["A"] is None and result["R"] is None


def test_baseline_in_the_text_makes_a_judgeable():
    assert flags("Verzuim van 6,1% naar 5,0% in 2027")["A"] is True


def test_stated_purpose_makes_r_met_on_a_bare_statement():
    assert flags("Hire 4 engineers in Q1 to support the launch of the app", "en")["R"] is True


def test_world_scale_ambition_is_not_achievable():
    assert flags("Be the best bakery in the world", "en")["A"] is False


def test_percentage_above_100_is_impossible():
    result = judge("Bezettingsgraad naar 120%", has_context=True, owner="Sam", owner_accepted=True)
    assert result.criteria["A"].status is Status.MISSING
    assert "120%" in result.criteria["A"].reason


def test_target_equal_to_baseline_is_weak():
    result = judge(
        "Klanten die binnen een dag antwoord krijgen",
        has_context=True,
        unit="percent",
        baseline_value=Decimal(80),
        target_value=Decimal(80),
    )
    assert result.criteria["A"].status is Status.WEAK


def test_huge_step_in_short_time_is_not_achievable():
    result = judge(
        "Leads per maand",
        "en",
        has_context=True,
        today=TODAY,
        baseline_value=Decimal(100),
        target_value=Decimal(900),
        target_date=dt.date(2026, 5, 1),
        owner="Ada",
        owner_accepted=True,
    )
    assert result.criteria["A"].status is Status.MISSING


def test_owner_must_accept_the_target():
    fields = dict(
        has_context=True,
        today=TODAY,
        baseline_value=Decimal(30),
        target_value=Decimal(36),
        target_date=dt.date(2026, 12, 31),
        owner="Noor",
    )
    assert judge("NPS naar 36", **fields).criteria["A"].status is Status.WEAK
    accepted = judge("NPS naar 36", owner_accepted=True, **fields)
    assert accepted.criteria["A"].status is Status.MET


def test_relevance_needs_csf_goal_and_rationale():
    base = dict(has_context=True, csf_title="Snelle service", goal_title="Loyale klanten")
    assert judge("NPS 40", **base).criteria["R"].status is Status.WEAK
    explained = judge(
        "NPS 40", rationale="Snelle service maakt klanten loyaler, dat zie je in de NPS.", **base
    )
    assert explained.criteria["R"].status is Status.MET
    assert judge("NPS 40", has_context=True).criteria["R"].status is Status.MISSING


def test_context_mode_m_asks_for_data_source_and_frequency():
    result = judge("Churn onder 3%", has_context=True, baseline_value=Decimal(4))
    m = result.criteria["M"]
    assert m.status is Status.WEAK and "databron" in m.reason and "meetfrequentie" in m.reason


def test_fully_specified_kpi_scores_five():
    result = judge(
        "Verlaag de gemiddelde afhandeltijd van tickets van 14 naar 10 uur vóór eind Q4 2026",
        today=TODAY,
        has_context=True,
        unit="hours",
        direction="lower",
        baseline_value=Decimal(14),
        baseline_date=dt.date(2026, 1, 1),
        target_value=Decimal(10),
        target_date=dt.date(2026, 12, 31),
        frequency="monthly",
        data_source="Helpdesk-export",
        owner="Fatima",
        owner_accepted=True,
        csf_title="Snelle klantenservice",
        goal_title="Tevreden, trouwe klanten",
        rationale="Snellere afhandeling is waar klanten ons nu op afrekenen in reviews.",
        horizon_start_year=2026,
        horizon_end_year=2028,
    )
    assert result.score == 5, {k: c.reason for k, c in result.criteria.items()}


def test_language_other_than_dutch_falls_back_to_english():
    result = judge("Improve quality", "de")
    assert result.lang == "en" and "abstract notion" in result.criteria["S"].reason


def test_as_flags_contract():
    assert set(flags("x")) == {"S", "M", "A", "R", "T", "score"}


@pytest.mark.parametrize(
    ("text", "lang", "expected", "unexpected"),
    [
        ("De levertijd moet beter", "nl", "Breng de levertijd", "De levertijd"),
        ("The response time must get better", "en", "the response time", "The response"),
        ("Omzet verhogen", "nl", "Verhoog omzet", "Verhoog Omzet"),
    ],
)
def test_rewrite_does_not_keep_a_sentence_opening_capital(text, lang, expected, unexpected):
    suggestions = " ".join(c.suggestion for c in judge(text, lang).criteria.values() if c)
    assert expected in suggestions
    assert unexpected not in suggestions


@pytest.mark.parametrize(
    ("text", "screen_lang", "term"),
    [("De levertijd wordt beter", "en", "beter"), ("Delivery gets faster", "nl", "faster")],
)
def test_vague_comparative_is_found_whatever_the_screen_language(text, screen_lang, term):
    result = judge(text, screen_lang)
    assert term in [t.lower() for t in result.vague_terms]
    assert result.criteria["M"].status != Status.MET


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("Het verzuim daalt van 6% naar 4,5%", {"frequency": "monthly"}),
        ("Facturen worden binnen 30 dagen betaald", {}),
        ("Revenue per quarter rises from 2 to 3 million", {}),
    ],
)
def test_kpi_in_its_tree_needs_an_end_date_not_only_a_rhythm(text, fields):
    in_app = judge(text, has_context=True, **fields).criteria["T"]
    assert in_app.status == Status.WEAK
    assert in_app.suggestion
    dated = judge(text, has_context=True, target_date=dt.date(2027, 12, 31), **fields)
    assert dated.criteria["T"].status == Status.MET


def test_complete_card_is_not_asked_again_for_its_data_source():
    result = judge(
        "Het verzuim daalt van 6% naar 4,5% vóór eind 2027",
        has_context=True,
        data_source="HR-systeem",
        frequency="monthly",
        baseline_value=Decimal("6"),
    )
    m = result.criteria["M"]
    assert m.status == Status.MET
    assert "databron" not in m.suggestion
    assert "definitie" in m.suggestion


# ----------------------------------------------------------------------------- wording


def rewrite_of(text, lang="nl", **fields):
    """The rewrite the engine offers as the M suggestion of a statement without an amount."""
    return judge(text, lang, **fields).criteria["M"].suggestion


@pytest.mark.parametrize(
    ("text", "lang", "ending"),
    [
        # A year or a quarter is a period: the deadline is its end.
        ("Minder ziekteverzuim in 2027", "nl", "uiterlijk eind 2027."),
        ("Meer aanmeldingen in Q3 2027", "nl", "uiterlijk eind Q3 2027."),
        ("Fewer complaints in 2027", "en", "by the end of 2027."),
        # A day gets "by"; the user's own capitals stay.
        ("Improve the delivery time by 1 July 2027", "en", "by 1 July 2027."),
        ("Hogere conversie per 1 juli 2027", "nl", "uiterlijk 1 juli 2027."),
        # A phrase that says how it bounds the deadline is kept as it is.
        ("Minder klachten binnen 6 maanden", "nl", "binnen 6 maanden."),
        # No time at all: a placeholder.
        ("Verhoog de omzet", "nl", "uiterlijk [datum]."),
        ("Raise the turnover", "en", "by [date]."),
    ],
)
def test_rewrite_ends_with_a_deadline_that_means_what_the_statement_said(text, lang, ending):
    assert rewrite_of(text, lang).endswith(ending)


def test_rewrite_with_a_filled_in_target_date_says_by_that_day():
    assert rewrite_of("Verhoog de omzet", target_date=dt.date(2027, 6, 30)).endswith(
        "uiterlijk 30-6-2027."
    )


@pytest.mark.parametrize(
    ("text", "lang", "verb"),
    [
        ("Snellere doorlooptijd", "nl", "Breng"),  # which way is better isn't said: don't guess
        ("Our churn must change", "en", "Bring"),
        ("Verlaag de doorlooptijd", "nl", "Verlaag"),
        ("Raise the turnover", "en", "Increase"),
    ],
)
def test_rewrite_only_names_a_direction_the_statement_gives(text, lang, verb):
    assert f": {verb} " in rewrite_of(text, lang)


def test_a_scale_written_once_counts_for_both_numbers():
    result = judge("Omzet van 10 naar 12 mln vóór eind 2027")
    assert (result.extraction.baseline, result.extraction.target) == (10_000_000, 12_000_000)
    # 900.000 is already a whole amount: "mln" belongs to 1,2 only.
    result = judge("Omzet van 900.000 naar 1,2 mln vóór eind 2027")
    assert (result.extraction.baseline, result.extraction.target) == (900_000, 1_200_000)


def test_missing_items_are_listed_as_a_sentence_lists_them():
    def missing(lang):
        return judge(
            "Gemiddelde oplostijd van 14 naar 10 uur vóór eind 2027",
            lang,
            has_context=True,
            baseline_value=Decimal(14),
        ).criteria["M"]

    assert "een databron en een meetfrequentie" in missing("nl").reason
    assert "Vul een databron en een meetfrequentie in" in missing("nl").suggestion
    assert "a data source and a measurement frequency so that" in missing("en").suggestion


def test_one_unit_is_singular():
    from indicators.smart.engine import fmt_number

    assert fmt_number(Decimal(1), "days", "nl") == "1 dag"
    assert fmt_number(Decimal(2), "days", "nl") == "2 dagen"
    assert fmt_number(Decimal(1), "hours", "en") == "1 hour"
    assert fmt_number(Decimal("1.5"), "minutes", "en") == "1.5 minutes"


@pytest.mark.parametrize(
    ("text", "lang", "listed"),
    [
        ("Vriendelijkere en snellere service", "nl", "“Vriendelijkere”, “snellere”;"),
        ("Friendlier and faster service", "en", "“Friendlier”, “faster”;"),
    ],
)
def test_descriptive_words_are_each_listed_once(text, lang, listed):
    assert listed in judge(text, lang).criteria["S"].reason


def test_the_target_is_never_called_a_goal_in_dutch():
    """Goal (doel) is a node of the tree; the number a KPI aims for is its streefwaarde."""
    owned = judge("Omzet van 10 naar 12 mln vóór eind 2027", has_context=True, owner="Sanne")
    texts = [
        judge("Verhoog de omzet").criteria["M"].suggestion,
        owned.criteria["A"].reason,
        owned.criteria["A"].suggestion,
    ]
    for text in texts:
        assert "streefwaarde" in text and "doel]" not in text and "het doel" not in text
    assert owned.criteria["A"].suggestion.endswith("en leg het akkoord vast.")


@pytest.mark.parametrize(
    ("lang", "reason"),
    [
        ("nl", "De zin gaat van 14 uur naar 10 uur, maar de richting staat op “hoger is beter”."),
        ("en", "The statement goes from 14 hours to 10 hours, but the direction is set to "),
    ],
)
def test_a_direction_field_that_disagrees_with_the_statement_is_named_as_such(lang, reason):
    """The field may still hold its default: say the two disagree, don't call the target wrong."""
    owned = {"has_context": True, "owner": "Sanne", "owner_accepted": True}
    statement = "Gemiddelde oplostijd van 14 naar 10 uur vóór eind 2027"
    disagreeing = judge(statement, lang, direction="higher", **owned).criteria["A"]
    assert disagreeing.status is Status.WEAK and disagreeing.reason.startswith(reason)
    dutch = judge(statement, direction="higher", **owned).criteria["A"]
    assert "“lager is beter”" in dutch.suggestion
    assert judge(statement, lang, direction="lower", **owned).criteria["A"].status is Status.MET
    # Numbers typed in the fields that go against the chosen direction are simply wrong.
    typed = judge(statement, lang, direction="higher", baseline_value=Decimal(14),
                  target_value=Decimal(10), **owned).criteria["A"]  # fmt: skip
    assert typed.status is Status.MISSING
