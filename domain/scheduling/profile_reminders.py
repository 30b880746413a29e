"""A profile's Appointment Reminders page: override the clinic's settings (on with own lead times, or off)."""

from dataclasses import dataclass

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.clients.persons import profile_or_not_found
from domain.errors import ValidationFailed
from domain.scheduling.reminders import parse_lead_hours, schedule_reminders
from storage.clinic import clinic_row
from storage.scheduling import AppointmentRow
from storage.types import utcnow
from storage.uow import UnitOfWork

MODES = {"clinic": "Use the clinic's settings", "on": "Send reminders at these times", "off": "Send no reminders"}


@dataclass(frozen=True)
class ReminderSettings:
    mode: str
    hours: list[int]
    clinic_hours: list[int]


async def profile_reminders(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> ReminderSettings:
    require(actor, "people.read")
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        clinic = await clinic_row(uow.session)
        return ReminderSettings(
            profile.reminders, parse_lead_hours(profile.reminder_hours or ""), parse_lead_hours(clinic.reminder_hours)
        )


async def set_profile_reminders(uow: UnitOfWork, *, actor: Actor, profile_id: int, mode: str, hours: str = "") -> None:
    """Saves the override and replans the reminders of the profile's upcoming appointments."""
    require(actor, "people.read")
    if mode not in MODES:
        raise ValidationFailed({"mode": "Choose one of the options."})
    lead = parse_lead_hours(hours) if mode == "on" else []
    if mode == "on" and not lead:
        raise ValidationFailed(
            {"reminder_hours": "Give at least one lead time, e.g. “24”, or choose “Send no reminders”."}
        )
    now = utcnow()
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        profile.reminders = mode
        profile.reminder_hours = ",".join(str(h) for h in lead) or None
        await uow.session.flush()
        for appointment in (
            await uow.session.execute(
                select(AppointmentRow).where(AppointmentRow.profile_id == profile_id, AppointmentRow.starts_at > now)
            )
        ).scalars():
            await schedule_reminders(uow, appointment, now=now)
        uow.audit(
            actor,
            "profile.reminders",
            "profile",
            profile_id,
            summary=MODES[mode] + (f": {', '.join(f'{h} h' for h in lead)} before" if lead else ""),
        )
        uow.changed(topics.profile(profile_id))
        await uow.commit()
