"""Dates as each language writes them: English "30 Sep 2027", never the US "09/30/2027"."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

DAY = datetime.date(2027, 9, 30)
MOMENT = datetime.datetime(2027, 9, 30, 14, 5)


@pytest.mark.parametrize("name", ["DATE_FORMAT", "SHORT_DATE_FORMAT"])
def test_english_dates_are_day_month_year(name):
    with translation.override("en"):
        assert date_format(DAY, name) == "30 Sep 2027"


@pytest.mark.parametrize("name", ["DATETIME_FORMAT", "SHORT_DATETIME_FORMAT"])
def test_english_times_are_24_hour(name):
    with translation.override("en"):
        assert date_format(MOMENT, name) == "30 Sep 2027, 14:05"


def test_dutch_dates_stay_dutch():
    with translation.override("nl"):
        assert date_format(DAY, "DATE_FORMAT") == "30 september 2027"


def test_a_typed_english_date_is_read_day_first():
    with translation.override("en"):
        field = forms.DateField(localize=True)
        assert field.clean("05/12/2026") == datetime.date(2026, 12, 5)
        assert field.clean("2026-12-05") == datetime.date(2026, 12, 5)


@pytest.mark.django_db
def test_the_kpi_card_shows_english_dates_in_english_style(client, members, kpi):
    kpi.target_date = DAY
    kpi.save()
    client.force_login(members["manager"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("reviews:kpi_card", args=[kpi.pk])).content.decode()
    assert "30 Sep 2027" in html
    assert "09/30/2027" not in html and "Sept. 30, 2027" not in html
