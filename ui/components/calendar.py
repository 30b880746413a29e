"""The calendar element: @event-calendar's resource time grid (one column per practitioner).

Python sends events as the clinic's wall-clock times; the element emits `select`, `open`,
`change` (drag or resize; answer with settle(token, ok) so a refused move snaps back) and
`range` (the visible dates changed).
"""

from typing import Any

from nicegui import ui

VENDOR = "/assets/vendor/event-calendar"


class Calendar(ui.element, component="calendar.js"):
    def __init__(self, options: dict[str, Any]) -> None:
        ui.add_head_html(
            f'<link rel="stylesheet" href="{VENDOR}/event-calendar.min.css">'
            f'<script src="{VENDOR}/event-calendar.min.js"></script>'
        )
        super().__init__()
        self._props["options"] = options
        self._props["events"] = []

    @property
    def events(self) -> list[dict]:
        return self._props["events"]

    def set_events(self, events: list[dict]) -> None:
        self._props["events"] = events
        self.update()

    @property
    def options(self) -> dict[str, Any]:
        return self._props["options"]

    def set_option(self, key: str, value: Any) -> None:
        self.set_options(**{key: value})

    def set_options(self, **values: Any) -> None:
        self._props["options"] = {**self._props["options"], **values}
        self.update()

    def settle(self, token: int, ok: bool) -> None:
        """Tells the browser whether the drag it reported was saved; if not, the event snaps back."""
        self.run_method("settle", token, ok)
