"""Calendar subscriptions (seed 002): each portal login has a private iCal feed of its upcoming appointments, its
family records' and those of relatives who granted "See appointments in calendar subscriptions".

The feed's address holds a secret token; only its digest is kept (portal_logins.calendar_token_hash), so the
portal shows the address once, right after it is made, and "Regenerate" replaces it (the old one stops at once).
The feed is computed on every request: a relationship that ends, or a grant taken back, leaves it at the next
refresh. It leaves the clinic for a calendar provider, so by default an event says only "Appointment at <clinic>"
and its time; the clinic's setting `calendar_details` adds the service and practitioner."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy import or_, select

from domain.errors import NotAllowed
from domain.households.access import (
    OWN_RECORD,
    PersonFacts,
    PortalView,
    grants_to,
    portal_actor,
    reach,
    session_household,
)
from domain.tokens import digest, new_token
from storage.accounts import StaffUserRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.households import MemberRow
from storage.online_booking import SETTINGS_ID, OnlineBookingRow
from storage.portal import PortalLoginRow
from storage.scheduling import AppointmentRow, ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork

AHEAD = timedelta(days=366)  # how far ahead the feed lists appointments
SHOWN = ("booked", "arrived")  # cancelled, requested (not yet confirmed), completed and no-shows are left out
PRODID = "-//Hearth//Client Portal calendar//EN"
ALREADY = (
    "You already have a calendar address. For your privacy it is shown only once: if you lost it, choose "
    "Regenerate to get a new one (the old one stops working at once)."
)
STAFF_VIEW = "Calendar subscriptions belong to the client's own login: they cannot be made while staff view the portal."


@dataclass(frozen=True)
class FeedPerson:
    """One person whose appointments the feed holds, and why."""

    person_id: int
    first_name: str
    last_name: str
    why: str  # "You", "Family record", "Relative: allows it"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class CalendarSubscription:
    """What the Calendar subscription page shows: whether an address exists, and whose appointments it lists."""

    has_address: bool
    people: tuple[FeedPerson, ...]
    details: bool  # events name the service and practitioner (the clinic's setting)


YOU, FAMILY, RELATIVE = "You", "Family record", "Relative who allows it"


async def _people(uow: UnitOfWork, own_id: int, login_id: int) -> list[FeedPerson]:
    """Inside the caller's transaction: the login's own record and family records (active, by the one access
    policy's `reach`), then relatives whose live grant to any of them includes `calendar` (active grantors only).
    None at all when the login's own record is not active."""
    persons = (
        (
            await uow.session.execute(
                select(PersonRow).where(or_(PersonRow.id == own_id, PersonRow.primary_person_id == own_id))
            )
        )
        .scalars()
        .all()
    )
    facts = [PersonFacts(p.id, p.first_name, p.last_name, p.status, p.primary_person_id) for p in persons]
    household = reach(login_id, own_id, own_id, facts, [])
    people = [
        FeedPerson(r.person_id, r.first_name, r.last_name, YOU if r.why == OWN_RECORD else FAMILY)
        for r in household.records
    ]
    family = {p.person_id for p in people}
    relatives: dict[int, FeedPerson] = {}
    for g in await grants_to(uow, sorted(family)):
        if "calendar" in g.flags and g.grantor.status == "active" and g.grantor.id not in family:
            relatives[g.grantor.id] = FeedPerson(g.grantor.id, g.grantor.first_name, g.grantor.last_name, RELATIVE)
    return people + sorted(relatives.values(), key=lambda p: (p.first_name, p.last_name, p.person_id))


async def _login(uow: UnitOfWork, who: PortalView, *, lock: bool = False) -> PortalLoginRow:
    """Inside the caller's transaction: the signed-in login (its session re-checked), or NotAllowed."""
    household = await session_household(uow, who.token)
    if household.login_id is None:
        raise NotAllowed(STAFF_VIEW)
    return await uow.get(PortalLoginRow, household.login_id, lock=lock)


async def calendar_subscription(uow: UnitOfWork, *, who: PortalView) -> CalendarSubscription:
    """The Calendar subscription page: whether this login has an address, and whose appointments it lists."""
    async with uow:
        login = await _login(uow, who)
        people = await _people(uow, login.primary_person_id, login.id)
        details = await _details(uow)
        return CalendarSubscription(login.calendar_token_hash is not None, tuple(people), details)


async def _details(uow: UnitOfWork) -> bool:
    settings = await uow.session.get(OnlineBookingRow, SETTINGS_ID)
    return bool(settings and settings.calendar_details)


async def _new_address(uow: UnitOfWork, who: PortalView, ip: str | None, *, replace: bool) -> str:
    async with uow:
        login = await _login(uow, who, lock=True)
        if login.calendar_token_hash is not None and not replace:
            raise NotAllowed(ALREADY)
        token = new_token()
        login.calendar_token_hash = digest(token)
        action = "calendar.regenerated" if replace else "calendar.created"
        summary = (
            "calendar subscription address replaced: the old one no longer works"
            if replace
            else "calendar subscription address made"
        )
        uow.audit(portal_actor(who, ip), action, "person", login.primary_person_id, summary=summary)
        await uow.commit()
    return token


async def calendar_url_token(uow: UnitOfWork, *, who: PortalView, ip: str | None = None) -> str:
    """ "Get my calendar address": makes this login's feed token and returns it (shown once: only its digest is
    kept). A login that has one already is told to regenerate it instead."""
    return await _new_address(uow, who, ip, replace=False)


async def regenerate_calendar(uow: UnitOfWork, *, who: PortalView, ip: str | None = None) -> str:
    """ "Regenerate": a new feed token; the old address stops working at once. Audited."""
    return await _new_address(uow, who, ip, replace=True)


def feed_path(token: str) -> str:
    return f"/calendar/{token}.ics"


async def calendar_feed(
    uow: UnitOfWork, *, token: str, now: datetime | None = None, host: str = "hearth"
) -> bytes | None:
    """The iCal feed behind a token, or None (the route answers 404): an unknown or replaced token, or a login
    whose own record is archived or dismissed. `host` makes the events' UIDs unique beyond this clinic (the
    public address's host name); a UID never changes, so a moved appointment updates in the calendar app."""
    now = now or utcnow()
    if not token or len(token) > 200:
        return None
    async with uow:
        login = (
            await uow.session.execute(select(PortalLoginRow).where(PortalLoginRow.calendar_token_hash == digest(token)))
        ).scalar_one_or_none()
        if login is None:
            return None
        people = await _people(uow, login.primary_person_id, login.id)
        if not people:
            return None
        clinic = await clinic_row(uow.session)
        details = await _details(uow)
        by_id = {p.person_id: p for p in people}
        family = [p.person_id for p in people if p.why != RELATIVE]
        individual = select(ProfileRow.id, ProfileRow.person_id).where(
            ProfileRow.kind == "individual", ProfileRow.person_id.in_(list(by_id))
        )
        joint = (
            select(ProfileRow.id, MemberRow.person_id)
            .join(MemberRow, MemberRow.profile_id == ProfileRow.id)
            .where(ProfileRow.kind == "shared", ProfileRow.archived_at.is_(None), MemberRow.person_id.in_(family))
        )
        whose: dict[int, int] = {}  # profile id → the person the appointment is shown for (own record first)
        for profile_id, person_id in [*(await uow.session.execute(individual)), *(await uow.session.execute(joint))]:
            if profile_id not in whose or by_id[person_id].why == YOU:
                whose[profile_id] = person_id
        rows = (
            await uow.session.execute(
                select(AppointmentRow, ServiceRow.name, StaffUserRow.name)
                .outerjoin(ServiceRow, ServiceRow.id == AppointmentRow.service_id)
                .join(StaffUserRow, StaffUserRow.id == AppointmentRow.practitioner_id)
                .where(
                    AppointmentRow.kind == "client",
                    AppointmentRow.profile_id.in_(list(whose)),
                    AppointmentRow.status.in_(SHOWN),
                    AppointmentRow.ends_at > now,
                    AppointmentRow.starts_at < now + AHEAD,
                )
                .order_by(AppointmentRow.starts_at, AppointmentRow.id)
            )
        ).all()
    tz = ZoneInfo(clinic.time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{clinic.name} appointments")
    calendar.add("x-wr-timezone", clinic.time_zone)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for appointment, service, practitioner in rows:
        person = by_id[whose[appointment.profile_id or 0]]
        event = Event()
        event.add("uid", f"appointment-{appointment.id}@{host}")
        event.add("dtstamp", appointment.updated_at)
        event.add("last-modified", appointment.updated_at)
        event.add("sequence", max(appointment.version - 1, 0))  # each change (a move, a status) raises it
        event.add("dtstart", appointment.starts_at.astimezone(tz))
        event.add("dtend", appointment.ends_at.astimezone(tz))
        event.add(
            "summary", f"Appointment at {clinic.name}" + ("" if person.why == YOU else f" for {person.first_name}")
        )
        if clinic.address:  # where: the clinic's address (Setup > Clinic), never the room or practitioner
            event.add("location", clinic.address)
        if details:
            event.add("description", f"{service or 'Appointment'} with {practitioner}")
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
