"""Form input rules: names, emails, time zones, passwords."""

import pytest

from domain.errors import ValidationFailed
from domain.validation import Errors, clean_email, clean_password, clean_text, clean_time_zone, time_zone_choices


def test_text_is_trimmed_and_inner_spaces_folded():
    errors = Errors()
    assert clean_text(errors, "name", "Name", "  Mary   Smith ", max_length=20) == "Mary Smith"
    assert not errors


@pytest.mark.parametrize(
    "value, message",
    [
        ("", "Name is required."),
        ("   ", "Name is required."),
        ("x" * 21, "Name must be at most 20 characters (it has 21)."),
    ],
)
def test_empty_or_overlong_text_is_refused(value, message):
    errors = Errors()
    clean_text(errors, "name", "Name", value, max_length=20)
    assert errors == {"name": message}


def test_emails_are_normalised_and_malformed_ones_refused():
    errors = Errors()
    assert clean_email(errors, "email", " Mary.Smith@Example.COM ") == "mary.smith@example.com"
    clean_email(errors, "email", "mary@@example")
    assert errors["email"].startswith("That email address is not valid")


@pytest.mark.parametrize("zone", ["Australia/Sydney", "America/New_York", "Europe/London", "UTC"])
def test_real_time_zones_pass(zone):
    errors = Errors()
    clean_time_zone(errors, "tz", zone)
    assert not errors and zone in time_zone_choices()


@pytest.mark.parametrize("zone", ["", "Sydney", "Mars/Olympus", "../../etc/passwd", "Australia/sydney"])
def test_unknown_time_zones_are_refused(zone):
    errors = Errors()
    clean_time_zone(errors, "tz", zone)
    assert "Unknown time zone" in errors["tz"]


def test_short_passwords_are_refused():
    errors = Errors()
    clean_password(errors, "password", "123456789")
    assert errors == {"password": "Password must be at least 10 characters."}


def test_all_field_errors_are_raised_together():
    errors = Errors(name="Name is required.", email="Email is required.")
    with pytest.raises(ValidationFailed) as raised:
        errors.raise_if_any()
    assert raised.value.errors == {"name": "Name is required.", "email": "Email is required."}
