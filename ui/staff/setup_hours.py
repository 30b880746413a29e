"""Setup > Working hours: each bookable staff user's week, in their own time zone."""
from datetime import time

from nicegui import ui

from domain.accounts.staff import list_staff
from domain.clinic.hours import WEEKDAYS, WorkingBlock, get_working_hours, set_working_hours
from ui.actions import attempt
from ui.session import StaffContext
from ui.state import uow


def _parse(text: str | None) -> time | None:
    try:
        hours, minutes = (text or "").split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        return None


async def hours_tab(ctx: StaffContext) -> None:
    bookable = [s for s in await list_staff(uow(read_only=True), include_inactive=False) if s.bookable]
    if not bookable:
        ui.label("Nobody takes appointments yet. Tick “Takes appointments” for a staff user first.")
        return
    chooser = ui.select({s.id: s.name for s in bookable}, value=bookable[0].id, label="Practitioner").props(
        "outlined").classes("w-64")

    @ui.refreshable
    async def week() -> None:
        person = next(s for s in bookable if s.id == chooser.value)
        blocks = {b.weekday: b for b in await get_working_hours(uow(read_only=True), staff_user_id=person.id)}
        rows = []
        with ui.card().classes("w-full q-pa-md").style("max-width: 36rem"):
            ui.label(f"Times are in {person.time_zone}.").classes("text-caption text-grey-7")
            for day, day_name in enumerate(WEEKDAYS):
                block = blocks.get(day)
                with ui.row().classes("items-center w-full gap-x-3 gap-y-1"):  # wraps on a phone
                    works = ui.checkbox(day_name, value=block is not None).classes("w-32")
                    with ui.row().classes("items-center no-wrap gap-2"):  # start and end stay together
                        start = ui.input("Start", value=f"{block.start:%H:%M}" if block else "09:00").props(
                            "type=time outlined dense").classes("w-32")
                        end = ui.input("End", value=f"{block.end:%H:%M}" if block else "17:00").props(
                            "type=time outlined dense").classes("w-32")
                start.bind_enabled_from(works, "value")
                end.bind_enabled_from(works, "value")
                rows.append((day, works, start, end))

            async def save() -> None:
                chosen, bad = [], []
                for day, works, start, end in rows:
                    start.error = end.error = None
                    if not works.value:
                        continue
                    begin, finish = _parse(start.value), _parse(end.value)
                    if begin is None or finish is None:
                        bad.append(start)
                        start.error = "Use a time such as 09:00."
                        continue
                    chosen.append(WorkingBlock(day, begin, finish))
                if bad:
                    return
                await attempt(set_working_hours, uow(), actor=ctx.actor, staff_user_id=person.id, blocks=chosen,
                              fields={f"day{day}": end for day, _works, _start, end in rows},
                              success=f"Working hours of {person.name} saved.")

            ui.button("Save hours", icon="save", on_click=save).props("unelevated")

    chooser.on_value_change(week.refresh)
    await week()
