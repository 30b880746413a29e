"""Appointment history in the Client Portal: the current profile's past appointments and its completed forms, newest
first. Its own record and family records show it; a relative shows it only with "Manage Bookings and Intake Forms"
(seed 002: "access the other related client's previously completed intake forms and appointment history"), which the
access policy's "view" action stands for; View and Pay alone does not."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from domain.households.access import PortalView, require_access
from domain.scheduling import rules
from domain.scheduling.appointment_views import appointment_query, view_of
from domain.scheduling.times import describe
from storage.clients import ProfileRow
from storage.forms import FormRequestRow, FormTemplateRow
from storage.scheduling import AppointmentRow
from storage.types import utcnow
from storage.uow import UnitOfWork

PAST = {
    "booked": "Booked",
    "arrived": "Attended",
    "completed": "Attended",
    "no_show": "Missed",
    "cancelled": "Cancelled",
}
LIMIT = 100


@dataclass(frozen=True)
class PastAppointment:
    id: int
    when: str
    what: str  # "Initial consultation with Dr. Priya Patel"
    status_label: str


@dataclass(frozen=True)
class CompletedForm:
    id: int
    name: str
    completed_at: datetime


@dataclass(frozen=True)
class History:
    appointments: list[PastAppointment]
    forms: list[CompletedForm]


async def portal_history(uow: UnitOfWork, *, who: PortalView, now: datetime | None = None) -> History:
    now = now or utcnow()
    async with uow:
        household = await require_access(uow, who, "view")
        person_id = household.current_person_id
        tz = await rules.clinic_zone(uow)
        rows = (
            await uow.session.execute(
                appointment_query()
                .where(
                    ProfileRow.person_id == person_id,
                    AppointmentRow.status.in_(tuple(PAST)),
                    AppointmentRow.starts_at < now,
                )
                .order_by(AppointmentRow.starts_at.desc())
                .limit(LIMIT)
            )
        ).all()
        forms = await uow.session.execute(
            select(FormRequestRow.id, FormTemplateRow.name, FormRequestRow.completed_at)
            .join(FormTemplateRow)
            .where(FormRequestRow.person_id == person_id, FormRequestRow.completed_at.is_not(None))
            .order_by(FormRequestRow.completed_at.desc())
            .limit(LIMIT)
        )
        completed = [CompletedForm(i, name, at.astimezone(tz)) for i, name, at in forms if at is not None]
    past = []
    for row in rows:
        view = view_of(tuple(row))
        what = view.service_name or "Appointment"
        if view.practitioner_name:
            what += f" with {view.practitioner_name}"
        past.append(PastAppointment(view.id, describe(view.starts_at, view.ends_at, tz, year=True), what,
                                    PAST[view.status]))  # fmt: skip
    return History(past, completed)
