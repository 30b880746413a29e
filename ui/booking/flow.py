"""What a visitor has chosen so far on the Bookings Page, and how its days and times read: in the clinic's time
zone, with the visitor's own time beside it when their browser's zone differs."""

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from domain.billing.money import label as money
from domain.clinic.settings import ClinicView
from domain.formats import current
from domain.households.access import PortalView
from domain.scheduling.online.invites import InvitedClient
from domain.scheduling.online.settings import OnlineService, OnlineSettings
from domain.scheduling.online.slots import FreeTime
from domain.scheduling.times import city, clock, describe
from domain.validation import is_time_zone

ANY = "Any practitioner"
ZONE_SCRIPT = "Intl.DateTimeFormat().resolvedOptions().timeZone"  # constant: no user data in it


def now() -> datetime:
    return datetime.now(UTC)


def slug(name: str) -> str:
    """A marker for tests from a name: 'Initial consultation' → 'initial-consultation'."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")


def visitor_zone(answer: object, clinic: ZoneInfo) -> ZoneInfo | None:
    """The browser's time zone when it is a real one other than the clinic's (anything else: None)."""
    if not isinstance(answer, str) or len(answer) > 64 or not is_time_zone(answer):
        return None
    zone = ZoneInfo(answer)
    return None if zone.key == clinic.key else zone


PAID_WHEN_BOOKING = "Paid when you book"


def service_details(service: OnlineService) -> str:
    """'50 min · $120.00'; a prepaid service: what is paid ('50 min · $132.00 · Paid when you book')."""
    if service.prepaid:
        return f"{service.duration_minutes} min · {money(service.pay_cents)} · {PAID_WHEN_BOOKING}"
    return f"{service.duration_minutes} min · {money(service.price_cents)}"


@dataclass
class Flow:
    clinic: ClinicView
    settings: OnlineSettings
    services: list[OnlineService]
    names: dict[int, str]  # practitioner id → name
    ip: str | None
    invited: InvitedClient | None = None
    token: str | None = None  # the Invite to Book link's
    portal: PortalView | None = None  # booking in the Client Portal (for its current profile)
    profile_id: int | None = None  # the portal: a shared profile chosen in "Who is this for?" (None: the profile)
    service: OnlineService | None = None
    practitioner_id: int | None = None  # None: "Any practitioner"
    time: FreeTime | None = None
    week: date | None = None  # the first day of the week strip shown
    day: date | None = None
    visitor: ZoneInfo | None = None  # the browser's zone, when it differs from the clinic's
    # The portal: the login's other records it may book for (family records, relatives who granted Manage Bookings),
    # offered after a booking so a family member books them one after another; and how to switch to one.
    others: list[tuple[int, str]] = field(default_factory=list)
    book_for: Callable[[int, str], Awaitable[None]] | None = None

    @property
    def start_path(self) -> str:
        """Where "Book another appointment" leads: the Bookings Page, or the portal's Book."""
        return "/portal/book" if self.portal else "/book"

    @property
    def tz(self) -> ZoneInfo:
        return self.clinic.zone

    @property
    def city(self) -> str:
        return city(self.tz)

    def today(self) -> date:
        return now().astimezone(self.tz).date()

    def last_day(self) -> date:
        """The last day one may book (how far ahead Setup allows)."""
        return (now() + timedelta(days=self.settings.max_advance_days)).astimezone(self.tz).date()

    @property
    def practitioner_label(self) -> str:
        return ANY if self.practitioner_id is None else self.names.get(self.practitioner_id, "")

    def clock(self, moment: datetime) -> str:
        """'10:00 am' in the clinic's zone."""
        return clock(moment, self.tz)

    def their_time(self, moment: datetime) -> str:
        """'8:00 pm your time' ('Sun 11:00 pm your time' on another day); '' when the visitor's clock reads the
        same as the clinic's."""
        if self.visitor is None:
            return ""
        theirs, ours = moment.astimezone(self.visitor), moment.astimezone(self.tz)
        if theirs.utcoffset() == ours.utcoffset():
            return ""
        day = "" if theirs.date() == ours.date() else current().weekday_name(theirs.weekday(), "abbreviated") + " "
        return f"{day}{current().time(theirs)} your time"

    def when(self, start: datetime, end: datetime) -> str:
        """'Tue, 4 Mar 2031, 10:00 – 11:00 am (Sydney time)', with the visitor's own time when it differs."""
        theirs = self.their_time(start)
        return f"{describe(start, end, self.tz, year=True)} ({self.city} time" + (f"; {theirs})" if theirs else ")")

    def day_label(self, day: date) -> str:
        return current().weekday_day(day)

    def choose_service(self, service: OnlineService) -> None:
        if service != self.service:
            self.service, self.time, self.day, self.week = service, None, None, None
            if self.practitioner_id not in service.practitioner_ids:
                self.practitioner_id = None

    def choose_practitioner(self, practitioner_id: int | None) -> None:
        if practitioner_id != self.practitioner_id:
            self.practitioner_id, self.time = practitioner_id, None

    def choose_time(self, time: FreeTime) -> None:
        self.time, self.day = time, time.start.astimezone(self.tz).date()
