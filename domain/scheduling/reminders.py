"""Appointment reminders: stored when an appointment is booked, sent by an in-process scheduler.

A due reminder is claimed (pending → sent, conditional update) in the same transaction that
puts its emails in the outbox: if the process dies first, nothing happened and it is sent
after the restart; if the transaction committed, it is never sent again.
"""

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import ValidationFailed
from domain.households.relationship_copies import queue_copies
from domain.messaging.outbox import queue_client_email
from domain.scheduling.online.expiry import expire_due_requests
from domain.scheduling.times import describe
from storage.accounts import StaffUserRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import CLINIC_ID, clinic_row
from storage.engine import Database
from storage.households import MemberRow
from storage.scheduling import AppointmentRow, ReminderRow, ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork, rows_changed

log = logging.getLogger("hearth.reminders")
POLL_SECONDS = 30.0
TOO_LATE = timedelta(minutes=0)  # a reminder whose appointment has started is skipped, not sent


def parse_lead_hours(text: str) -> list[int]:
    """'24, 2' → [24, 2]. Whole hours from 1 to 336 (two weeks); at most three; empty = no reminders."""
    hours: list[int] = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().lower().removesuffix("h").strip()
        if not part:
            continue
        if not (part.isascii() and part.isdigit() and len(part) <= 3) or not 1 <= int(part) <= 336:
            raise ValidationFailed({"reminder_hours": "Use whole hours between 1 and 336, e.g. “24” or “48, 2”."})
        hours.append(int(part))
    if len(hours) > 3:
        raise ValidationFailed({"reminder_hours": "At most three reminders per appointment."})
    return sorted(set(hours), reverse=True)


async def set_reminder_hours(uow: UnitOfWork, *, actor: Actor, text: str) -> list[int]:
    require(actor, "setup")
    hours = parse_lead_hours(text)
    async with uow:
        row = await clinic_row(uow.session)
        row.reminder_hours = ",".join(str(h) for h in hours)
        uow.audit(
            actor,
            "clinic.reminders",
            "clinic",
            CLINIC_ID,
            summary=f"reminders {', '.join(f'{h} h' for h in hours) or 'off'} before appointments",
        )
        uow.changed(topics.CLINIC)
        await uow.commit()
    return hours


async def reminder_hours(uow: UnitOfWork) -> list[int]:
    async with uow:
        return parse_lead_hours((await clinic_row(uow.session)).reminder_hours)


async def lead_hours_for(uow: UnitOfWork, profile_id: int | None) -> list[int]:
    """The profile's Appointment Reminders override ('on' with its own lead times, or 'off'), else the clinic's."""
    profile = await uow.session.get(ProfileRow, profile_id) if profile_id else None
    if profile is not None and profile.reminders == "off":
        return []
    if profile is not None and profile.reminders == "on":
        return parse_lead_hours(profile.reminder_hours or "")
    return parse_lead_hours((await clinic_row(uow.session)).reminder_hours)


async def schedule_reminders(uow: UnitOfWork, appointment: AppointmentRow, *, now: datetime) -> None:
    """Inside the caller's transaction: (re)plans the appointment's pending reminders."""
    await uow.session.execute(
        delete(ReminderRow).where(ReminderRow.appointment_id == appointment.id, ReminderRow.status == "pending")
    )
    if appointment.kind != "client" or appointment.status in ("requested", "cancelled", "completed", "no_show"):
        return
    done = set(
        (
            await uow.session.execute(
                select(ReminderRow.lead_minutes).where(ReminderRow.appointment_id == appointment.id)
            )
        ).scalars()
    )
    for hours in await lead_hours_for(uow, appointment.profile_id):
        due = appointment.starts_at - timedelta(hours=hours)
        if due > now and hours * 60 not in done:
            uow.session.add(ReminderRow(appointment_id=appointment.id, lead_minutes=hours * 60, due_at=due))


@dataclass(frozen=True)
class Recipient:
    name: str
    email: str
    time_zone: str
    person: PersonRow


async def recipients_for_appointment(uow: UnitOfWork, appointment: AppointmentRow) -> list[Recipient]:
    """Who receives reminders for this appointment: the client of an individual profile; for a shared profile,
    every member whose "Receives appointment reminders" toggle is on. Nobody when the profile's override says
    off. Only active clients with an email: prospects, archived clients and non-client time get none."""
    if appointment.kind != "client" or appointment.profile_id is None:
        return []
    profile = await uow.session.get(ProfileRow, appointment.profile_id)
    if profile is None or profile.reminders == "off" or profile.archived_at is not None:
        return []
    people: Sequence[PersonRow]
    if profile.person_id is not None:
        people = [await uow.get(PersonRow, profile.person_id)]
    else:
        people = (
            (
                await uow.session.execute(
                    select(PersonRow)
                    .join(MemberRow, MemberRow.person_id == PersonRow.id)
                    .where(MemberRow.profile_id == profile.id, MemberRow.receives_reminders.is_(True))
                    .order_by(MemberRow.is_primary.desc(), MemberRow.id)
                )
            )
            .scalars()
            .all()
        )
    return [
        Recipient(f"{p.first_name} {p.last_name}", p.email, p.time_zone, p)
        for p in people
        if p.email and p.status == "active"
    ]


