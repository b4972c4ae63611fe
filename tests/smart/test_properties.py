"""Property tests: any text, however odd, gets a verdict and never an exception."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.smart import KpiContext, Status, evaluate

_NOISY = st.text(
    alphabet=st.sampled_from(list("0123456789.,-%€$Qq xX/:()≥<>+éèöıİß\u00a0\n'\"kKmM")),
    max_size=300,
)


def check(result):
    flags = result.as_flags()
    assert 0 <= flags["score"] <= 5
    for letter in "SMT":
        criterion = result.criteria[letter]
        assert criterion.status in Status and criterion.reason and criterion.suggestion


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=2000), lang=st.sampled_from(["nl", "en", "xx"]))
def test_any_unicode_text_gets_a_verdict(text, lang):
    check(evaluate(KpiContext(statement=text, lang=lang, today=dt.date(2026, 1, 1))))


@settings(max_examples=60, deadline=None)
@given(text=_NOISY)
def test_number_and_date_soup_never_raises(text):
    check(evaluate(KpiContext(statement=text, lang="nl", has_context=True)))


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
@given(piece=st.text(min_size=1, max_size=8), big=st.integers(min_value=50_000, max_value=100_000))
def test_inputs_up_to_100_kb_are_judged(piece, big):
    text = (piece * (big // len(piece) + 1))[:big]
    result = evaluate(KpiContext(statement=text, lang="en"))
    check(result)
    assert result.truncated is (len(text) > 2000)
