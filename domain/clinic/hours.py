"""Practitioners' weekly working hours, in each practitioner's own time zone."""

from dataclasses import dataclass
from datetime import time
from itertools import pairwise

from sqlalchemy import delete, select

from domain import topics
from domain.accounts.roles import can
from domain.actor import Actor
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.formats import current
from storage.accounts import StaffUserRow, WorkingHoursRow
from storage.uow import UnitOfWork

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class WorkingBlock:
    weekday: int  # Monday = 0
    start: time
    end: time

    @property
    def label(self) -> str:
        fmt = current()
        return f"{fmt.weekday_name(self.weekday, 'abbreviated')} {fmt.time(self.start)}–{fmt.time(self.end)}"


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def check_blocks(blocks: list[WorkingBlock]) -> dict[str, str]:
    """Pure rule: each block starts before it ends, and blocks on one day do not overlap."""
    errors: dict[str, str] = {}
    for b in blocks:
        if not 0 <= b.weekday <= 6:
            errors[f"day{b.weekday}"] = "Unknown weekday."
        elif _minutes(b.start) >= _end_minute(b):  # an end of 00:00 means midnight, the end of the day
            errors[f"day{b.weekday}"] = f"{WEEKDAYS[b.weekday]}: the start must be before the end."
    ordered = sorted(blocks, key=lambda b: (b.weekday, _minutes(b.start)))
    for a, b in pairwise(ordered):
        if a.weekday == b.weekday and _end_minute(a) > _minutes(b.start):
            errors.setdefault(f"day{a.weekday}", f"{WEEKDAYS[a.weekday]}: two blocks of hours overlap.")
    return errors


def _end_minute(b: WorkingBlock) -> int:
    return 1440 if b.end == time(0) else _minutes(b.end)


async def get_working_hours(uow: UnitOfWork, *, staff_user_id: int) -> list[WorkingBlock]:
    async with uow:
        rows = (
            await uow.session.execute(
                select(WorkingHoursRow)
                .where(WorkingHoursRow.staff_user_id == staff_user_id)
                .order_by(WorkingHoursRow.weekday, WorkingHoursRow.start_minute)
            )
        ).scalars()
        return [
            WorkingBlock(
                r.weekday,
                time(r.start_minute // 60, r.start_minute % 60),
                time(0) if r.end_minute == 1440 else time(r.end_minute // 60, r.end_minute % 60),
            )
            for r in rows
        ]


async def set_working_hours(
    uow: UnitOfWork, *, actor: Actor, staff_user_id: int, blocks: list[WorkingBlock]
) -> list[WorkingBlock]:
    """Replaces the practitioner's week. Managers edit anyone's; practitioners their own."""
    if not (can(actor.role, "setup") or actor.user_id == staff_user_id):
        raise NotAllowed("Only owners and admins can change another person's working hours.")
    errors = check_blocks(blocks)
    if errors:
        raise ValidationFailed(errors)
    async with uow:
        user = await uow.session.get(StaffUserRow, staff_user_id)
        if user is None:
            raise NotFound("That staff user no longer exists.")
        await uow.session.execute(delete(WorkingHoursRow).where(WorkingHoursRow.staff_user_id == staff_user_id))
        for b in blocks:
            uow.session.add(
                WorkingHoursRow(
                    staff_user_id=staff_user_id,
                    weekday=b.weekday,
                    start_minute=_minutes(b.start),
                    end_minute=_end_minute(b),
                )
            )
        summary = ", ".join(b.label for b in sorted(blocks, key=lambda b: (b.weekday, b.start))) or "no hours"
        uow.audit(actor, "working_hours.updated", "staff_user", staff_user_id, summary=f"{user.name}: {summary}")
        uow.changed(topics.working_hours(staff_user_id), topics.WORKING_HOURS, topics.CALENDAR)
        await uow.commit()
    return blocks
