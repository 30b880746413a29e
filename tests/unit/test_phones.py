"""Phone numbers (domain/phones.py): typed nationally or internationally, one E.164; shown nationally at home."""

import pytest

from domain.phones import clean_phone, is_e164, parse_phone, phone_label, phone_search_text, region_of, sms_problem
from domain.validation import Errors

SAME_NUMBER = {
    "AU": ("+61412345678", ["0412 345 678", "+61 412 345 678", "(04) 1234-5678", "+61 (0) 412 345 678"]),
    "GB": ("+442079460958", ["020 7946 0958", "+44 20 7946 0958", "+44 (0)20 7946 0958"]),
    "DE": ("+49301234567", ["030 1234567", "+49 30 1234567", "0049 30 1234567", "030/1234567"]),
    "NO": ("+4721234567", ["21 23 45 67", "+47 21 23 45 67", "0047 21234567"]),
    "US": ("+12015550123", ["(201) 555-0123", "201.555.0123", "+1 201 555 0123", "1 201 555 0123"]),
}


@pytest.mark.parametrize("region", SAME_NUMBER)
def test_national_and_international_forms_give_the_same_e164(region):
    e164, forms = SAME_NUMBER[region]
    for typed in forms:
        errors = Errors()
        assert clean_phone(errors, "phone", typed, region=region) == e164, typed
        assert not errors


@pytest.mark.parametrize("region", SAME_NUMBER)
@pytest.mark.parametrize("typed", ["((((", "12", "call me maybe", "0412 345 ABC", "1300 FLOWERS", "+", "0" * 41])
def test_what_is_not_a_number_is_refused_at_the_field_with_an_example_of_the_region(region, typed):
    errors = Errors()
    assert clean_phone(errors, "phone", typed, region=region) is None
    assert errors["phone"].startswith("That is not a phone number we can call: give it as ")


def test_the_message_shows_the_clinics_own_way_of_writing_a_number():
    errors = Errors()
    clean_phone(errors, "phone", "((((", region="AU")
    assert errors["phone"] == "That is not a phone number we can call: give it as 0412 345 678 or +61 412 345 678."
    clean_phone(errors, "phone", "((((", region="DE")
    assert "+49 " in errors["phone"]


def test_empty_is_no_number_and_no_error():
    for typed in ("", "   ", None, "\u200b"):
        errors = Errors()
        assert clean_phone(errors, "phone", typed, region="AU") is None
        assert not errors


@pytest.mark.parametrize("region", SAME_NUMBER)
def test_a_foreign_number_typed_with_plus_is_kept_as_that_countrys(region):
    assert parse_phone("+44 20 7946 0958", region=region) == "+442079460958"
    assert parse_phone("+61 412 345 678", region=region) == "+61412345678"


def test_shown_nationally_at_home_and_internationally_abroad():
    assert phone_label("+61412345678", "AU") == "0412 345 678"
    assert phone_label("+61412345678", "DE") == "+61 412 345 678"
    assert phone_label("+442079460958", "AU") == "+44 20 7946 0958"
    assert phone_label("+442079460958", "GB") == "020 7946 0958"
    assert phone_label("+49301234567", "DE") == "030 1234567"
    assert phone_label("+4721234567", "NO") == "21 23 45 67"
    assert phone_label("+12015550123", "US") == "(201) 555-0123"


@pytest.mark.parametrize("region", SAME_NUMBER)
def test_the_label_of_a_stored_number_reads_back_as_the_same_number(region):
    """An edit form shows the label: saving it unchanged keeps the number."""
    for e164, _forms in SAME_NUMBER.values():
        assert parse_phone(phone_label(e164, region), region=region) == e164


def test_a_number_kept_as_typed_is_shown_as_stored_and_gets_no_sms():
    for kept in ("((((", "0412 345 67", "+12", "+44 20 7946 0958", "+1234567"):
        assert not is_e164(kept)
        assert phone_label(kept, "AU") == kept
        assert "could not be checked" in (sms_problem("Mary Smith", kept) or "")
    assert phone_label(None, "AU") == phone_label("", "AU") == ""
    assert sms_problem("Mary Smith", "+61412345678") is None
    assert sms_problem("Mary Smith", None) == "No phone number for Mary Smith: add it on their client profile first."


def test_the_search_text_has_the_e164_and_the_national_digits():
    assert phone_search_text("+61412345678") == "+61412345678 0412345678"
    assert phone_search_text("+442079460958") == "+442079460958 02079460958"
    assert phone_search_text("((((") == "(((("
    assert phone_search_text(None) == ""


def test_the_region_is_the_country_of_the_clinics_locale():
    assert [region_of(tag) for tag in ("en-AU", "de-DE", "nb-NO", "en-US", "en-GB")] == ["AU", "DE", "NO", "US", "GB"]