async def _reminder_email(uow: UnitOfWork, appointment: AppointmentRow, to: Recipient) -> tuple[str, str]:
    clinic = await clinic_row(uow.session)
    practitioner = await uow.get(StaffUserRow, appointment.practitioner_id)
    service = await uow.session.get(ServiceRow, appointment.service_id) if appointment.service_id else None
    when = describe(appointment.starts_at, appointment.ends_at, ZoneInfo(to.time_zone))
    what = service.name if service else "Appointment"
    subject = f"Reminder: {what} with {practitioner.name}, {when}"
    body = (
        f"Hello {to.person.first_name},\n\nThis is a reminder of your appointment at {clinic.name}:\n\n"
        f"  {what} with {practitioner.name}\n  {when} ({to.time_zone.replace('_', ' ')} time)\n\n"
        "If you cannot come, please let us know as soon as possible.\n"
    )
    return subject, body


async def send_due_reminders(db: Database, *, now: datetime | None = None, batch: int = 50) -> int:
    """Claims every reminder due by `now` and queues its emails. Returns how many it handled (sent or
    skipped), so the caller knows whether to look again at once."""
    now = now or utcnow()
    handled = 0
    async with db.uow() as uow:
        due = (
            (
                await uow.session.execute(
                    select(ReminderRow)
                    .where(ReminderRow.status == "pending", ReminderRow.due_at <= now)
                    .order_by(ReminderRow.due_at)
                    .limit(batch)
                )
            )
            .scalars()
            .all()
        )
        for reminder in due:
            appointment = await uow.get(AppointmentRow, reminder.appointment_id)
            late = appointment.starts_at <= now + TOO_LATE or appointment.status != "booked"
            recipients = [] if late else await recipients_for_appointment(uow, appointment)
            claimed = await uow.session.execute(
                update(ReminderRow)
                .where(ReminderRow.id == reminder.id, ReminderRow.status == "pending")
                .values(status="sent" if recipients else "skipped", handled_at=now, recipients=len(recipients))
            )
            if rows_changed(claimed) != 1:
                continue  # another scheduler took it
            for to in recipients:
                subject, body = await _reminder_email(uow, appointment, to)
                sent = queue_client_email(
                    uow,
                    to.person,
                    subject=subject,
                    body=body,
                    automated=True,
                    record_type="appointment",
                    record_id=appointment.id,
                )
                if sent is None:  # a prospect, or no email: no reminder, so no copies either
                    continue
                await queue_copies(  # seed 002: relatives this recipient lets receive a copy
                    uow,
                    to.person.id,
                    "reminders",
                    subject=subject,
                    body=body,
                    record_type="appointment",
                    record_id=appointment.id,
                    sent_to=[r.email for r in recipients],
                )
            handled += 1
            if recipients:
                uow.changed(topics.OUTBOX)
        await uow.commit()
    return handled


class ReminderScheduler:
    """The background loop. State lives in the database, so a restart simply carries on."""

    def __init__(self, db: Database, poll_seconds: float = POLL_SECONDS) -> None:
        self.db, self.poll_seconds = db, poll_seconds
        self._stop = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="hearth-reminders")

    async def stop(self, timeout: float = 30) -> None:
        self._stop.set()
        if self._task:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout)
            except TimeoutError:
                self._task.cancel()
                await asyncio.gather(self._task, return_exceptions=True)

    async def _run(self) -> None:
        checked_on = None
        while not self._stop.is_set():
            try:
                while not self._stop.is_set() and await send_due_reminders(self.db):
                    pass
                await expire_due_requests(self.db.uow(), now=utcnow())  # unconfirmed requests free their time
                if checked_on != date.today():  # once a day: packs past their expiry make their task
                    from domain.billing.packs import close_expired_packs

                    await close_expired_packs(self.db.uow(), today=date.today())
                    checked_on = date.today()
            except Exception:
                log.exception("The reminder scheduler hit an error; it carries on")
            try:
                await asyncio.wait_for(self._stop.wait(), self.poll_seconds)
            except TimeoutError:
                pass
