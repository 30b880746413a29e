"""The clinic's locale and currency: every amount, date and time a person reads is written here, through Babel,
and every amount typed is read here. Pure.

One installation serves one clinic, so its formats are process-wide: `current()` is the clinic's, refreshed
whenever the clinic's settings are read or saved (domain/clinic/settings.py); `using(...)` overrides them for a
block (a test, a preview). Years always have four digits, even where the locale's short pattern has two.
"""

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, cached_property
from typing import Literal

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time, get_date_format, get_time_format
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_currency_name,
    get_currency_precision,
    get_currency_symbol,
    get_group_symbol,
    get_territory_currencies,
    parse_decimal,
)

from domain.dates import DateFormat

DEFAULT_LOCALE = "en-AU"
DEFAULT_CURRENCY = "AUD"
# The locales a clinic may choose: each one's short date pattern reads as day, month and year in numbers (tested),
# and Quasar has a language pack for it (QUASAR_LANGUAGE), so the pickers speak the same language as the pages.
QUASAR_LANGUAGE = {
    "en-AU": "en-GB",
    "en-NZ": "en-GB",
    "en-GB": "en-GB",
    "en-IE": "en-GB",
    "en-US": "en-US",
    "en-CA": "en-US",
    "de-DE": "de-DE",
    "de-AT": "de",
    "de-CH": "de-CH",
    "nb-NO": "nb-NO",
    "da-DK": "da",
    "sv-SE": "sv",
    "fi-FI": "fi",
    "nl-NL": "nl",
    "fr-FR": "fr",
    "fr-CA": "fr",
    "es-ES": "es",
    "it-IT": "it",
}
LOCALES = tuple(QUASAR_LANGUAGE)
# Amounts are stored as whole minor units in 32-bit integer columns: at most 100,000,000 of them (1,000,000.00 of a
# two-decimal currency), far below 2,147,483,647. Currencies with more than three decimals would leave too little.
MAX_MINOR = 100_000_000
MAX_DIGITS = 3
SPACES = re.compile(r"[\s\u00a0\u202f\u2009']+")


class BadAmount(ValueError):
    """What is wrong with a typed amount, in words for the person who typed it."""


