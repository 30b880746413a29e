"""Who asks on the Bookings Page, and how often: what the page sends (Visit) and is told (Requested), the refusals
a visitor may meet (a time taken meanwhile, too many requests), the rate limits, and the person a request is for: a
new Prospective Client (or an active client when "Add new clients automatically" is on), never silently an existing
client; existing clients whose email or name match are recorded for staff to link or keep apart."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select

from domain.clients.details import CleanClient
from domain.clients.persons import add_person
from domain.errors import DomainError
from domain.households.access import PortalView
from domain.scheduling.online.invites import OpenInvite
from domain.scheduling.online.slots import FreeTime
from domain.search import search_key
from storage.clients import PersonRow
from storage.online_booking import BookingRequestRow
from storage.uow import UnitOfWork

PER_IP_PER_HOUR = 10  # several people behind one phone network or office share an address
PER_EMAIL_PER_DAY = 3


class TimeTaken(DomainError):
    """The time shown free was taken meanwhile: `nearest` are the closest free times now."""

    def __init__(self, message: str, nearest: list[FreeTime]) -> None:
        super().__init__(message)
        self.nearest = nearest


class TooManyRequests(DomainError):
    pass


@dataclass(frozen=True)
class Visit:
    """What the Bookings Page sends. `start` is the free time chosen (aware); `practitioner_id` None is "Any
    practitioner". `website` is the honeypot: people never see it, robots fill it in."""

    service_id: int
    practitioner_id: int | None
    start: datetime
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    date_of_birth: date | str | None = None
    notes: str = ""
    website: str = ""
    invite_token: str | None = None
    portal: PortalView | None = None  # booking from the Client Portal: for its current profile, no contact step
    profile_id: int | None = None  # the portal only: a shared profile its current profile books for (portal_for.py)
    # "I'm booking for a family member": the request is for them; the contact fields are the booker's own
    for_family: bool = False
    family_first_name: str = ""
    family_last_name: str = ""


@dataclass(frozen=True)
class Requested:
    """What the confirmation page says."""

    state: str  # "requested" (waits for the clinic) or "booked" ("awaiting_payment": a prepaid one, not yet paid)
    service_name: str
    practitioner_name: str
    starts_at: datetime
    ends_at: datetime
    when: str  # in the clinic's time zone
    message: str  # Setup > Online Booking's text (requests) or a booked sentence
    email: str


async def rate_limit(uow: UnitOfWork, ip: str | None, email: str, now: datetime) -> None:
    if ip:
        by_ip = (
            await uow.session.execute(
                select(func.count())
                .select_from(BookingRequestRow)
                .where(BookingRequestRow.ip == ip, BookingRequestRow.created_at > now - timedelta(hours=1))
            )
        ).scalar_one()
        if by_ip >= PER_IP_PER_HOUR:
            raise TooManyRequests(
                "Too many booking requests from this connection in the last hour. Try again later, or call the clinic."
            )
    by_email = (
        await uow.session.execute(
            select(func.count())
            .select_from(BookingRequestRow)
            .where(BookingRequestRow.email == email, BookingRequestRow.created_at > now - timedelta(days=1))
        )
    ).scalar_one()
    if by_email >= PER_EMAIL_PER_DAY:
        raise TooManyRequests(
            "This email address has reached today's limit of booking requests. The clinic will be in touch; "
            "to change a request, call the clinic."
        )


async def requester(
    uow: UnitOfWork, contact: CleanClient | None, invite: OpenInvite | None, auto_add: bool, portal: PersonRow | None
) -> tuple[PersonRow, list[int]]:
    """The person the request is for, and the existing clients who may be them (never linked silently)."""
    if portal is not None:
        return portal, []
    if invite is not None:
        return invite.person, []
    assert contact is not None  # no invite: the contact step was filled in
    matches = await possible_matches(uow, contact.first_name, contact.last_name, contact.email)
    person, _profile = await add_person(
        uow,
        first_name=contact.first_name,
        last_name=contact.last_name,
        email=contact.email,
        phone=contact.phone,
        date_of_birth=contact.date_of_birth,
        time_zone=contact.time_zone,
        status="active" if auto_add else "prospective",  # the same whether or not someone matches
    )
    person.source = "booking_request"
    return person, matches


async def possible_matches(uow: UnitOfWork, first: str, last: str, email: str | None) -> list[int]:
    """Active clients and prospects with the same email, or the same name (every script folded), at most 5."""
    name = search_key(first, last)
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = (
        await uow.session.execute(
            select(PersonRow)
            .where(
                PersonRow.status.in_(("active", "prospective")),
                or_(
                    func.lower(PersonRow.email) == (email or "").lower(),
                    PersonRow.search_text.like(escaped + "%", escape="\\"),
                ),
            )
            .order_by(PersonRow.status, PersonRow.id)
            .limit(50)
        )
    ).scalars()
    found = [
        p.id
        for p in rows
        if (email and (p.email or "").lower() == email.lower()) or search_key(p.first_name, p.last_name) == name
    ]
    return found[:5]
