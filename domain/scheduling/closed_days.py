"""Days the whole clinic is closed: bookings on them need the same confirmation as out-of-hours ones."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import NotFound
from domain.formats import current
from domain.validation import Errors, clean_date, clean_text
from storage.scheduling import ClosedDayRow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class ClosedDay:
    id: int
    day: date
    reason: str


async def list_closed_days(uow: UnitOfWork, *, from_day: date) -> list[ClosedDay]:
    async with uow:
        rows = (
            await uow.session.execute(
                select(ClosedDayRow).where(ClosedDayRow.day >= from_day).order_by(ClosedDayRow.day)
            )
        ).scalars()
        return [ClosedDay(r.id, r.day, r.reason) for r in rows]


async def add_closed_day(uow: UnitOfWork, *, actor: Actor, day: date | str | None, reason: str) -> ClosedDay:
    require(actor, "setup")
    errors = Errors()
    reason = clean_text(errors, "reason", "Reason", reason, max_length=120, required=False)
    day = clean_date(errors, "day", day, required=True, missing="Choose the date the clinic is closed.")
    errors.raise_if_any()
    assert day is not None  # required=True
    async with uow:
        if (await uow.session.execute(select(ClosedDayRow.id).where(ClosedDayRow.day == day))).first():
            Errors(day=f"{current().weekday_date(day)} is already a closed day.").raise_if_any()
        row = ClosedDayRow(day=day, reason=reason)
        uow.session.add(row)
        await uow.session.flush()
        summary = f"{current().weekday_date(day)} {reason}".strip()
        uow.audit(actor, "closed_day.added", "closed_day", row.id, summary=summary)
        uow.changed(topics.CLOSED_DAYS, topics.CALENDAR)
        await uow.commit()
        view = ClosedDay(row.id, row.day, row.reason)
    return view


async def remove_closed_day(uow: UnitOfWork, *, actor: Actor, closed_day_id: int) -> None:
    require(actor, "setup")
    async with uow:
        row = await uow.session.get(ClosedDayRow, closed_day_id)
        if row is None:
            raise NotFound("That closed day was already removed.")
        uow.audit(actor, "closed_day.removed", "closed_day", row.id, summary=current().weekday_date(row.day))
        await uow.session.delete(row)
        uow.changed(topics.CLOSED_DAYS, topics.CALENDAR)
        await uow.commit()
