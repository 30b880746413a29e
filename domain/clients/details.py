"""What a client record holds, and the rules for it (pure)."""

from dataclasses import dataclass, field
from datetime import date

from domain.clients.tags import clean_tags
from domain.dates import BadDate, parse_date
from domain.phones import clean_phone
from domain.validation import Errors, clean_email, clean_text, clean_time_zone

EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class ClientInput:
    first_name: str
    last_name: str
    date_of_birth: date | str | None = None
    email: str = ""
    phone: str = ""
    time_zone: str = ""
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CleanClient:
    first_name: str
    last_name: str
    date_of_birth: date | None
    email: str | None
    phone: str | None  # E.164
    time_zone: str
    tags: list[str]


def clean_client(
    data: ClientInput, *, today: date, region: str, email_required: bool = False
) -> tuple[CleanClient, Errors]:
    """`region`: the clinic's (domain/phones.py), for a phone typed without its country code."""
    errors = Errors()
    first = clean_text(errors, "first_name", "First name", data.first_name, max_length=80)
    last = clean_text(errors, "last_name", "Last name", data.last_name, max_length=80)
    dob = _clean_birth(errors, data.date_of_birth, today)
    email = clean_email(errors, "email", data.email, required=email_required)
    phone = clean_phone(errors, "phone", data.phone, region=region)
    time_zone = clean_time_zone(errors, "time_zone", data.time_zone)
    tags = clean_tags(errors, data.tags)
    return CleanClient(first, last, dob, email or None, phone or None, time_zone, tags), errors


def _clean_birth(errors: Errors, value: date | str | None, today: date) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = parse_date(value)
        except BadDate as exc:
            errors["date_of_birth"] = str(exc)
            return None
    if value > today:
        errors["date_of_birth"] = "The date of birth cannot be in the future."
    elif value < EARLIEST_BIRTH:
        errors["date_of_birth"] = "The date of birth cannot be before 1900."
    return value
