"""Typed date and time fields with a picker: every date field of the app is one of these.

The browser's own date input empties itself on an impossible date (02/29/1990) and the form then saves
nothing in its place; here the text stays as typed, `.iso` hands it to the service in ISO order, and the
service says at the field what is wrong with it. The pattern is a parameter (the clinic's, later).
"""

from datetime import date, time

from nicegui import ui

from domain.dates import ISO, BadDate, DateFormat, parse_date, parse_time


class DateInput(ui.input):
    def __init__(
        self, label: str = "", *, value: date | None = None, fmt: DateFormat = ISO, clearable: bool = False
    ) -> None:
        super().__init__(label, value=fmt.format(value))
        self.fmt = fmt
        self.props("outlined dense stack-label inputmode=numeric")
        self.props["mask"] = fmt.mask
        self.props["placeholder"] = fmt.pattern
        if clearable:
            self.props("clearable")
        with self.add_slot("append"):
            with ui.icon("event").classes("cursor-pointer").props("aria-label='Choose a date'") as icon:
                with ui.menu().props("no-parent-event") as menu:
                    picker = ui.date(mask=fmt.pattern).props("today-btn minimal")
                    picker.bind_value(self)
                    picker.on_value_change(lambda: menu.close())
            icon.on("click", menu.open)

    @property
    def iso(self) -> str:
        """What was typed, as ISO text for a service ('' when empty); not checked (the service does that)."""
        return self.fmt.to_iso(self.value)

    @property
    def parsed(self) -> date | None:
        """The date typed, or None when empty or impossible (the field shows why)."""
        try:
            self.error = None
            return parse_date(self.iso) if self.iso else None
        except BadDate as exc:
            self.error = str(exc)
            return None

    def set_date(self, value: date | None) -> None:
        self.value = self.fmt.format(value)


class TimeInput(ui.input):
    """A 24-hour time (HH:MM) with a picker."""

    def __init__(self, label: str = "", *, value: time | None = None, clearable: bool = False) -> None:
        super().__init__(label, value=f"{value:%H:%M}" if value else "")
        self.props("outlined dense stack-label inputmode=numeric mask=##:## placeholder=HH:MM")
        if clearable:
            self.props("clearable")
        with self.add_slot("append"):
            with ui.icon("schedule").classes("cursor-pointer").props("aria-label='Choose a time'") as icon:
                with ui.menu().props("no-parent-event") as menu:
                    ui.time().props("format24h").bind_value(self)
            icon.on("click", menu.open)

    @property
    def parsed(self) -> time | None:
        """The time typed, or None when empty or impossible (the field shows why)."""
        self.error = None
        if not (self.value or "").strip():
            return None
        try:
            return parse_time(self.value)
        except BadDate as exc:
            self.error = str(exc)
            return None


def all_parsed(*fields: "DateInput | TimeInput") -> list | None:
    """The dates (or times) of several fields, or None after marking each empty or impossible one at its field."""
    values = [f.parsed for f in fields]
    for field, value in zip(fields, values, strict=True):
        if value is None and not (field.value or "").strip():
            field.error = "Fill this in."
    return None if any(v is None for v in values) else values
