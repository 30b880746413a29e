"""A visitor's booking request from the Bookings Page: checked, rate-limited, and saved as an appointment row
with status 'requested' (or 'booked' when the clinic books requests at once), so the database's no-overlap rule
holds its time against every other booking and request. One transaction: a refused request leaves nothing.

Who the visitor is: a new Prospective Client (or an active client when "Add new clients automatically" is on
and nobody on file matches), never silently an existing client. Existing clients whose email or name match are
recorded on the request for staff to link or keep apart; the visitor is told the same either way. An Invite to
Book link names the client instead, and skips the contact step.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.exc import DBAPIError

from domain import topics
from domain.actor import anonymous
from domain.clients.details import CleanClient, ClientInput, clean_client
from domain.clients.persons import add_person
from domain.errors import DomainError, ValidationFailed
from domain.formats import current
from domain.messaging.outbox import queue_client_email
from domain.phones import region_of
from domain.scheduling import rules
from domain.scheduling.clashes import is_overlap_refusal
from domain.scheduling.online.expiry import expire_due_requests
from domain.scheduling.online.handling import book_request_in
from domain.scheduling.online.invites import OpenInvite, open_invite, read_booking_invite
from domain.scheduling.online.settings import OnlineService, OnlineSettings, list_online_services, settings_row
from domain.scheduling.online.slots import (
    FreeTime,
    Window,
    busy_by_practitioner,
    day_bounds,
    free_times_in,
    nearest,
    on_grid,
)
from domain.scheduling.times import describe, zone_label
from domain.search import search_key
from domain.validation import clean_note
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow
from storage.types import utcnow
from storage.uow import UnitOfWork

PER_IP_PER_HOUR = 10  # several people behind one phone network or office share an address
PER_EMAIL_PER_DAY = 3
MAX_NOTES = 2000
NOT_OFFERED = "That time is not offered online. Choose one of the times shown."
AUDITED_REFUSALS_PER_HOUR = 30  # per address: a robot cannot fill the audit log
_refusals: dict[str, list[datetime]] = {}


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


@dataclass(frozen=True)
class Requested:
    """What the confirmation page says."""

    state: str  # "requested" (waits for the clinic) or "booked"
    service_name: str
    practitioner_name: str
    starts_at: datetime
    ends_at: datetime
    when: str  # in the clinic's time zone
    message: str  # Setup > Online Booking's text (requests) or a booked sentence
    email: str


async def request_booking(uow: UnitOfWork, *, visit: Visit, ip: str | None, now: datetime | None = None) -> Requested:
    """Raises ValidationFailed (field messages), TimeTaken (with the nearest free times), TooManyRequests,
    InvalidLink (a bad Invite to Book link). Refusals that are not typing mistakes are audited."""
    now = now or utcnow()
    if visit.start.tzinfo is None or visit.start != on_grid(visit.start):
        raise await _refused(uow, ip, visit, ValidationFailed({"start": NOT_OFFERED}))
    if visit.website.strip():
        return await _honeypot(uow, visit, ip)
    notes = clean_note(visit.notes)
    if len(notes) > MAX_NOTES:
        raise ValidationFailed({"notes": f"Notes can be at most {MAX_NOTES} characters (these are {len(notes)})."})
    service = next(
        (s for s in await list_online_services(uow.fresh(), offered_only=True) if s.id == visit.service_id), None
    )
    if service is None:
        refusal = ValidationFailed({"service": "That service cannot be booked online. Choose another service."})
        raise await _refused(uow, ip, visit, refusal)
    if visit.practitioner_id is not None and visit.practitioner_id not in service.practitioner_ids:
        refusal = ValidationFailed({"practitioner": f"That practitioner does not offer {service.name} online."})
        raise await _refused(uow, ip, visit, refusal)
    if visit.invite_token:  # a refused link is audited in a transaction of its own, before the request's
        await read_booking_invite(uow.fresh(), token=visit.invite_token, ip=ip)
    attempts = len(service.practitioner_ids) if visit.practitioner_id is None else 1
    for attempt in range(attempts):
        try:
            return await _request(uow.fresh() if attempt else uow, visit, service, notes, ip, now)
        except TimeTaken as exc:
            # "Any practitioner": the first one free was taken meanwhile, but the time may still be free with the
            # next one in the order; try again (a new transaction) before telling the visitor it is gone.
            if attempt + 1 < attempts and any(t.start == visit.start for t in exc.nearest):
                continue
            raise await _refused(uow, ip, visit, exc) from None
        except TooManyRequests as exc:
            raise await _refused(uow, ip, visit, exc) from None
        except ValidationFailed as exc:
            if "start" in exc.errors:  # a time the page never offered: tampering, or a page left open too long
                raise await _refused(uow, ip, visit, exc) from None
            raise
    raise AssertionError("unreachable: the last attempt returns or raises")


async def _request(
    uow: UnitOfWork, visit: Visit, service: OnlineService, notes: str, ip: str | None, now: datetime
) -> Requested:
    async with uow:
        clinic = await clinic_row(uow.session)
        tz = await rules.clinic_zone(uow)
        # Locked: requests queue up here, so the rate limits below count every request before this one.
        settings = OnlineSettings.of(await settings_row(uow, lock=True))
        invite = await open_invite(uow, visit.invite_token, ip, audit=False) if visit.invite_token else None
        contact = None
        if invite is None:
            contact, errors = clean_client(
                ClientInput(
                    visit.first_name, visit.last_name, visit.date_of_birth, visit.email, visit.phone, clinic.time_zone
                ),
                today=now.astimezone(tz).date(),
                region=region_of(clinic.locale),
                email_required=True,
            )
            errors.raise_if_any()
        email = ((contact.email if contact else invite.person.email) or "").lower()  # type: ignore[union-attr]
        await _rate_limit(uow, ip, email, now)
        window = Window.of(settings, now)
        _check_window(window, visit.start, settings, tz)
        chosen = await _chosen(uow, service, visit, window, now, tz)
        await expire_due_requests(uow, now=now, practitioner_id=chosen.practitioner_id, commit=False)
        await rules.practitioner_or_refuse(uow, chosen.practitioner_id, lock=True)
        try:
            person, matches = await _requester(uow, contact, invite, clinic.auto_add_clients)
            profile = (
                await uow.session.execute(select(ProfileRow).where(ProfileRow.person_id == person.id))
            ).scalar_one()
            row = requested_appointment(chosen, profile.id, service.id, service.price_cents, notes)
            uow.session.add(row)
            await uow.session.flush()
        except DBAPIError as exc:
            if not is_overlap_refusal(exc):
                raise
            await uow.rollback()
            raise TimeTaken(_taken(visit.start, tz), await _nearest_now(uow, service, visit, now)) from None
        hold = timedelta(hours=settings.hold_hours) if settings.hold_hours else None
        request = BookingRequestRow(
            appointment_id=row.id,
            booker_person_id=person.id,
            for_person_id=person.id,
            source="invite" if invite else "bookings_page",
            invite_id=invite.row.id if invite else None,
            first_name=contact.first_name if contact else person.first_name,
            last_name=contact.last_name if contact else person.last_name,
            email=email,
            phone=contact.phone if contact else person.phone,
            date_of_birth=contact.date_of_birth if contact else person.date_of_birth,
            notes=notes,
            any_practitioner=visit.practitioner_id is None,
            state="pending",
            expires_at=min(chosen.start, now + hold) if hold else chosen.start,
            match_ids=",".join(str(m) for m in matches),
            match_state="open" if matches else "none",
            ip=ip,
            created_at=now,
        )
        uow.session.add(request)
        if invite:
            invite.row.used_at = now
        await uow.session.flush()
        when = describe(chosen.start, chosen.end, tz, year=True)
        uow.audit(
            anonymous(ip),
            "booking.requested",
            "appointment",
            row.id,
            summary=f"{service.name} with {chosen.practitioner_name}, {when}, "
            f"for {person.first_name} {person.last_name}"
            + (f" ({len(matches)} possible match{'es' if len(matches) > 1 else ''})" if matches else "")
            + (" via Invite to Book" if invite else ""),
        )
        state = "requested"
        if settings.instant:  # matches or not: the visitor must not learn whether someone is on file
            await book_request_in(uow, request, row, now=now)
            state = "booked"
            queue_client_email(  # automated: a prospect gets none (seed 003); the page has said it all
                uow,
                person,
                automated=True,
                subject=f"{clinic.name}: your booking is confirmed",
                body=f"Hello {person.first_name},\n\nYour booking with {clinic.name} is confirmed:\n\n"
                f"{service.name} with {chosen.practitioner_name}\n{when} ({zone_label(tz)})\n",
                record_type="appointment",
                record_id=row.id,
            )
        uow.changed(
            topics.CALENDAR, topics.REQUESTS, topics.PEOPLE, topics.person(person.id), topics.profile(profile.id)
        )
        await uow.commit()
    message = (
        settings.confirmation_text
        if state == "requested"
        else f"Your appointment is booked. {clinic.name} looks forward to seeing you."
    )
    return Requested(state, service.name, chosen.practitioner_name, chosen.start, chosen.end, when, message, email)


async def _chosen(
    uow: UnitOfWork, service: OnlineService, visit: Visit, window: Window, now: datetime, tz: ZoneInfo
) -> FreeTime:
    """The free time asked for, or why not: taken by someone (TimeTaken, with the nearest free times), or never
    offered (outside working hours, a closed day: a field message)."""
    start_of_day, end_of_day = day_bounds(visit.start.astimezone(tz).date(), tz)
    free = await free_times_in(
        uow,
        service=service,
        practitioner_id=visit.practitioner_id,
        start=start_of_day,
        end=end_of_day,
        now=now,
        window=window,
    )
    chosen = next((t for t in free if t.start == visit.start), None)
    if chosen is not None:
        return chosen
    diaries = [visit.practitioner_id] if visit.practitioner_id else list(service.practitioner_ids)
    end = visit.start + timedelta(minutes=service.duration_minutes)
    busy = await busy_by_practitioner(uow, diaries, visit.start, end, now)
    if any(busy.values()):
        raise TimeTaken(_taken(visit.start, tz), nearest(free, visit.start))
    raise ValidationFailed({"start": NOT_OFFERED})


def requested_appointment(
    time: FreeTime, profile_id: int, service_id: int, price_cents: int, notes: str = ""
) -> AppointmentRow:
    """The appointment row of a new request: it holds its time (status 'requested') until staff answer."""
    return AppointmentRow(
        practitioner_id=time.practitioner_id,
        profile_id=profile_id,
        service_id=service_id,
        kind="client",
        title="",
        notes=notes,
        starts_at=time.start,
        ends_at=time.end,
        price_cents=price_cents,
        outside_hours=False,
        status="requested",
        version=1,
    )


def _taken(start: datetime, tz: ZoneInfo) -> str:
    return (
        f"Sorry, {current().time(start.astimezone(tz))} on {current().weekday_date(start.astimezone(tz))} "
        "was just taken. Choose one of the nearest free times, or another day."
    )


async def _nearest_now(uow: UnitOfWork, service: OnlineService, visit: Visit, now: datetime) -> list[FreeTime]:
    async with uow.fresh() as fresh:
        tz = await rules.clinic_zone(fresh)
        window = Window.of(OnlineSettings.of(await settings_row(fresh)), now)
        a, z = day_bounds(visit.start.astimezone(tz).date(), tz)
        free = await free_times_in(
            fresh, service=service, practitioner_id=visit.practitioner_id, start=a, end=z, now=now, window=window
        )
    return nearest(free, visit.start)


def _check_window(window: Window, start: datetime, settings: OnlineSettings, tz: ZoneInfo) -> None:
    if start < window.earliest:
        hours = settings.min_notice_minutes / 60
        ahead = f"{hours:g} hours" if hours >= 1 else f"{settings.min_notice_minutes} minutes"
        raise ValidationFailed(
            {"start": f"That time is too soon to book online: book at least {ahead} ahead, or call the clinic."}
        )
    if start > window.latest:
        raise ValidationFailed(
            {
                "start": f"Bookings open {settings.max_advance_days} days ahead: choose a day up to "
                f"{current().date(window.latest.astimezone(tz))}."
            }
        )


async def _rate_limit(uow: UnitOfWork, ip: str | None, email: str, now: datetime) -> None:
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


async def _requester(
    uow: UnitOfWork, contact: CleanClient | None, invite: OpenInvite | None, auto_add: bool
) -> tuple[PersonRow, list[int]]:
    """The person the request is for, and the existing clients who may be them (never linked silently)."""
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


async def _honeypot(uow: UnitOfWork, visit: Visit, ip: str | None) -> Requested:
    """A robot filled in the hidden field: nothing is booked, the attempt is logged, and the robot is told
    nothing different."""
    await _refused(uow, ip, visit, DomainError("honeypot field filled in"))
    return Requested("requested", "", "", visit.start, visit.start, "", "", visit.email)


async def _refused(uow: UnitOfWork, ip: str | None, visit: Visit, refusal: DomainError) -> DomainError:
    """Logs a refused request (not a typing mistake) in a transaction of its own, at most
    AUDITED_REFUSALS_PER_HOUR per address; returns the refusal for the caller to raise."""
    now = utcnow()
    recent = [t for t in _refusals.get(ip or "", []) if now - t < timedelta(hours=1)]
    if len(recent) < AUDITED_REFUSALS_PER_HOUR:
        recent.append(now)
        async with uow.fresh() as fresh:
            fresh.audit(
                anonymous(ip),
                "booking.refused",
                "service",
                visit.service_id,
                summary=f"{refusal.message} (asked for {visit.start.isoformat()}, {visit.email or 'invite'})"[:500],
            )
            await fresh.commit()
    _refusals[ip or ""] = recent
    return refusal
