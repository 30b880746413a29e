"""Phone numbers (pure): typed in national or international form, checked with `phonenumbers`, stored as E.164
("+61412345678"), shown in national form when the number is in the clinic's country ("0412 345 678") and in
international form otherwise ("+44 20 7946 0958"); the SMS gateway gets the E.164.

The region of a number typed without its country code is the clinic's: the country of its locale ("en-AU" → AU).
A stored value that is not E.164 was left as typed by migration 0009 because it could not be read: it is shown as
stored, listed under Setup > Clinic > Phone numbers to check, and no SMS is sent to it.
"""

import re

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from domain.formats import Formats, current
from domain.text import plain, visible
from domain.validation import Errors

E164 = re.compile(r"\+[1-9][0-9]{6,14}")
# What a typed number may hold: digits (any script's), spaces and + ( ) - . / as people write them. No letters:
# phonenumbers would read "1300 FLOWERS" as digits, and "call me maybe" is not a number.
TYPED = re.compile(r"[\d\s+().\-/]+")
MAX_TYPED = 40


def region_of(locale: str) -> str:
    """The region of numbers typed without a country code, for a clinic locale ("de-DE" → "DE")."""
    return Formats(locale).region


def is_e164(value: str | None) -> bool:
    """Whether a stored value is a checked number (E.164), not one kept as typed because it could not be read
    ("+12", "+44 20 7946 0958" with its spaces and "0412 345 678" are not)."""
    if not value or E164.fullmatch(value) is None:
        return False
    try:
        number = phonenumbers.parse(value, None)
    except NumberParseException:
        return False
    return (
        phonenumbers.is_possible_number(number) and phonenumbers.format_number(number, PhoneNumberFormat.E164) == value
    )


def parse_phone(value: str | None, *, region: str) -> str | None:
    """The E.164 of a typed number, or None when it is not one we can call (empty included)."""
    text = plain(value)
    if not text or len(text) > MAX_TYPED or not TYPED.fullmatch(text):
        return None
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def example(region: str) -> tuple[str, str]:
    """A mobile number of the region in national and international form ("0412 345 678", "+61 412 345 678")."""
    number = phonenumbers.example_number_for_type(region, PhoneNumberType.MOBILE) or phonenumbers.example_number(region)
    if number is None:
        return "", "+61 412 345 678"
    return (
        phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL),
        phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL),
    )


def clean_phone(errors: Errors, field: str, value: str | None, *, region: str) -> str | None:
    """A typed phone number → its E.164; empty → None. Not a number we can call: a message at `field` that shows
    how to write one of the clinic's region, nationally and with its country code."""
    if not visible(plain(value)):
        return None
    e164 = parse_phone(value, region=region)
    if e164 is None:
        national, international = example(region)
        ways = f"{national} or {international}" if national else international
        errors[field] = f"That is not a phone number we can call: give it as {ways}."
    return e164


def phone_label(e164: str | None, region: str | None = None) -> str:
    """How a stored number reads: national form when it is in the clinic's country (its calling code is the
    region's: "0412 345 678"), international otherwise ("+44 20 7946 0958"). A value that is not E.164 (left as
    typed by the migration) is shown as stored. `region`: the clinic's (formats.current()) when not given."""
    if not e164:
        return ""
    if not is_e164(e164):
        return e164
    number = phonenumbers.parse(e164, None)
    home = phonenumbers.country_code_for_region(region or current().region)
    way = PhoneNumberFormat.NATIONAL if number.country_code == home else PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, way)


def phone_search_text(value: str | None) -> str:
    """What a client's search key holds of their phone: the E.164 and the national digits ("+61412345678
    0412345678"), so "0412 345", "412345" and "+61 412" all find them. A value kept as typed: itself."""
    if not value:
        return ""
    if not is_e164(value):
        return value
    number = phonenumbers.parse(value, None)
    national = re.sub(r"\D", "", phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL))
    return f"{value} {national}"


def sms_problem(name: str, value: str | None) -> str | None:
    """Why an SMS cannot go to this stored number, or None: none, or one kept as typed that could not be read."""
    if not value:
        return f"No phone number for {name}: add it on their client profile first."
    if not is_e164(value):
        return (
            f"{name}'s phone number “{value}” could not be checked, so no SMS is sent to it: "
            "correct it on their client profile first."
        )
    return None
