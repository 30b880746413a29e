"""No double booking: finding what a time clashes with, and reading the database's refusal.

The database has the last word (exclusion constraint / triggers, migration 0003); the check
here runs first only so the message can name the appointment in the way.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.exc import DBAPIError

from domain.errors import DomainError
from domain.scheduling.appointment_views import AppointmentView, appointment_query, view_of
from domain.scheduling.times import describe
from storage.scheduling import OVERLAP_MESSAGE, AppointmentRow
from storage.uow import UnitOfWork


class Clash(DomainError):
    """The time is taken. `with_` is what it clashed with (None if it could not be read)."""

    def __init__(self, message: str, with_: AppointmentView | None = None) -> None:
        super().__init__(message)
        self.with_ = with_


class StaleAppointment(DomainError):
    pass


class OutsideHours(DomainError):
    """Booking outside working hours needs the user's explicit confirmation."""


async def find_clash(
    uow: UnitOfWork, *, practitioner_id: int, start: datetime, end: datetime, except_id: int | None = None
) -> AppointmentView | None:
    query = (
        appointment_query()
        .where(
            AppointmentRow.practitioner_id == practitioner_id,
            AppointmentRow.status != "cancelled",
            AppointmentRow.starts_at < end,
            AppointmentRow.ends_at > start,
        )
        .order_by(AppointmentRow.starts_at)
        .limit(1)
    )
    if except_id is not None:
        query = query.where(AppointmentRow.id != except_id)
    found = (await uow.session.execute(query)).first()
    return view_of(found) if found else None


def clash_message(other: AppointmentView | None, tz: ZoneInfo) -> str:
    if other is None:
        return "That time was just taken by another booking. The calendar now shows it; choose another time."
    what = other.label + (f" ({other.service_name})" if other.service_name else "")
    return (
        f"That clashes with {what}, {describe(other.starts_at, other.ends_at, tz)}, "
        f"in {other.practitioner_name}'s diary. Choose another time or practitioner."
    )


def is_overlap_refusal(exc: DBAPIError) -> bool:
    """True when the database refused an overlapping appointment (PostgreSQL 23P01 or our SQLite trigger)."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code == "23P01" or OVERLAP_MESSAGE in text or "ex_appointments_no_overlap" in text


async def raise_clash(
    uow: UnitOfWork, *, practitioner_id: int, start: datetime, end: datetime, except_id: int | None, tz: ZoneInfo
) -> None:
    """After the database refused: read (in a new transaction) what now occupies the time, and say so."""
    async with uow.fresh() as fresh:
        other = await find_clash(fresh, practitioner_id=practitioner_id, start=start, end=end, except_id=except_id)
    raise Clash(clash_message(other, tz), other)
