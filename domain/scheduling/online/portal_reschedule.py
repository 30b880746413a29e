"""Rescheduling from the Client Portal: the same service with the same practitioner, at another free time the
Bookings Page would offer (inside the booking window), while the appointment is still inside the clinic's
cancellation window. The move is the calendar's own (appointment_changes.move_in): the database's no-overlap rule
holds, reminders follow, staff are told (a task for the practitioner) and the client is emailed the new time."""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.exc import DBAPIError

from domain import topics
from domain.errors import NotAllowed, ValidationFailed
from domain.households.access import Household, PortalView, portal_actor
from domain.households.relationship_copies import email_with_copies
from domain.scheduling import rules
from domain.scheduling.appointment_changes import move_in
from domain.scheduling.clashes import Clash, OutsideHours, is_overlap_refusal
from domain.scheduling.online.asked import NOT_OFFERED, check_window, chosen_time, nearest_now, taken_message
from domain.scheduling.online.portal_bookings import call_the_clinic, portal_appointment, tell_staff, window_problem
from domain.scheduling.online.settings import OnlineService, OnlineSettings, list_online_services, settings_row
from domain.scheduling.online.slots import Window, on_grid
from domain.scheduling.online.visitors import TimeTaken, Visit
from domain.scheduling.times import describe, zone_label
from storage.clients import PersonRow
from storage.clinic import ClinicRow, clinic_row
from storage.scheduling import AppointmentRow
from storage.types import utcnow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Rescheduling:
    """What the Reschedule page needs: the service offered online, the practitioner, and the time it has now."""

    appointment_id: int
    service: OnlineService
    practitioner_id: int
    when: str


def _offered(services: list[OnlineService], row: AppointmentRow) -> OnlineService | None:
    """The appointment's service as offered online by its practitioner, at the appointment's own length (staff
    may have made it longer or shorter): free times are searched for that length."""
    service = next((s for s in services if s.id == row.service_id and row.practitioner_id in s.practitioner_ids), None)
    minutes = int((row.ends_at - row.starts_at).total_seconds() // 60)
    return None if service is None else replace(service, duration_minutes=minutes)


@dataclass(frozen=True)
class _Movable:
    household: Household
    row: AppointmentRow
    clinic: ClinicRow
    settings: OnlineSettings
    service: OnlineService


async def _movable(
    uow: UnitOfWork, who: PortalView, appointment_id: int, ip: str | None, now: datetime, services: list[OnlineService]
) -> _Movable:
    """Inside the caller's transaction: the appointment (locked) when this login may move it online now: booked,
    inside the cancellation window, its service offered online by its practitioner. Otherwise why not."""
    household, row = await portal_appointment(uow, who, appointment_id, "cancel", ip)
    clinic = await clinic_row(uow.session)
    settings = OnlineSettings.of(await settings_row(uow))
    if row.status != "booked":
        raise NotAllowed("Only a booked appointment can be moved. A request waits for the clinic's answer.")
    problem = window_problem(settings, clinic, row.starts_at, now)
    if problem:
        raise NotAllowed(problem)
    service = _offered(services, row)
    if service is None:
        raise NotAllowed(f"This appointment cannot be moved online. To move it, {call_the_clinic(clinic)}.")
    return _Movable(household, row, clinic, settings, service)


async def start_rescheduling(
    uow: UnitOfWork, *, who: PortalView, appointment_id: int, ip: str | None = None, now: datetime | None = None
) -> Rescheduling:
    """May this appointment be moved online now? Returns what the page needs, or says why not (NotAllowed)."""
    now = now or utcnow()
    services = await list_online_services(uow.fresh(), offered_only=True)  # before the transaction (SQLite)
    async with uow:
        m = await _movable(uow, who, appointment_id, ip, now, services)
        when = describe(m.row.starts_at, m.row.ends_at, await rules.clinic_zone(uow), year=True)
        return Rescheduling(m.row.id, m.service, m.row.practitioner_id, when)


async def reschedule_from_portal(
    uow: UnitOfWork,
    *,
    who: PortalView,
    appointment_id: int,
    start: datetime,
    ip: str | None = None,
    now: datetime | None = None,
) -> str:
    """Moves the appointment to `start` (a free time offered online). Raises ValidationFailed (a time never
    offered), TimeTaken (taken meanwhile, with the nearest free times), NotAllowed (outside the window)."""
    now = now or utcnow()
    services = await list_online_services(uow.fresh(), offered_only=True)  # before the transaction (SQLite)
    async with uow:
        m = await _movable(uow, who, appointment_id, ip, now, services)
        household, row, clinic, settings, service = m.household, m.row, m.clinic, m.settings, m.service
        tz = await rules.clinic_zone(uow)
        visit = Visit(service.id, row.practitioner_id, start)
        if start.tzinfo is None or start != on_grid(start):  # a tampered time: never offered
            raise ValidationFailed({"start": NOT_OFFERED})
        window = Window.of(settings, now)
        check_window(window, start, settings, tz)
        chosen = await chosen_time(uow, service, visit, window, now, tz)
        before = describe(row.starts_at, row.ends_at, tz, year=True)
        length = row.ends_at - row.starts_at
        actor = portal_actor(who, ip)
        try:
            await move_in(uow, actor, row, chosen.start, chosen.start + length, row.practitioner_id, now=now,
                          confirmed_outside_hours=False, extra=" in the Client Portal")  # fmt: skip
            await uow.session.flush()
        except (Clash, OutsideHours) as exc:  # the calendar's words name other bookings: never shown to a client
            await uow.rollback()
            raise TimeTaken(taken_message(start, tz), await nearest_now(uow, service, visit, now)) from exc
        except DBAPIError as exc:
            if not is_overlap_refusal(exc):
                raise
            await uow.rollback()
            raise TimeTaken(taken_message(start, tz), await nearest_now(uow, service, visit, now)) from None
        after = describe(row.starts_at, row.ends_at, tz, year=True)
        what = f"{service.name} with {chosen.practitioner_name}"
        name = household.current.name
        tell_staff(
            uow, row, f"{name} moved online: {what}, now {after}", f"Was {before}. Moved in the Client Portal.", now
        )
        person = await uow.get(PersonRow, household.current_person_id)
        await email_with_copies(  # and a copy for relatives this client allowed (seed 002)
            uow,
            person,
            "reminders",
            automated=True,
            subject=f"{clinic.name}: your appointment was moved",
            body=f"Hello {person.first_name},\n\nYour appointment with {clinic.name} is now:\n\n{what}\n"
            f"{after} ({zone_label(tz)})\n\n(It was {before}.)\n",
            record_type="appointment",
            record_id=row.id,
        )
        uow.changed(topics.person(household.current_person_id))
        await uow.commit()
    return f"Your appointment was moved to {after}."
