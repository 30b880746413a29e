"""Step 3 of the Bookings Page: a week strip of days (days without a free time disabled, "‹ Earlier" and
"Later ›" up to the end of the booking window) and the chosen day's free times, in the clinic's time zone with the
visitor's own beside them when it differs. The free-time search runs from a click, after the page is connected."""

from collections.abc import Callable
from datetime import date, timedelta

from nicegui import ui

from domain.formats import current
from domain.scheduling.online.slots import FreeTime, day_times, days_with_times
from domain.scheduling.times import city
from ui.booking.flow import Flow, now
from ui.booking.layout import Heading, time_button, touch_button
from ui.state import uow

WEEK = 7
LOOK_AHEAD = 8  # on the first visit, weeks skipped at most to reach the first with a free time


def week_of(day: date, today: date) -> date:
    """The first day of the strip that shows `day` (strips start today, then every seven days)."""
    return today + timedelta(days=WEEK * max(0, (day - today).days // WEEK))


class WhenStep:
    def __init__(self, flow: Flow, choose_time: Callable[[FreeTime], object], back: Callable) -> None:
        self.flow, self.choose_time = flow, choose_time
        self.counts: dict[date, int] = {}
        self.times: list[FreeTime] = []
        self.ticket = 0  # the latest search: an older one that answers late is dropped
        self.skipped_to: date | None = None  # the first visit skipped weeks without free times to this one
        self.note = ui.label().classes("text-body2").mark("zone-note")
        self.week_box = ui.column().classes("w-full gap-2")
        self.times_box = ui.column().classes("w-full gap-2")
        touch_button("‹ Back", back, aria="Back").mark("back")
        self.show_zone()

    def show_zone(self) -> None:
        f = self.flow
        theirs = f" Your own time ({city(f.visitor)}) is shown under each time where it differs." if f.visitor else ""
        self.note.text = f"Times are in {f.city} time.{theirs}"

    def visitor_known(self) -> None:
        """The browser's zone arrived: say so, and add the visitor's own times."""
        if self.note.is_deleted:
            return
        self.show_zone()
        if self.times and self.flow.day:
            self.draw_times(self.flow.day)

    async def start(self) -> None:
        f = self.flow
        start = week_of(f.day, f.today()) if f.day else f.today()
        await self.load_week(start, look_ahead=f.day is None)

    # --- the week strip -----------------------------------------------------------------------------------------

    async def _counts(self, first: date) -> dict[date, int]:
        f = self.flow
        assert f.service is not None
        return await days_with_times(
            uow(read_only=True),
            service_id=f.service.id,
            practitioner_id=f.practitioner_id,
            first=first,
            days=WEEK,
            now=now(),
        )

    async def load_week(self, first: date, *, look_ahead: bool = False) -> None:
        f = self.flow
        self.ticket += 1
        ticket = self.ticket
        self._busy(self.week_box)
        self.times_box.clear()
        self.times = []
        counts = await self._counts(first)
        skipped = 0
        more = lambda: skipped < LOOK_AHEAD and first + timedelta(days=WEEK) <= f.last_day()
        while look_ahead and not any(counts.values()) and more():
            first, skipped = first + timedelta(days=WEEK), skipped + 1
            counts = await self._counts(first)
        if ticket != self.ticket or self.week_box.is_deleted:
            return
        f.week, self.counts = first, counts
        day = f.day if f.day is not None and counts.get(f.day) else next((d for d, n in counts.items() if n), None)
        self.skipped_to = first if skipped else None
        self.draw_week()
        if day is not None:
            await self.load_day(day)
            return
        with self.times_box:
            if first + timedelta(days=WEEK) > f.last_day():
                message = "No free times up to the last day you can book online. Please call the clinic."
            else:
                message = "No free times this week. Try “Later ›”."
            ui.label(message).classes("text-body1").mark("no-times")

    def draw_week(self) -> None:
        f = self.flow
        first = f.week or f.today()
        fmt = current()
        self.week_box.clear()
        with self.week_box:
            if self.skipped_to:
                ui.label(f"The first free times are in the week from {f.day_label(self.skipped_to)}.").classes(
                    "text-body2"
                ).mark("skipped")
            with ui.row().classes("w-full items-center justify-between no-wrap gap-1"):
                earlier = touch_button("‹ Earlier", lambda: self.load_week(first - timedelta(days=WEEK)))
                earlier.props["aria-label"] = "Earlier week"
                earlier.mark("earlier")
                earlier.set_enabled(first > f.today())
                last = first + timedelta(days=WEEK - 1)
                ui.label(f"{fmt.weekday_day(first)} – {fmt.weekday_day(last)}").classes("col text-body2 text-center")
                later = touch_button("Later ›", lambda: self.load_week(first + timedelta(days=WEEK)))
                later.props["aria-label"] = "Later week"
                later.mark("later")
                later.set_enabled(first + timedelta(days=WEEK) <= f.last_day())
            with ui.element("div").classes("hearth-week"):
                for day, count in self.counts.items():
                    self._day_button(day, count)

    def _day_button(self, day: date, count: int) -> None:
        fmt, chosen = current(), day == self.flow.day
        props = "unelevated no-caps color=primary" if chosen else "outline no-caps"
        markers = f"day day-{day.isoformat()}" + (" free-day" if count else "") + (" chosen-day" if chosen else "")
        weekday, shown = fmt.weekday_name(day.weekday(), "abbreviated"), str(count) if count else "–"
        with ui.button(on_click=lambda d=day: self.load_day(d)).props(props).mark(markers) as button:
            with ui.column().classes("items-center gap-0 w-full"):
                ui.label(weekday).classes("text-caption")
                ui.label(str(day.day)).classes("text-subtitle1 text-weight-bold")
                ui.label(shown).classes("text-caption").props("aria-hidden=true")
                # Read aloud, not shown: the count in words and the full date (a name made of the visible text
                # and more, so the button's name still contains what it shows).
                times = f"{count} free time{'' if count == 1 else 's'}" if count else "no free times"
                ui.label(f"{times}, {fmt.weekday_date(day)}").classes("hearth-offscreen")
        button.props["aria-pressed"] = "true" if chosen else "false"
        button.set_enabled(bool(count))

    # --- the day's times ----------------------------------------------------------------------------------------

    async def load_day(self, day: date) -> None:
        f = self.flow
        assert f.service is not None
        self.ticket += 1
        ticket = self.ticket
        f.day = day
        self.draw_week()
        self._busy(self.times_box)
        times = await day_times(
            uow(read_only=True), service_id=f.service.id, practitioner_id=f.practitioner_id, day=day, now=now()
        )
        if ticket != self.ticket or self.times_box.is_deleted:
            return
        self.times = times
        self.draw_times(day)

    def draw_times(self, day: date) -> None:
        f = self.flow
        self.times_box.clear()
        with self.times_box:
            Heading(f"Free times on {f.day_label(day)}", 3)
            if not self.times:
                ui.label("That day has just been booked up. Choose another day.").classes("text-body1")
                return
            with ui.element("div").classes("hearth-times"):
                for time in self.times:
                    self._time_button(time)

    def _time_button(self, time: FreeTime) -> None:
        f = self.flow
        local = time.start.astimezone(f.tz)
        chosen = f.time is not None and f.time.start == time.start
        button = time_button(
            f.clock(time.start), f.their_time(time.start), lambda t=time: self.choose_time(t), chosen=chosen
        )
        button.mark(f"time time-{local:%H:%M}")

    def _busy(self, box: ui.column) -> None:
        box.clear()
        with box, ui.row().classes("items-center gap-2 q-py-sm").mark("searching"):
            ui.spinner(size="sm")
            ui.label("Looking for free times…").classes("text-body2")
