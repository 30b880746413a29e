"""Typed dates: what was typed is read by the field's pattern, and an impossible date says why."""

from datetime import date, time

import pytest

from domain.dates import ISO, BadDate, DateFormat, parse_date, parse_time


@pytest.mark.parametrize(
    "pattern, typed, iso",
    [
        ("YYYY-MM-DD", "1990-02-28", "1990-02-28"),
        ("DD/MM/YYYY", "29/02/1990", "1990-02-29"),
        ("MM/DD/YYYY", "02/29/1990", "1990-02-29"),
        ("DD.MM.YYYY", "31.04.1985", "1985-04-31"),
        ("DD/MM/YYYY", "", ""),
        ("DD/MM/YYYY", "12/03", "12/03"),
    ],
)
def test_a_typed_date_is_put_in_iso_order_by_its_pattern_without_judging_it(pattern, typed, iso):
    assert DateFormat(pattern).to_iso(typed) == iso


@pytest.mark.parametrize(
    "text, message",
    [
        ("1990-02-29", "There is no 29 February in 1990: it is not a leap year."),
        ("1985-04-31", "There is no 31 April: it has 30 days."),
        ("1985-13-01", "There is no month 13"),
        ("85-01-01", "four digits"),
        ("12/03", "not a whole date"),
    ],
)
def test_an_impossible_date_says_what_is_wrong(text, message):
    with pytest.raises(BadDate, match=message):
        parse_date(text)


def test_dates_and_times_that_exist_are_read():
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert DateFormat("DD/MM/YYYY").format(date(2026, 11, 24)) == "24/11/2026" and ISO.mask == "####-##-##"
    assert parse_time("09:30") == time(9, 30)
    with pytest.raises(BadDate, match="There is no 25:00"):
        parse_time("25:00")


def test_a_pattern_needs_each_part_once():
    with pytest.raises(ValueError):
        DateFormat("DD/MM/YY")