@dataclass(frozen=True)
class Formats:
    locale: str = DEFAULT_LOCALE  # BCP 47, as chosen in Setup ("de-DE")
    currency: str = DEFAULT_CURRENCY  # ISO 4217

    @cached_property
    def babel(self) -> Locale:
        return Locale.parse(self.locale, sep="-")

    @property
    def region(self) -> str:
        """The locale's country ("AU"): the region of phone numbers typed without a country code."""
        return self.babel.territory or "AU"

    @property
    def quasar_language(self) -> str:
        return QUASAR_LANGUAGE.get(self.locale, "en-GB")

    # --- money -------------------------------------------------------------------------------------------------

    @property
    def digits(self) -> int:
        """The currency's minor units: 2 for most, 0 for JPY, 3 for KWD."""
        return get_currency_precision(self.currency)

    @property
    def symbol(self) -> str:
        return get_currency_symbol(self.currency, locale=self.babel)

    @property
    def symbol_after(self) -> bool:
        """'12,50 €' (de-DE) rather than '€12.50': where an amount field shows its currency sign."""
        return self.money(0)[0].isdigit()

    def to_minor(self, amount: Decimal) -> int:
        return int(amount.scaleb(self.digits).to_integral_value(rounding="ROUND_HALF_UP"))

    def from_minor(self, minor: int) -> Decimal:
        return Decimal(minor).scaleb(-self.digits)

    def money(self, minor: int | None) -> str:
        """'$1,234.50' (en-AU, AUD), '1.234,50 €' (de-DE, EUR); '' for None."""
        if minor is None:
            return ""
        return format_currency(self.from_minor(minor), self.currency, locale=self.babel)

    def amount(self, minor: int | None) -> str:
        """The number alone, as a person would type it back ('1234.50', '1234,50'): for an input's value."""
        if minor is None:
            return ""
        pattern = "0" + ("." + "0" * self.digits if self.digits else "")
        return format_decimal(self.from_minor(minor), format=pattern, locale=self.babel)

    def parse_number(self, text: str | int | float | Decimal | None) -> Decimal:
        """'1,5' in de-DE, '1.5' or '1,234.5' in en-AU → Decimal; BadAmount otherwise (never inf or nan)."""
        if isinstance(text, Decimal | int | float):
            number = Decimal(str(text))
            if not number.is_finite():
                raise BadAmount("Give a number.")
            return number
        raw = (text or "").strip()
        if SPACES.fullmatch(get_group_symbol(self.babel).replace("’", "'")):
            raw = SPACES.sub("", raw.replace("’", "'"))  # '1 234,50' typed with a plain space, "1'234.50"
        try:
            if not re.fullmatch(r"-?[\d.,]+", raw):
                raise NumberFormatError(raw)
            return parse_decimal(raw, locale=self.babel, strict=True)
        except (NumberFormatError, InvalidOperation):
            raise BadAmount("Give a number.") from None

    def parse_amount(self, text: str | int | float | Decimal | None) -> Decimal:
        """'12,50' in de-DE, '12.50' or '$1,234.50' in en-AU → Decimal; BadAmount saying how to write it."""
        if isinstance(text, str):
            text = text.replace(self.symbol, "").replace(self.currency, "")
        try:
            return self.parse_number(text)
        except BadAmount:
            raise BadAmount(f"Give an amount such as {self.amount(self.to_minor(Decimal('12.5')))}.") from None

    def amount_problem(self, amount: Decimal) -> str | None:
        """Why an amount cannot be stored: more than MAX_MINOR, or finer than the currency's minor unit."""
        if abs(amount) > self.from_minor(MAX_MINOR):
            return f"at most {self.money(MAX_MINOR)}"
        if amount != amount.quantize(Decimal(1).scaleb(-self.digits)):
            return "in whole cents" if self.digits == 2 else f"with at most {self.digits} decimals"
        return None

    # --- dates and times ---------------------------------------------------------------------------------------

    def date(self, day: dt.date | dt.datetime | None) -> str:
        """'24 Nov 2026' (en-AU), 'Nov 24, 2026' (en-US), '24.11.2026' (de-DE), '24. nov. 2026' (nb-NO)."""
        return "" if day is None else format_date(day, _four_digit_year(self.babel, "medium"), locale=self.babel)

    def long_date(self, day: dt.date | dt.datetime) -> str:
        """'24 November 2026'."""
        return format_date(day, _four_digit_year(self.babel, "long"), locale=self.babel)

    def weekday_date(self, day: dt.date | dt.datetime) -> str:
        """'Tue 24 Nov 2026' (en-AU), 'Tue, Nov 24, 2026' (en-US), 'Di., 24. Nov. 2026' (de-DE)."""
        return format_skeleton("yMMMEd", day, locale=self.babel)

    def weekday_day(self, day: dt.date | dt.datetime) -> str:
        """'Tue 24 Nov' (en-AU): a date within the weeks shown, without the year."""
        return format_skeleton("MMMEd", day, locale=self.babel)

    def weekday_name(self, weekday: int, width: str = "wide") -> str:
        """Monday is 0 ('Monday', 'Montag'); width 'abbreviated' gives 'Mon'."""
        return self.babel.days["format"][width][weekday]

    @property
    def hour12(self) -> bool:
        return "a" in get_time_format("short", self.babel).pattern

    def time(self, moment: dt.time | dt.datetime | None) -> str:
        """'9:30 am' (en-AU), '09:30' (de-DE): 24-hour or not as the locale writes times."""
        return "" if moment is None else format_time(moment, "short", locale=self.babel)

    def time_range(self, start: dt.time | dt.datetime, end: dt.time | dt.datetime) -> str:
        """'10:00 – 11:00 am' (en-AU), '10:00–11:00 Uhr' (de-DE): two times of one day, as the locale joins them."""
        return format_interval(start, end, "hm" if self.hour12 else "Hm", locale=self.babel)

    def datetime(self, moment: dt.datetime | None) -> str:
        """'24 Nov 2026, 9:30 am': the moment's own wall time (convert to the clinic's zone first)."""
        if moment is None:
            return ""
        return f"{self.date(moment)}, {self.time(moment)}"

    def timestamp(self, moment: dt.datetime) -> str:
        """With seconds, for the audit log: '24 Nov 2026, 9:30:05 am'."""
        return f"{self.date(moment)}, {format_time(moment, 'medium', locale=self.babel)}"

    def number(self, value: Decimal) -> str:
        """A plain number as a person types it back ('7.5', '7,5'), without grouping: for an input's value."""
        return format_decimal(value, format="0.###", locale=self.babel)

    @property
    def date_input(self) -> DateFormat:
        """The typed-date pattern in Quasar's tokens ('DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY')."""
        return quasar_date_pattern(self.locale)

    @property
    def time_input(self) -> str:
        """The typed-time pattern in Quasar's tokens: 'HH:mm', or 'hh:mm A' where the locale counts 12 hours."""
        return "hh:mm A" if self.hour12 else "HH:mm"

    def time_value(self, moment: dt.time | dt.datetime | None) -> str:
        """A time as a time input shows it ('09:30 PM', '21:30')."""
        if moment is None:
            return ""
        return moment.strftime("%I:%M %p") if self.hour12 else f"{moment:%H:%M}"


