"""A visitor's booking request from the Bookings Page: checked, rate-limited, and saved as an appointment row
with status 'requested' (or 'booked' when the clinic books requests at once), so the database's no-overlap rule
holds its time against every other booking and request. One transaction: a refused request leaves nothing.

A prepaid service's request is made the same way but waits for its payment ('awaiting_payment', held only while
the payment may happen): domain/scheduling/online/prepaid.py. Who the visitor is: visitors.py.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from domain import topics
from domain.actor import anonymous
from domain.billing.money import label
from domain.clients.details import ClientInput, clean_client
from domain.errors import DomainError, ValidationFailed
from domain.households.access import portal_actor
from domain.households.relationship_copies import email_with_copies
from domain.phones import region_of
from domain.scheduling import rules
from domain.scheduling.clashes import is_overlap_refusal
from domain.scheduling.online.asked import NOT_OFFERED, check_window, chosen_time, nearest_now, taken_message
from domain.scheduling.online.expiry import expire_due_requests
from domain.scheduling.online.family_booking import family_member, who_asks
from domain.scheduling.online.handling import book_request_in
from domain.scheduling.online.invites import open_invite, read_booking_invite
from domain.scheduling.online.portal_for import portal_target
from domain.scheduling.online.settings import OnlineService, OnlineSettings, list_online_services, settings_row
from domain.scheduling.online.slots import FreeTime, Window, on_grid
from domain.scheduling.online.visitors import PER_EMAIL_PER_DAY as PER_EMAIL_PER_DAY
from domain.scheduling.online.visitors import PER_IP_PER_HOUR as PER_IP_PER_HOUR
from domain.scheduling.online.visitors import Requested, TimeTaken, TooManyRequests, Visit, rate_limit
from domain.scheduling.online.visitors import possible_matches as possible_matches
from domain.scheduling.times import describe, zone_label
from domain.validation import clean_note
from storage.clients import ProfileRow
from storage.clinic import clinic_row
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow
from storage.types import utcnow
from storage.uow import UnitOfWork

__all__ = ["Requested", "TimeTaken", "TooManyRequests", "Visit", "request_booking", "requested_appointment"]
MAX_NOTES = 2000
AUDITED_REFUSALS_PER_HOUR = 30  # per address: a robot cannot fill the audit log
_refusals: dict[str, list[datetime]] = {}


@dataclass(frozen=True)
class Held:
    """A request made: what the visitor is told, and the rows behind it (a prepaid request's checkout names them)."""

    requested: Requested
    request_id: int
    person_id: int
    profile_id: int
    appointment_id: int


async def request_booking(uow: UnitOfWork, *, visit: Visit, ip: str | None, now: datetime | None = None) -> Requested:
    """Raises ValidationFailed (field messages), TimeTaken (with the nearest free times), TooManyRequests,
    InvalidLink (a bad Invite to Book link). Refusals that are not typing mistakes are audited."""
    now = now or utcnow()
    checked = await checked_visit(uow, visit, ip, prepaid=False)
    if checked is None:  # a robot: nothing is booked, and it is told nothing different
        return Requested("requested", "", "", visit.start, visit.start, "", "", visit.email)
    service, notes = checked
    return (await hold_time(uow, visit, service, notes, ip, now)).requested


async def checked_visit(
    uow: UnitOfWork, visit: Visit, ip: str | None, *, prepaid: bool
) -> tuple[OnlineService, str] | None:
    """What can be checked before the request's transaction: the time on the grid, the notes, the service offered
    online (paid when booking, or not, as `prepaid` says), its practitioner, the invite. None: the honeypot was
    filled in (logged)."""
    if visit.start.tzinfo is None or visit.start != on_grid(visit.start):
        raise await _refused(uow, ip, visit, ValidationFailed({"start": NOT_OFFERED}))
    if visit.website.strip():
        await _refused(uow, ip, visit, DomainError("honeypot field filled in"))
        return None
    notes = clean_note(visit.notes)
    if len(notes) > MAX_NOTES:
        raise ValidationFailed({"notes": f"Notes can be at most {MAX_NOTES} characters (these are {len(notes)})."})
    service = next(
        (s for s in await list_online_services(uow.fresh(), offered_only=True) if s.id == visit.service_id), None
    )
    if service is None:
        refusal = ValidationFailed({"service": "That service cannot be booked online. Choose another service."})
        raise await _refused(uow, ip, visit, refusal)
    if service.prepaid and not prepaid:  # Setup changed while the page was open (or the page was tampered with)
        raise ValidationFailed(
            {"service": f"{service.name} is paid when booking ({label(service.pay_cents)}). Reload the page to pay."}
        )
    if prepaid and not service.prepaid:
        raise ValidationFailed({"service": f"{service.name} is not paid online. Reload the page to request it."})
    if visit.practitioner_id is not None and visit.practitioner_id not in service.practitioner_ids:
        refusal = ValidationFailed({"practitioner": f"That practitioner does not offer {service.name} online."})
        raise await _refused(uow, ip, visit, refusal)
    if visit.invite_token:  # a refused link is audited in a transaction of its own, before the request's
        await read_booking_invite(uow.fresh(), token=visit.invite_token, ip=ip)
    return service, notes


async def hold_time(
    uow: UnitOfWork,
    visit: Visit,
    service: OnlineService,
    notes: str,
    ip: str | None,
    now: datetime,
    *,
    awaiting_payment_until: datetime | None = None,
) -> Held:
    """Makes the request (one transaction; "Any practitioner" tries the next one in the order when the first was
    taken meanwhile). `awaiting_payment_until`: a prepaid request, held until then for its payment."""
    attempts = len(service.practitioner_ids) if visit.practitioner_id is None else 1
    for attempt in range(attempts):
        try:
            return await _request(
                uow.fresh() if attempt else uow, visit, service, notes, ip, now, awaiting_payment_until
            )
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
    uow: UnitOfWork,
    visit: Visit,
    service: OnlineService,
    notes: str,
    ip: str | None,
    now: datetime,
    awaiting_payment_until: datetime | None,
) -> Held:
    prepaid = awaiting_payment_until is not None
    async with uow:
        clinic = await clinic_row(uow.session)
        tz = await rules.clinic_zone(uow)
        # Locked: requests queue up here, so the rate limits below count every request before this one.
        settings = OnlineSettings.of(await settings_row(uow, lock=True))
        invite = await open_invite(uow, visit.invite_token, ip, audit=False) if visit.invite_token else None
        target = await portal_target(uow, visit, ip)  # the portal's current profile, and a shared profile chosen
        portal = target.person if target else None
        contact, member = None, None
        if invite is None and portal is None:
            contact, errors = clean_client(
                ClientInput(
                    visit.first_name, visit.last_name, visit.date_of_birth, visit.email, visit.phone, clinic.time_zone
                ),
                today=now.astimezone(tz).date(),
                region=region_of(clinic.locale),
                email_required=True,
            )
            member = family_member(visit, errors)  # "I'm booking for a family member": family_booking.py
            errors.raise_if_any()
        known = portal or (invite.person if invite else None)
        email = ((contact.email if contact else known.email if known else "") or "").lower()
        await rate_limit(uow, ip, email, now)
        window = Window.of(settings, now)
        check_window(window, visit.start, settings, tz)
        chosen = await chosen_time(uow, service, visit, window, now, tz)
        await expire_due_requests(uow, now=now, practitioner_id=chosen.practitioner_id, commit=False)
        await rules.practitioner_or_refuse(uow, chosen.practitioner_id, lock=True)
        try:
            who = await who_asks(uow, contact, member, invite, clinic.auto_add_clients, portal)
            person, booker, matches = who.person, who.booker, who.matches
            profile = (target.shared if target else None) or (
                await uow.session.execute(select(ProfileRow).where(ProfileRow.person_id == person.id))
            ).scalar_one()
            row = requested_appointment(chosen, profile.id, service.id, service.price_cents, notes)
            uow.session.add(row)
            await uow.session.flush()
        except DBAPIError as exc:
            if not is_overlap_refusal(exc):
                raise
            await uow.rollback()
            raise TimeTaken(taken_message(visit.start, tz), await nearest_now(uow, service, visit, now)) from None
        hold = timedelta(hours=settings.hold_hours) if settings.hold_hours else None
        if awaiting_payment_until is not None:  # held only while the payment may happen
            expires_at = min(chosen.start, awaiting_payment_until)
        else:
            expires_at = min(chosen.start, now + hold) if hold else chosen.start
        request = BookingRequestRow(
            appointment_id=row.id,
            booker_person_id=booker.id,
            for_person_id=person.id,
            source="portal" if portal else "invite" if invite else "bookings_page",
            invite_id=invite.row.id if invite else None,
            first_name=contact.first_name if contact else booker.first_name,
            last_name=contact.last_name if contact else booker.last_name,
            email=email,
            phone=contact.phone if contact else booker.phone,
            date_of_birth=contact.date_of_birth if contact else booker.date_of_birth,
            notes=notes,
            any_practitioner=visit.practitioner_id is None,
            state="awaiting_payment" if prepaid else "pending",
            expires_at=expires_at,
            match_ids=",".join(str(m) for m in matches),
            match_state="open" if matches else "none",
            family_match_ids=",".join(str(m) for m in who.families),
            family_match_state="open" if who.families else "none",
            ip=ip,
            created_at=now,
        )
        uow.session.add(request)
        if invite:
            invite.row.used_at = now
        await uow.session.flush()
        when = describe(chosen.start, chosen.end, tz, year=True)
        uow.audit(
            portal_actor(visit.portal, ip) if visit.portal else anonymous(ip),
            "booking.awaiting_payment" if prepaid else "booking.requested",
            "appointment",
            row.id,
            summary=f"{service.name} with {chosen.practitioner_name}, {when}, "
            f"for {profile.name if profile.kind == 'shared' else f'{person.first_name} {person.last_name}'}"
            + (f", booked by {booker.first_name} {booker.last_name}" if booker is not person else "")
            + (f" ({len(matches)} possible match{'es' if len(matches) > 1 else ''})" if matches else "")
            + (" via Invite to Book" if invite else " in the Client Portal" if portal else "")
            + (f"; held for its payment of {label(service.pay_cents)}" if prepaid else ""),
        )
        state = "awaiting_payment" if prepaid else "requested"
        if settings.instant and not prepaid:  # matches or not: the visitor must not learn whether someone is on file
            await book_request_in(uow, request, row, now=now)
            state = "booked"
            await email_with_copies(  # automated: a prospect gets none (seed 003); the page has said it all
                uow,
                booker,  # who booked: a family member's record shares the booker's email
                "reminders",  # and a copy for relatives the client allowed (seed 002)
                about=person.id,
                automated=True,
                subject=f"{clinic.name}: your booking is confirmed",
                body=booked_email(
                    booker.first_name,
                    clinic.name,
                    f"{service.name} with {chosen.practitioner_name}"
                    + (f", for {person.first_name}" if booker is not person else ""),
                    f"{when} ({zone_label(tz)})",
                ),
                record_type="appointment",
                record_id=row.id,
            )
        uow.changed(
            topics.CALENDAR, topics.REQUESTS, topics.PEOPLE, topics.person(person.id), topics.profile(profile.id)
        )
        uow.changed(topics.person(booker.id))
        await uow.commit()
    message = (
        settings.confirmation_text
        if state == "requested"
        else f"Your appointment is booked. {clinic.name} looks forward to seeing you."
        if state == "booked"
        else ""
    )
    done = Requested(state, service.name, chosen.practitioner_name, chosen.start, chosen.end, when, message, email)
    return Held(done, request.id, person.id, profile.id, row.id)


def booked_email(first_name: str, clinic_name: str, what: str, when: str) -> str:
    return f"Hello {first_name},\n\nYour booking with {clinic_name} is confirmed:\n\n{what}\n{when}\n"


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
