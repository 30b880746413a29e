"""Setup > Working hours: each bookable staff user's week and breaks, in their own time zone."""

from datetime import time

from nicegui import ui

from domain.accounts.staff import list_staff
from domain.clinic.hours import WorkingBlock, get_working_hours, set_working_hours
from domain.formats import current
from ui.actions import attempt
from ui.components.date_input import TimeInput
from ui.session import StaffContext


async def hours_tab(ctx: StaffContext) -> None:
    bookable = [s for s in await list_staff(ctx.uow(read_only=True), include_inactive=False) if s.bookable]
    if not bookable:
        ui.label("Nobody takes appointments yet. Tick “Takes appointments” for a staff user first.")
        return
    chooser = (
        ui.select({s.id: s.name for s in bookable}, value=bookable[0].id, label="Practitioner")
        .props("outlined")
        .classes("w-64")
    )

    @ui.refreshable
    async def week() -> None:
        person = next(s for s in bookable if s.id == chooser.value)
        days: dict[int, list[WorkingBlock]] = {}
        for b in await get_working_hours(ctx.uow(read_only=True), staff_user_id=person.id):
            days.setdefault(b.weekday, []).append(b)
        rows = []
        with ui.card().classes("w-full q-pa-md").style("max-width: 48rem"):
            ui.label(f"Times are in {person.time_zone}.").classes("text-caption text-grey-7")
            for day, day_name in enumerate(map(current().weekday_name, range(7))):
                blocks = days.get(day, [])
                first, last = (blocks[0], blocks[-1]) if blocks else (None, None)
                with ui.row().classes("items-center w-full gap-x-3 gap-y-1"):  # wraps on a phone
                    works = ui.checkbox(day_name, value=bool(blocks)).classes("w-32").mark(f"works-{day}")
                    with ui.row().classes("items-center no-wrap gap-2"):  # start and end stay together
                        start = (
                            TimeInput("Start", value=first.start if first else time(9))
                            .classes("w-32")
                            .mark(f"start-{day}")
                        )
                        end = TimeInput("End", value=last.end if last else time(17)).classes("w-32").mark(f"end-{day}")
                    with ui.row().classes("items-center gap-2"):  # on a phone the break's two ends may wrap
                        break_from = (
                            TimeInput("Break from", value=blocks[0].end if len(blocks) > 1 else None, clearable=True)
                            .classes("w-36")  # room for "12:30 PM" beside the clear and clock icons
                            .mark(f"break-from-{day}")
                        )
                        break_to = (
                            TimeInput("Break to", value=blocks[1].start if len(blocks) > 1 else None, clearable=True)
                            .classes("w-36")
                            .mark(f"break-to-{day}")
                        )
                for field in (start, end, break_from, break_to):
                    field.bind_enabled_from(works, "value")
                rows.append((day, works, start, end, break_from, break_to))

            async def save() -> None:
                chosen, bad = [], []
                for day, works, start, end, break_from, break_to in rows:
                    start.error = end.error = break_from.error = None
                    if not works.value:
                        continue
                    begin, finish = start.parsed, end.parsed  # an impossible time says why at its field
                    if begin is None or finish is None:
                        missing = start if begin is None else end
                        bad.append(missing)
                        missing.error = missing.error or "Fill this in."
                        continue
                    pause = break_from.parsed, break_to.parsed
                    if (break_from.value or break_to.value) and None in pause:
                        bad.append(break_from)
                        break_from.error = "Give both ends of the break, or neither."
                        continue
                    inside = (
                        begin < pause[0] < pause[1] and (finish == time(0) or pause[1] < finish) if pause[0] else True
                    )
                    if not inside:
                        bad.append(break_from)
                        break_from.error = "The break must fall inside the working hours."
                        continue
                    chosen += (
                        [WorkingBlock(day, begin, pause[0]), WorkingBlock(day, pause[1], finish)]
                        if pause[0]
                        else [WorkingBlock(day, begin, finish)]
                    )
                if bad:
                    return
                await attempt(
                    set_working_hours,
                    ctx.uow(),
                    actor=ctx.actor,
                    staff_user_id=person.id,
                    blocks=chosen,
                    fields={f"day{day}": end for day, _works, _start, end, *_ in rows},
                    success=f"Working hours of {person.name} saved.",
                )

            ui.button("Save hours", icon="save", on_click=save).props("unelevated")

    chooser.on_value_change(week.refresh)
    await week()