def _four_digit_year(locale: Locale, width: Literal["full", "long", "medium", "short"]) -> str:
    pattern = get_date_format(width, locale).pattern
    return re.sub(r"(?<!')y+(?!')", "y", pattern)


@cache
def quasar_date_pattern(locale: str) -> DateFormat:
    """Babel's short date pattern ('d/M/yy', 'dd.MM.y', 'y-MM-dd') in Quasar's mask tokens ('DD/MM/YYYY'): the one
    place the two notations meet. Days and months are always two digits and the year four, so the input mask is
    fixed-width; a pattern with anything but numbers and separators falls back to ISO."""
    pattern = get_date_format("short", Locale.parse(locale, sep="-")).pattern
    quasar = re.sub(r"y+", "YYYY", re.sub(r"M+", "MM", re.sub(r"d+", "DD", pattern)))
    if not re.fullmatch(r"(YYYY|MM|DD)[./-](YYYY|MM|DD)[./-](YYYY|MM|DD)", quasar):
        return DateFormat("YYYY-MM-DD")
    return DateFormat(quasar)


@cache
def currencies() -> dict[str, str]:
    """Every currency some country uses today, by code, with its English name (Setup's list)."""
    today = dt.date(2026, 1, 1)  # fixed: CLDR's data, not the clock, decides what is current
    codes = {
        code
        for territory in map(str, Locale("en").territories)
        for code in get_territory_currencies(territory, start_date=today, tender=True)
    }
    return {code: f"{code} – {get_currency_name(code, locale='en')}" for code in sorted(codes)}


def currency_problem(code: str) -> str | None:
    """Why a currency cannot be chosen, or None."""
    if code not in currencies():
        return "Choose a currency from the list."
    if get_currency_precision(code) > MAX_DIGITS:
        return (
            f"{code} counts {get_currency_precision(code)} decimal places; Hearth keeps amounts to {MAX_DIGITS} at "
            "most, so it cannot hold them exactly."
        )
    return None


def locale_names() -> dict[str, str]:
    """The locales a clinic may choose, by tag, with their names in English ('de-DE': 'German (Germany)')."""
    return {tag: Locale.parse(tag, sep="-").get_display_name("en") or tag for tag in LOCALES}


_clinic = Formats()
_override: ContextVar[Formats | None] = ContextVar("formats", default=None)


def current() -> Formats:
    """The formats in force: an override for this block, else the clinic's."""
    return _override.get() or _clinic


def set_clinic(formats: Formats) -> None:
    """The clinic's settings were read or saved: pages, documents and emails use these from now on."""
    global _clinic
    if formats != _clinic:  # unchanged settings keep the object, and with it its parsed Babel locale
        _clinic = formats


@contextmanager
def using(formats: Formats) -> Iterator[Formats]:
    token = _override.set(formats)
    try:
        yield formats
    finally:
        _override.reset(token)
