"""Staff handle booking requests: the Requests list (and its count in the menu), Confirm (the request becomes an
appointment and the client is emailed), Decline (with a reason, emailed), and possible matches (link the request
to an existing client, or keep the new record). Every decision is one transaction and one audit entry."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.preferred import use_preferred_pack
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.formats import current
from domain.messaging.outbox import queue_email
from domain.phones import phone_label
from domain.scheduling import rules
from domain.scheduling.reminders import schedule_reminders
from domain.scheduling.times import describe, zone_label
from domain.validation import clean_line
from storage.accounts import StaffUserRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow, ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork

STATE_LABELS = {"pending": "Pending", "confirmed": "Confirmed", "declined": "Declined", "expired": "Expired"}


@dataclass(frozen=True)
class Match:
    person_id: int
    name: str
    email: str
    status: str  # active or prospective
    why: str  # "same email", "same name", "same email and name"

    @property
    def label(self) -> str:
        kind = "prospective client" if self.status == "prospective" else "client"
        return f"{self.name} ({kind}, {self.why}{', ' + self.email if self.email else ''})"


@dataclass(frozen=True)
class RequestView:
    id: int
    appointment_id: int
    state: str
    source: str  # bookings_page or invite
    service_name: str
    practitioner_name: str
    any_practitioner: bool
    starts_at: datetime
    ends_at: datetime
    when: str  # in the clinic's zone
    person_id: int  # who it is for
    person_name: str
    person_status: str  # prospective, active…
    booker_person_id: int
    first_name: str  # the contact details as typed
    last_name: str
    email: str
    phone: str
    date_of_birth: date | None
    notes: str
    created_at: datetime
    expires_at: datetime
    match_state: str
    matches: tuple[Match, ...]
    decline_reason: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def needs_match(self) -> bool:
        return self.state == "pending" and self.match_state == "open"

    @property
    def contact_line(self) -> str:
        parts = [self.email, phone_label(self.phone) if self.phone else ""]
        if self.date_of_birth:
            parts.append(f"born {current().date(self.date_of_birth)}")
        return " · ".join(p for p in parts if p)


async def _views(uow: UnitOfWork, where: list, limit: int = 200, *, newest_first: bool = False) -> list[RequestView]:
    person = aliased(PersonRow)
    rows = (
        await uow.session.execute(
            select(BookingRequestRow, AppointmentRow, ServiceRow.name, StaffUserRow.name, person)
            .join(AppointmentRow, AppointmentRow.id == BookingRequestRow.appointment_id)
            .join(StaffUserRow, StaffUserRow.id == AppointmentRow.practitioner_id)
            .outerjoin(ServiceRow, ServiceRow.id == AppointmentRow.service_id)
            .join(person, person.id == BookingRequestRow.for_person_id)
            .where(*where)
            .order_by(
                *((BookingRequestRow.id.desc(),) if newest_first else (AppointmentRow.starts_at, BookingRequestRow.id))
            )
            .limit(limit)
        )
    ).all()
    wanted = {int(i) for r in rows for i in r[0].match_ids.split(",") if i}
    people = (
        {p.id: p for p in (await uow.session.execute(select(PersonRow).where(PersonRow.id.in_(wanted)))).scalars()}
        if wanted
        else {}
    )
    tz = await rules.clinic_zone(uow)
    return [_view(r, a, service, practitioner, p, people, tz) for r, a, service, practitioner, p in rows]


def _view(
    r: BookingRequestRow,
    a: AppointmentRow,
    service: str | None,
    practitioner: str,
    p: PersonRow,
    people: dict[int, PersonRow],
    tz: ZoneInfo,
) -> RequestView:
    matches = []
    for i in (int(x) for x in r.match_ids.split(",") if x):
        m = people.get(i)
        if m is None:
            continue
        same_email = (m.email or "").lower() == r.email
        same_name = (m.first_name.casefold(), m.last_name.casefold()) == (
            r.first_name.casefold(),
            r.last_name.casefold(),
        )
        why = "same email and name" if same_email and same_name else "same email" if same_email else "same name"
        matches.append(Match(m.id, f"{m.first_name} {m.last_name}", m.email or "", m.status, why))
    return RequestView(
        r.id,
        a.id,
        r.state,
        r.source,
        service or "",
        practitioner,
        r.any_practitioner,
        a.starts_at,
        a.ends_at,
        describe(a.starts_at, a.ends_at, tz),
        p.id,
        f"{p.first_name} {p.last_name}",
        p.status,
        r.booker_person_id,
        r.first_name,
        r.last_name,
        r.email,
        r.phone or "",
        r.date_of_birth,
        r.notes,
        r.created_at,
        r.expires_at,
        r.match_state,
        tuple(matches),
        r.decline_reason or "",
    )


async def list_requests(uow: UnitOfWork, *, actor: Actor, state: str = "pending") -> list[RequestView]:
    """The Requests list: pending ones soonest first (a request whose hold has ended is left out: the scheduler
    expires it within a minute, then it is listed as expired); the others newest first. Only reads."""
    require(actor, "calendar")
    async with uow:
        if state == "pending":
            return await _views(uow, [BookingRequestRow.state == "pending", BookingRequestRow.expires_at > utcnow()])
        where = [BookingRequestRow.state == state] if state in STATE_LABELS else []
        return await _views(uow, where, newest_first=True)


async def pending_request_count(uow: UnitOfWork, *, actor: Actor) -> int:
    require(actor, "calendar")
    async with uow:
        return (
            await uow.session.execute(
                select(func.count())
                .select_from(BookingRequestRow)
                .where(BookingRequestRow.state == "pending", BookingRequestRow.expires_at > utcnow())
            )
        ).scalar_one()


async def person_requests(uow: UnitOfWork, *, actor: Actor, person_id: int) -> list[RequestView]:
    """Bookings & Packages: the client's pending requests (made for them or by them)."""
    require(actor, "people.read")
    async with uow:
        return await _views(
            uow,
            [
                BookingRequestRow.state == "pending",
                BookingRequestRow.expires_at > utcnow(),
                (BookingRequestRow.for_person_id == person_id) | (BookingRequestRow.booker_person_id == person_id),
            ],
        )


