"""Typed dates and times: reading what a person typed, and saying exactly what is wrong with it. Pure.

A date field shows a pattern such as "YYYY-MM-DD" or "DD/MM/YYYY" (Quasar's mask tokens, which the date
picker shares). The page turns what was typed into ISO text by the pattern, without judging it; the service
then reads the ISO text here, so an impossible date ("29 February 1990") is refused by the domain, with a
message that says why, and nothing is saved.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, time

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class BadDate(ValueError):
    """What is wrong with a typed date or time, in words for the person who typed it."""


@dataclass(frozen=True)
class DateFormat:
    pattern: str  # "YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY"

    def __post_init__(self) -> None:
        if sorted(re.findall(r"YYYY|MM|DD", self.pattern)) != ["DD", "MM", "YYYY"]:
            raise ValueError(f"a date pattern needs YYYY, MM and DD once each: {self.pattern!r}")

    @property
    def mask(self) -> str:
        """The input mask: every letter a digit ("####-##-##")."""
        return re.sub(r"[YMD]", "#", self.pattern)

    @property
    def order(self) -> list[str]:
        return re.findall(r"YYYY|MM|DD", self.pattern)

    def format(self, day: date | None) -> str:
        if day is None:
            return ""
        parts = {"YYYY": f"{day.year:04d}", "MM": f"{day.month:02d}", "DD": f"{day.day:02d}"}
        return re.sub(r"YYYY|MM|DD", lambda m: parts[m.group(0)], self.pattern)

    def to_iso(self, text: str | None) -> str:
        """'29/02/1990' → '1990-02-29' by the pattern, without checking that the date exists ('' when empty).
        Text that does not fit the pattern is returned as it is, for parse_date to refuse."""
        text = (text or "").strip()
        if not text:
            return ""
        numbers = re.findall(r"\d+", text)
        if len(numbers) != 3:
            return text
        parts = dict(zip(self.order, numbers, strict=True))
        return f"{parts['YYYY']}-{parts['MM']}-{parts['DD']}"


ISO = DateFormat("YYYY-MM-DD")


def parse_date(text: str) -> date:
    """An ISO date ('1990-02-28'), or BadDate saying what is wrong ('There is no 29 February in 1990')."""
    found = re.fullmatch(r"\s*(\d{1,4})-(\d{1,2})-(\d{1,2})\s*", text or "")
    if not found:
        raise BadDate("That is not a whole date: give the day, the month and the year.")
    year, month, day = (int(n) for n in found.groups())
    if len(found.group(1)) != 4 or year < 1:
        raise BadDate("Give the year with four digits, e.g. 1990.")
    if not 1 <= month <= 12:
        raise BadDate(f"There is no month {month}: months go from 1 to 12.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        if month == 2 and day == 29:
            raise BadDate(f"There is no 29 February in {year}: it is not a leap year.")
        raise BadDate(f"There is no {day} {MONTHS[month - 1]}: it has {last} days.")
    return date(year, month, day)


def parse_time(text: str | None, *, hour12: bool = False) -> time:
    """'09:30' or '21.30' (24-hour), '9:30 pm' or '09:30 PM' (12-hour, whatever the clinic's habit), or BadDate
    saying what is wrong (the example follows the clinic's habit: `hour12`)."""
    found = re.fullmatch(r"\s*(\d{1,2})[:.h](\d{2})(?::00)?\s*(?:([AaPp])\.?\s*[Mm]?\.?)?\s*", text or "")
    if not found:
        raise BadDate(f"Give a time such as {'09:30 AM' if hour12 else '09:30'}.")
    hours, minutes, half = int(found.group(1)), int(found.group(2)), (found.group(3) or "").lower()
    typed = (text or "").strip()
    if half:
        if not 1 <= hours <= 12 or minutes > 59:
            raise BadDate(f"There is no {typed}: use 12:00 AM to 11:59 PM.")
        hours = hours % 12 + (12 if half == "p" else 0)
    elif hours > 23 or minutes > 59:
        raise BadDate(f"There is no {typed}: use 00:00 to 23:59.")
    return time(hours, minutes)
