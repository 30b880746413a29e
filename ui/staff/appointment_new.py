"""The new-appointment panel: opens on a selected time block with start, end and practitioner filled in."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from nicegui import ui

from domain.scheduling.booking import Booking, book_appointment
from domain.scheduling.clashes import OutsideHours
from domain.scheduling.recurrence import Repeat, book_series, plan_series
from domain.scheduling.services import list_services
from domain.scheduling.times import to_utc
from domain.scheduling.views import KIND_LABELS
from ui.actions import FAILED, attempt
from ui.components.confirm import confirm
from ui.session import StaffContext
from ui.staff.appointment_moves import confirming_outside_hours
from ui.staff.client_picker import client_picker
from ui.state import uow


def _time(text: str | None) -> time | None:
    try:
        return time.fromisoformat((text or "").strip())
    except ValueError:
        return None


def side_panel() -> tuple[ui.dialog, ui.card]:
    """A panel on the right (full screen on a phone) that removes itself when closed."""
    dialog = ui.dialog().props("position=right full-height")
    dialog.on("hide", lambda: dialog.delete())
    with dialog:
        card = ui.card().classes("q-pa-md gap-3 no-wrap").style("width: min(440px, 100vw); height: 100%; "
                                                                  "overflow-y: auto")
    return dialog, card


async def open_booking_panel(ctx: StaffContext, *, start: datetime, end: datetime, practitioner_id: int | None,
                             practitioners: list) -> None:
    tz = ZoneInfo(ctx.clinic.time_zone)
    services = await list_services(uow(read_only=True), include_inactive=False)
    dialog, card = side_panel()
    with card:
        with ui.row().classes("w-full items-center no-wrap"):
            ui.label("New appointment").classes("text-h6")
            ui.space()
            ui.button(icon="close", on_click=dialog.close).props("flat round dense aria-label=Close")
        kind = ui.toggle({k: v.split()[0] if k == "client" else v for k, v in KIND_LABELS.items()},
                         value="client").props("no-caps unelevated toggle-color=primary").mark("kind")
        client_box = ui.column().classes("w-full gap-1")
        with client_box:
            picked = await client_picker(ctx)
        title = ui.input("Title", placeholder="e.g. Team meeting").props("outlined dense").classes("w-full").mark(
            "title")
        service = ui.select({s.id: s.label for s in services}, label="Select a Service or Pack", clearable=True).props(
            "outlined dense").classes("w-full").mark("service")
        who = ui.select({p.id: p.name for p in practitioners}, value=practitioner_id, label="Practitioner").props(
            "outlined dense").classes("w-full").mark("practitioner")
        day = ui.input("Date", value=start.date().isoformat()).props("type=date outlined dense").classes("w-full").mark(
            "date")
        with ui.row().classes("w-full no-wrap gap-2"):
            begins = ui.input("Start", value=f"{start:%H:%M}").props("type=time outlined dense").classes("col").mark(
                "start")
            ends = ui.input("End", value=f"{end:%H:%M}").props("type=time outlined dense").classes("col").mark("end")
        price = ui.label("").classes("text-caption text-grey-8")
        notes = ui.textarea("Notes").props("outlined dense autogrow").classes("w-full").mark("notes")
        repeat = ui.checkbox("Repeat").mark("repeat")
        with ui.column().classes("w-full gap-1").bind_visibility_from(repeat, "value"):
            with ui.row().classes("items-center no-wrap gap-2"):
                every = ui.number("Every (weeks)", value=1, min=1, max=12, precision=0).props(
                    "outlined dense").classes("w-32").mark("every")
                times = ui.number("Times", value=6, min=2, max=52, precision=0).props(
                    "outlined dense").classes("w-24").mark("times")
            until = ui.input("…or until", value="").props("type=date outlined dense clearable").classes(
                "w-full").mark("until")
        save = ui.button("Save", icon="event_available").props("unelevated").classes("w-full").mark("save")

    def on_kind() -> None:
        client_box.visible = service.visible = price.visible = kind.value == "client"
        title.visible = kind.value != "client"
    kind.on_value_change(on_kind)
    on_kind()

    def on_service() -> None:
        chosen = next((s for s in services if s.id == service.value), None)
        begin = _time(begins.value)
        if chosen and begin:
            finish = datetime.combine(date.today(), begin) + timedelta(minutes=chosen.duration_minutes)
            ends.value = f"{finish:%H:%M}"
        price.text = f"Price {chosen.price_label} · {chosen.duration_minutes} minutes" if chosen else ""
    service.on_value_change(on_service)
    fields = {"start": begins, "end": ends, "client": picked.search, "service": service, "practitioner": who,
              "title": title, "every_weeks": every, "times": times, "until": until}

    def booking() -> Booking | None:
        try:
            the_day = date.fromisoformat(day.value)
        except (TypeError, ValueError):
            day.error = "Choose a date."
            return None
        begin, finish = _time(begins.value), _time(ends.value)
        if begin is None or finish is None:
            (begins if begin is None else ends).error = "Use a time such as 09:30."
            return None
        local_start = datetime.combine(the_day, begin)
        local_end = datetime.combine(the_day, finish) + (timedelta(days=1) if finish == time(0) else timedelta())
        try:
            start_utc, end_utc = to_utc(local_start, tz), to_utc(local_end, tz, field="end")
        except Exception as exc:  # a time skipped by the clocks
            begins.error = getattr(exc, "message", "That time does not exist.")
            return None
        return Booking(practitioner_id=who.value, start=start_utc, end=end_utc, kind=kind.value,
                       profile_id=picked.profile_id if kind.value == "client" else None,
                       service_id=service.value if kind.value == "client" else None,
                       title=title.value or "", notes=notes.value or "")

    async def on_save() -> None:
        for field in (day, begins, ends):
            field.error = None
        b = booking()
        if b is None:
            return
        save.disable()
        try:
            done = await (save_series(ctx, b, _repeat(every, times, until), fields) if repeat.value
                          else save_one(ctx, b, fields))
        finally:
            save.enable()
        if done:
            dialog.close()

    save.on_click(on_save)
    dialog.open()


def _repeat(every, times, until) -> Repeat:
    try:
        end_date = date.fromisoformat(until.value) if until.value else None
    except ValueError:
        end_date = None
    return Repeat(every_weeks=int(every.value or 0), times=None if end_date else int(times.value or 0),
                  until=end_date)


async def save_one(ctx: StaffContext, b: Booking, fields: dict) -> bool:
    async def book(confirmed: bool):
        return await attempt(book_appointment, uow(), actor=ctx.actor, booking=b, confirmed_outside_hours=confirmed,
                             fields=fields, success="Appointment booked.", passthrough=(OutsideHours,))
    return await confirming_outside_hours(book, yes="Book anyway", no="Choose another time")


async def save_series(ctx: StaffContext, b: Booking, repeat: Repeat, fields: dict) -> bool:
    plan = await attempt(plan_series, uow(read_only=True), actor=ctx.actor, booking=b, repeat=repeat, fields=fields)
    if plan is FAILED:
        return False
    clashes = [o for o in plan if o.clash]
    outside = [o for o in plan if o.outside_hours]
    if clashes or outside:
        lines = [f"{o.label}: {'CLASH: ' + o.clash if o.clash else 'outside working hours'}" for o in clashes + outside]
        question = (f"{len(plan)} appointments. " + (f"{len(clashes)} clash and will be skipped. " if clashes else "")
                    + (f"{len(outside)} are outside working hours. " if outside else "") + "\n" + "\n".join(lines))
        if len(clashes) == len(plan) or not await confirm(
                question, yes=f"Skip clashes and book {len(plan) - len(clashes)}" if clashes else "Book anyway",
                no="Back", title="Review the series"):
            if len(clashes) == len(plan):
                ui.notify("Every occurrence clashes with another booking. Choose another time.", type="warning")
            return False
    booked = await attempt(book_series, uow(), actor=ctx.actor, booking=b, repeat=repeat, skip_clashes=bool(clashes),
                           confirmed_outside_hours=bool(outside), fields=fields)
    if booked is FAILED:
        return False
    ui.notify(f"{len(booked)} appointments booked.", type="positive")
    return True