async def appointment_request(uow: UnitOfWork, *, actor: Actor, appointment_id: int) -> RequestView | None:
    """The request behind an appointment (the calendar's panel), if it came from the Bookings Page."""
    require(actor, "calendar")
    async with uow:
        found = await _views(uow, [BookingRequestRow.appointment_id == appointment_id], limit=1)
        return found[0] if found else None


async def _pending(uow: UnitOfWork, request_id: int, now: datetime) -> tuple[BookingRequestRow, AppointmentRow]:
    request = await uow.session.get(BookingRequestRow, request_id, with_for_update=True)
    if request is None:
        raise NotFound("That booking request no longer exists.")
    appointment = await uow.get(AppointmentRow, request.appointment_id, lock=True)
    if request.state == "pending" and request.expires_at <= now:
        tz = await rules.clinic_zone(uow)
        raise NotAllowed(
            f"This request expired at {current().datetime(request.expires_at.astimezone(tz))} "
            "without being confirmed; its time is free again. Book it from the calendar if it is still wanted."
        )
    if request.state != "pending":
        raise NotAllowed(f"This request was already {STATE_LABELS[request.state].lower()}. The list now shows it.")
    return request, appointment


async def _matchable(uow: UnitOfWork, request_id: int) -> tuple[BookingRequestRow, AppointmentRow]:
    """A request whose possible match is still open: pending, or booked at once (Setup: book requests at once)."""
    request = await uow.session.get(BookingRequestRow, request_id, with_for_update=True)
    if request is None:
        raise NotFound("That booking request no longer exists.")
    appointment = await uow.get(AppointmentRow, request.appointment_id, lock=True)
    if (
        request.match_state != "open"
        or request.state not in ("pending", "confirmed")
        or appointment.status == "cancelled"
    ):
        raise NotAllowed("This request has no open match any more. The list now shows it.")
    return request, appointment


async def book_request_in(
    uow: UnitOfWork, request: BookingRequestRow, appointment: AppointmentRow, *, now: datetime
) -> str:
    """Inside the caller's transaction: the request becomes a booked appointment (reminders, the client's
    preferred pack). Returns what staff should be told about the pack ("" if nothing)."""
    appointment.status, appointment.version, appointment.updated_at = "booked", appointment.version + 1, now
    request.state, request.handled_at = "confirmed", now
    await uow.session.flush()
    await schedule_reminders(uow, appointment, now=now)
    profile = await uow.get(ProfileRow, appointment.profile_id)
    return (
        await use_preferred_pack(uow, appointment, profile.preferred_template_id)
        if profile.preferred_template_id
        else ""
    )


async def confirm_request(uow: UnitOfWork, *, actor: Actor, request_id: int, now: datetime | None = None) -> str:
    """Confirm: the appointment is booked and the client emailed. Returns what to tell staff."""
    require(actor, "calendar")
    now = now or utcnow()
    async with uow:
        request, appointment = await _pending(uow, request_id, now)
        if request.match_state == "open":
            raise ValidationFailed(
                {"match": "First choose whether this is an existing client (Link) or a new one (Keep as new)."}
            )
        remark = await book_request_in(uow, request, appointment, now=now)
        request.handled_by = actor.user_id
        when, clinic_name = await _when_and_clinic(uow, appointment)
        service = await uow.session.get(ServiceRow, appointment.service_id) if appointment.service_id else None
        practitioner = await uow.get(StaffUserRow, appointment.practitioner_id)
        what = f"{service.name if service else 'Your appointment'} with {practitioner.name}"
        _answer(
            uow,
            actor,
            "booking.confirmed",
            request,
            appointment,
            subject=f"{clinic_name}: your booking is confirmed",
            body=f"{clinic_name} has confirmed your booking:\n\n{what}\n{when}\n\n"
            "If you cannot come, please let the clinic know.\n",
            summary=f"{what}, {when}",
        )
        await uow.commit()
    return f"Confirmed: {what}, {when}. {request.first_name} was emailed." + (f" {remark}" if remark else "")


