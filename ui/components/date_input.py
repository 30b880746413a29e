"""Typed date and time fields with a picker: every date field of the app is one of these.

The browser's own date input empties itself on an impossible date (02/29/1990) and the form then saves
nothing in its place; here the text stays as typed, `.iso` hands it to the service in ISO order, and the
service says at the field what is wrong with it. Both fields show the clinic's format (domain/formats.py: its
locale's short date pattern in Quasar's tokens, 24-hour or 12-hour times) and keep a picker in the same language.
"""

from datetime import date, time

from nicegui import ui

from domain.dates import BadDate, DateFormat, parse_date, parse_time
from domain.formats import current


class DateInput(ui.input):
    def __init__(
        self, label: str = "", *, value: date | None = None, fmt: DateFormat | None = None, clearable: bool = False
    ) -> None:
        fmt = fmt or current().date_input
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
    """A time as the clinic writes it: 24-hour ('21:30') or 12-hour ('09:30 PM'), with a picker."""

    def __init__(self, label: str = "", *, value: time | None = None, clearable: bool = False) -> None:
        self.fmt = current()
        super().__init__(label, value=self.fmt.time_value(value))
        self.props("outlined dense stack-label")
        pattern = self.fmt.time_input  # 'HH:mm' or 'hh:mm A'
        self.props["mask"] = "##:## AA" if self.fmt.hour12 else "##:##"
        self.props["placeholder"] = "hh:mm AM" if self.fmt.hour12 else "hh:mm"
        if not self.fmt.hour12:
            self.props["inputmode"] = "numeric"
        if clearable:
            self.props("clearable")
        with self.add_slot("append"):
            with ui.icon("schedule").classes("cursor-pointer").props("aria-label='Choose a time'") as icon:
                with ui.menu().props("no-parent-event") as menu:
                    picker = ui.time(mask=pattern)
                    picker.props["format24h"] = not self.fmt.hour12
                    picker.bind_value(self)
            icon.on("click", menu.open)

    def set_time(self, value: time | None) -> None:
        self.value = self.fmt.time_value(value)

    @property
    def parsed(self) -> time | None:
        """The time typed, or None when empty or impossible (the field shows why)."""
        self.error = None
        if not (self.value or "").strip():
            return None
        try:
            return parse_time(self.value, hour12=self.fmt.hour12)
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
