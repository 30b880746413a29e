"""Input rules shared by every form: text lengths, emails, time zones, passwords."""

from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from email_validator import EmailNotValidError, validate_email

from domain.text import plain, visible

MIN_PASSWORD = 10
MAX_PASSWORD = 200


class Errors(dict):
    """Collects field errors; `raise_if_any()` raises ValidationFailed with all of them."""

    def raise_if_any(self) -> None:
        from domain.errors import ValidationFailed

        if self:
            raise ValidationFailed(dict(self))


def clean_text(
    errors: Errors,
    field: str,
    label: str,
    value: str | None,
    *,
    max_length: int,
    required: bool = True,
    multiline: bool = False,
) -> str:
    """Text through the one rule (domain/text.py); required text must show at least one visible character."""
    text = plain(value, multiline=multiline)
    if text and not visible(text):
        if required:
            errors[field] = f"{label} has no visible characters: type letters or digits."
        return ""
    if required and not text:
        errors[field] = f"{label} is required."
    elif len(text) > max_length:
        errors[field] = f"{label} must be at most {max_length} characters (it has {len(text)})."
    return text


def clean_note(value: str | None, *, max_length: int | None = None, multiline: bool = True) -> str:
    """Free text (notes, messages, reasons, descriptions) through the one rule, cut at max_length if given
    (without it the caller refuses what is too long, with the count); nothing visible: empty."""
    text = plain(value, multiline=multiline)
    return text[:max_length] if visible(text) else ""


def clean_line(value: str | None, *, max_length: int) -> str:
    """Optional one-line text (a reason, a reference): clean_note on one line."""
    return clean_note(value, max_length=max_length, multiline=False)


def clean_email(errors: Errors, field: str, value: str | None, *, required: bool = True) -> str:
    text = plain(value)
    if not text:
        if required:
            errors[field] = "Email is required."
        return ""
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        errors[field] = f"That email address is not valid: {exc}"
        return text


def is_time_zone(name: str) -> bool:
    if not name or name not in _zones():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def clean_time_zone(errors: Errors, field: str, value: str | None) -> str:
    name = (value or "").strip()
    if not is_time_zone(name):
        errors[field] = f"Unknown time zone {name!r}: pick one such as Australia/Sydney or Europe/London."
    return name


def clean_password(errors: Errors, field: str, value: str | None) -> str:
    text = value or ""
    if len(text) < MIN_PASSWORD:
        errors[field] = f"Password must be at least {MIN_PASSWORD} characters."
    elif len(text) > MAX_PASSWORD:
        errors[field] = f"Password must be at most {MAX_PASSWORD} characters."
    return text


_ZONES: frozenset[str] | None = None


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


def time_zone_choices() -> list[str]:
    return [*sorted(z for z in _zones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))), "UTC"]


def clean_money(errors: Errors, field: str, label: str, value: str | int | float | None) -> int:
    """The one money rule: '120', '120.5', '$1,200.00' (en-AU) or '1.200,50 €' (de-DE) → whole minor units of the
    clinic's currency. Negative, malformed, finer than the currency's minor unit or over formats.MAX_MINOR (1e309,
    9223372036854775808, inf, nan included): a message at the field."""
    from domain.formats import BadAmount, current

    fmt = current()
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    try:
        amount = fmt.parse_amount(value)
    except BadAmount as exc:
        errors[field] = f"{label}: {exc}"
        return 0
    if amount < 0:
        errors[field] = f"{label} cannot be negative."
        return 0
    if problem := fmt.amount_problem(amount):
        errors[field] = f"{label} must be {problem}."
        return 0
    return fmt.to_minor(amount)


def clean_date(
    errors: Errors,
    field: str,
    value: date | str | None,
    *,
    required: bool = False,
    missing: str = "Give a date.",
    future: str | None = None,
) -> date | None:
    """A date from a date or 'YYYY-MM-DD' (None when empty). An impossible date ('1990-02-29') is refused with
    the reason. `future`: the message when it may not be after today."""
    from domain.dates import BadDate, parse_date

    if isinstance(value, str):
        try:
            value = parse_date(value) if value.strip() else None
        except BadDate as exc:
            errors[field] = str(exc)
            return None
    if value is None and required:
        errors[field] = missing
    elif value is not None and future and value > date.today():
        errors[field] = future
    return value