async def decline_request(
    uow: UnitOfWork, *, actor: Actor, request_id: int, reason: str, now: datetime | None = None
) -> str:
    """Decline with a reason (required, emailed to the requester); the time is free again."""
    require(actor, "calendar")
    reason = clean_line(reason, max_length=300)
    if not reason:
        raise ValidationFailed(
            {"reason": "Give a reason; it is emailed to the person who asked (e.g. “Fully booked that day”)."}
        )
    now = now or utcnow()
    async with uow:
        request, appointment = await _pending(uow, request_id, now)
        request.state, request.handled_at, request.handled_by, request.decline_reason = (
            "declined",
            now,
            actor.user_id,
            reason,
        )
        appointment.status, appointment.cancel_reason = "cancelled", f"Request declined: {reason}"[:300]
        appointment.version, appointment.updated_at = appointment.version + 1, now
        await uow.session.flush()
        await schedule_reminders(uow, appointment, now=now)
        when, clinic_name = await _when_and_clinic(uow, appointment)
        _answer(
            uow,
            actor,
            "booking.declined",
            request,
            appointment,
            subject=f"{clinic_name}: we cannot accept your booking request",
            body=f"Sorry, {clinic_name} cannot accept your request for {when}.\n\n"
            f"Reason: {reason}\n\nYou are welcome to request another time.\n",
            summary=f"{when}: {reason}",
        )
        await uow.commit()
    return f"Declined. {request.first_name} was emailed the reason."


async def resolve_match(
    uow: UnitOfWork, *, actor: Actor, request_id: int, person_id: int | None, now: datetime | None = None
) -> str:
    """A possible match: link the request to that existing client (person_id), or keep the new record (None).
    Linking moves the appointment to the client's profile; the record made for the request is dismissed (kept)."""
    require(actor, "calendar")
    now = now or utcnow()
    async with uow:
        request, appointment = await _matchable(uow, request_id)
        made = await uow.get(PersonRow, request.for_person_id, lock=True)
        if person_id is None:
            request.match_state = "new"
            said = f"kept {made.first_name} {made.last_name} as a new record"
        else:
            if str(person_id) not in request.match_ids.split(","):
                raise ValidationFailed({"match": "That client is not one of this request's possible matches."})
            client = await uow.get(PersonRow, person_id)
            if client.status not in ("active", "prospective"):
                raise NotAllowed(
                    f"{client.first_name} {client.last_name} is archived. Restore them first, or keep as new."
                )
            profile = (
                await uow.session.execute(select(ProfileRow).where(ProfileRow.person_id == client.id))
            ).scalar_one()
            old_profile = appointment.profile_id
            appointment.profile_id, appointment.version = profile.id, appointment.version + 1
            request.for_person_id = request.booker_person_id = client.id
            request.match_state = "linked"
            if made.source == "booking_request" and made.status in ("prospective", "active"):
                others = (
                    await uow.session.execute(
                        select(func.count())
                        .select_from(AppointmentRow)
                        .join(ProfileRow, ProfileRow.id == AppointmentRow.profile_id)
                        .where(ProfileRow.person_id == made.id)
                    )
                ).scalar_one()
                if not others:  # made for this request alone: kept, out of the lists
                    made.status = "dismissed"
            said = f"linked to {client.first_name} {client.last_name}"
            uow.changed(topics.person(client.id), topics.profile(profile.id))
            if old_profile:
                uow.changed(topics.profile(old_profile))
        uow.audit(actor, "booking.match", "appointment", appointment.id, summary=said)
        uow.changed(topics.PEOPLE, topics.person(made.id))
        _changed(uow, appointment, request)
        await uow.commit()
    return f"Request {said}."


async def _when_and_clinic(uow: UnitOfWork, appointment: AppointmentRow) -> tuple[str, str]:
    """'Thu, 3 Dec 2026, 1:00 – 2:00 pm (Sydney time)' (the reader may be elsewhere), and the clinic's name."""
    tz = await rules.clinic_zone(uow)
    when = f"{describe(appointment.starts_at, appointment.ends_at, tz, year=True)} ({zone_label(tz)})"
    return when, (await clinic_row(uow.session)).name


def _answer(
    uow: UnitOfWork,
    actor: Actor,
    action: str,
    request: BookingRequestRow,
    appointment: AppointmentRow,
    *,
    subject: str,
    body: str,
    summary: str,
) -> None:
    """Inside the transaction: staff's answer emailed to whoever asked (a staff action, so a prospect gets it too),
    its audit entry, and what changed."""
    queue_email(
        uow,
        to=request.email,
        subject=subject,
        body=f"Hello {request.first_name},\n\n{body}",
        record_type="appointment",
        record_id=appointment.id,
    )
    uow.audit(actor, action, "appointment", appointment.id, summary=f"{summary}; emailed {request.email}")
    _changed(uow, appointment, request)


def _changed(uow: UnitOfWork, appointment: AppointmentRow, request: BookingRequestRow) -> None:
    uow.changed(
        topics.CALENDAR, topics.REQUESTS, topics.appointment(appointment.id), topics.person(request.for_person_id)
    )
    if appointment.profile_id:
        uow.changed(topics.profile(appointment.profile_id))
