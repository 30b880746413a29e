"""The clinic's formats (Babel): amounts, dates and times as each supported locale writes them, typed input read
back, and Babel's date patterns translated to Quasar's mask tokens for every locale a clinic may choose."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest

from domain.dates import BadDate, parse_date, parse_time
from domain.formats import LOCALES, BadAmount, Formats, currencies, currency_problem, quasar_date_pattern
from tests.support import spaces

DAY = datetime(2026, 11, 24, 21, 30)


@pytest.mark.parametrize(
    "locale, currency, money, day, clock",
    [
        ("en-AU", "AUD", "$1,234.50", "24 Nov 2026", "9:30 pm"),
        ("en-GB", "GBP", "£1,234.50", "24 Nov 2026", "21:30"),
        ("en-US", "USD", "$1,234.50", "Nov 24, 2026", "9:30 PM"),
        ("de-DE", "EUR", "1.234,50 €", "24.11.2026", "21:30"),
        ("nb-NO", "NOK", "1 234,50 kr", "24. nov. 2026", "21:30"),
    ],
)
def test_each_clinic_reads_amounts_dates_and_times_in_its_own_format(locale, currency, money, day, clock):
    f = Formats(locale, currency)
    assert spaces(f.money(123450)) == money
    assert spaces(f.date(DAY)) == day
    assert spaces(f.time(DAY)) == clock


@pytest.mark.parametrize("locale", LOCALES)
def test_every_supported_locale_types_dates_as_it_writes_them_with_four_digit_years(locale):
    pattern = quasar_date_pattern(locale)
    assert sorted(pattern.order) == ["DD", "MM", "YYYY"]
    typed = pattern.format(date(2031, 2, 3))
    assert "2031" in typed and pattern.mask.count("#") == 8
    assert parse_date(pattern.to_iso(typed)) == date(2031, 2, 3)
    # 4-digit years even where the locale's short pattern has two (en-AU d/M/yy, de-DE dd.MM.yy)
    assert "2031" in Formats(locale).date(date(2031, 2, 3))


@pytest.mark.parametrize(
    "locale, quasar",
    [("en-AU", "DD/MM/YYYY"), ("en-US", "MM/DD/YYYY"), ("de-DE", "DD.MM.YYYY"), ("sv-SE", "YYYY-MM-DD")],
)
def test_babel_patterns_become_quasar_masks(locale, quasar):
    assert quasar_date_pattern(locale).pattern == quasar


def test_a_german_user_types_a_comma_amount_and_a_dotted_date():
    de = Formats("de-DE", "EUR")
    assert de.parse_amount("12,50") == Decimal("12.50")
    assert de.parse_amount("1.234,50 €") == Decimal("1234.50")
    assert parse_date(de.date_input.to_iso("24.11.2026")) == date(2026, 11, 24)
    with pytest.raises(BadDate, match="29 February in 2026"):
        parse_date(de.date_input.to_iso("29.02.2026"))


def test_an_amount_that_reads_two_ways_is_refused_not_guessed():
    with pytest.raises(BadAmount, match=r"12\.50"):
        Formats("en-AU").parse_amount("12,50")  # 1,250 or 12.50? the person says
    assert Formats("nb-NO", "NOK").parse_amount("1 234,50") == Decimal("1234.50")
    assert Formats("de-CH", "CHF").parse_amount("1'234.50") == Decimal("1234.50")
    for bad in ("", "abc", "1e9", "inf", "nan", "--1"):
        with pytest.raises(BadAmount):
            Formats().parse_amount(bad)


def test_currencies_use_their_own_minor_units():
    assert Formats("en-AU", "JPY").to_minor(Decimal(1234)) == 1234
    assert spaces(Formats("en-AU", "JPY").money(1234)) == "JPY1,234"
    assert Formats("en-AU", "KWD").to_minor(Decimal("1.234")) == 1234
    assert Formats("en-AU", "KWD").amount_problem(Decimal("1.2345")) == "with at most 3 decimals"
    assert Formats().amount_problem(Decimal("0.005")) == "in whole cents"
    assert Formats().amount_problem(Decimal(1_000_001)) is not None
    assert "AUD" in currencies() and "EUR" in currencies()
    assert currency_problem("XYZ") == "Choose a currency from the list."
    assert currency_problem("CLF") is not None  # a unit of account with 4 decimals, not offered


@pytest.mark.parametrize(
    "typed, hour12, expected",
    [
        ("21:30", False, time(21, 30)),
        ("21.30", False, time(21, 30)),
        ("09:30 PM", True, time(21, 30)),
        ("9:30 am", True, time(9, 30)),
        ("12:05 AM", True, time(0, 5)),
        ("12:05 PM", True, time(12, 5)),
    ],
)
def test_times_are_typed_in_the_clinics_habit(typed, hour12, expected):
    assert parse_time(typed, hour12=hour12) == expected


@pytest.mark.parametrize("typed", ["13:30 PM", "25:00", "9", "half past"])
def test_impossible_times_are_refused(typed):
    with pytest.raises(BadDate):
        parse_time(typed, hour12=True)


def test_a_twelve_hour_clinic_shows_time_inputs_with_am_and_pm():
    assert Formats("en-US").time_value(time(21, 30)) == "09:30 PM"
    assert Formats("de-DE").time_value(time(21, 30)) == "21:30"
    assert Formats("en-AU").hour12 and not Formats("en-GB").hour12
