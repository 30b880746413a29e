"""The Calendar: practitioners side by side, drag to book, drag to move or resize, live in every browser."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from nicegui import APIRouter, ui
from nicegui.events import GenericEventArguments

from domain import topics
from domain.formats import current
from domain.scheduling.calendar import calendar_range, list_practitioners
from domain.scheduling.times import offset_label, parse_wall_clock
from ui.components.calendar import Calendar
from ui.live import coalesced, on_change
from ui.session import StaffContext, staff_page
from ui.staff.calendar.appointment_panel import open_appointment_panel
from ui.staff.calendar.events import calendar_events, grid_hours
from ui.staff.calendar.moves import save_move
from ui.staff.calendar.new_appointment import open_booking_panel

router = APIRouter()
ALL = 0


def options(resources: list[dict], tz: ZoneInfo) -> dict:
    fmt = current()
    clock = {"hour": "2-digit" if not fmt.hour12 else "numeric", "minute": "2-digit", "hour12": fmt.hour12}
    return {
        "locale": fmt.locale,  # weekday and month names, the order of day and month (Intl in the browser)
        # the library knows fixed offsets only: today's offset puts "now" and "today" right; events
        # come as floating wall-clock times of the clinic, so other days' offsets do not matter
        "timeZone": offset_label(tz, datetime.now(UTC)),
        "view": "resourceTimeGridWeek",
        "resources": resources,
        "datesAboveResources": True,
        "headerToolbar": {
            "start": "prev,next today",
            "center": "title",
            "end": "resourceTimeGridDay,resourceTimeGridWeek",
        },
        "buttonText": {"today": "Today", "resourceTimeGridDay": "Day", "resourceTimeGridWeek": "Week"},
        "firstDay": (fmt.babel.first_week_day + 1) % 7,  # Babel: Monday 0; the library: Sunday 0
        "allDaySlot": False,
        "nowIndicator": True,
        "selectable": True,
        "editable": True,
        "slotMinTime": "06:00",
        "slotMaxTime": "21:00",
        "scrollTime": "08:00",
        "slotDuration": "00:15:00",
        "slotLabelInterval": "01:00",
        "snapDuration": "00:05:00",
        "height": "calc(100vh - 150px)",
        "slotHeight": 16,
        "eventTimeFormat": clock,
        "slotLabelFormat": clock,
        "dayHeaderFormat": {"weekday": "short", "day": "numeric", "month": "short"},
    }


@staff_page(router, "/calendar", title="Calendar", capability="calendar", heading=False)
async def calendar_page(ctx: StaffContext) -> None:
    tz = ZoneInfo(ctx.clinic.time_zone)
    practitioners = await list_practitioners(ctx.uow(read_only=True))
    resources = [{"id": p.id, "title": p.name} for p in practitioners]
    shown: dict = {"range": None}

    with ui.row().classes("w-full items-center gap-x-4 gap-y-1 q-mt-sm"):
        ui.label("Calendar").classes("text-h5")
        chooser = (
            ui.select(
                {ALL: "All practitioners", **{p.id: p.name for p in practitioners}}, value=ALL, label="Practitioners"
            )
            .props("outlined dense options-dense")
            .classes("w-56")
            .mark("practitioner-filter")
        )
        ui.space()
        ui.label(f"Times in {ctx.clinic.time_zone.replace('_', ' ')}").classes("text-caption text-grey-7")
    if not practitioners:
        with ui.card().classes("q-pa-lg"):
            ui.label("Nobody takes appointments yet").classes("text-h6")
            ui.label(
                "In Setup > Staff users, tick “Takes appointments” for each practitioner, then set their working hours."
            )
            ui.link("Open Setup", "/setup")
        return
    calendar = Calendar(options(resources, tz)).classes("w-full bg-white rounded-borders q-pa-sm").mark("calendar")

    @coalesced  # several changes at once (a series, a pack's renumbering) redraw the week once, in order
    async def load() -> None:
        if shown["range"] is None:
            return
        start, end = shown["range"]
        ids = None if chooser.value == ALL else [chooser.value]
        data = await calendar_range(
            ctx.uow(read_only=True), actor=ctx.actor, start=start, end=end, practitioner_ids=ids
        )
        first, last = grid_hours(data.appointments, tz)
        if (first, last) != (calendar.options["slotMinTime"], calendar.options["slotMaxTime"]):
            calendar.set_options(slotMinTime=first, slotMaxTime=last)
        calendar.set_events(calendar_events(data, start, end, tz))

    def utc(text: str) -> datetime:
        return parse_wall_clock(text).replace(tzinfo=tz).astimezone(UTC)

    async def on_range(e: GenericEventArguments) -> None:
        visible = (utc(e.args["start"]), utc(e.args["end"]))
        if visible != shown["range"]:  # the first week was drawn with the page already
            shown["range"] = visible
            await load()

    async def on_filter() -> None:
        chosen = resources if chooser.value == ALL else [r for r in resources if r["id"] == chooser.value]
        calendar.set_option("resources", chosen)
        await load()

    async def on_select(e: GenericEventArguments) -> None:
        default = chooser.value if chooser.value != ALL else (practitioners[0].id if practitioners else None)
        await open_booking_panel(
            ctx,
            start=parse_wall_clock(e.args["start"]),
            end=parse_wall_clock(e.args["end"]),
            practitioner_id=e.args.get("resourceId") or default,
            practitioners=practitioners,
        )

    async def on_open(e: GenericEventArguments) -> None:
        await open_appointment_panel(ctx, int(str(e.args["id"]).removeprefix("a")), practitioners=practitioners)

    async def on_change_event(e: GenericEventArguments) -> None:
        args = e.args
        ok = await save_move(
            ctx,
            tz,
            int(str(args["id"]).removeprefix("a")),
            args["version"],
            args["start"],
            args["end"],
            args.get("resourceId"),
        )
        calendar.settle(args["token"], ok)
        if not ok:
            await load()  # the truth, in case it changed meanwhile

    monday = datetime.now(tz).date() - timedelta(days=datetime.now(tz).weekday())
    shown["range"] = (utc(f"{monday}T00:00:00"), utc(f"{monday + timedelta(days=7)}T00:00:00"))
    # listening before the first load: a range asked for meanwhile is loaded after it (load is coalesced)
    calendar.on("range", on_range)
    calendar.on("select", on_select)
    calendar.on("open", on_open)
    calendar.on("change", on_change_event)
    chooser.on_value_change(on_filter)
    on_change(topics.CALENDAR, load)
    await load()  # this week's events come with the page: no round trip before the calendar fills
