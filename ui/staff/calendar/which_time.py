"""Asking which time a person meant when the clocks go back and the wall-clock time they dragged to happens
twice (domain/scheduling/times.py reads the times and knows the choices)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from nicegui import ui
from nicegui.client import Client

from domain.formats import current
from domain.scheduling.times import readings
from ui.components.dialogs import page_dialog


async def ask_which(client: Client, start: datetime, end: datetime, tz: ZoneInfo) -> tuple[int, int] | None:
    """For a drag or resize into the repeated hour: a question with one button per reading; None: cancelled."""
    options = readings(start, end, tz)
    if len(options) == 1:
        return next(iter(options))
    with page_dialog(width="min(28rem, 95vw)", client=client) as dialog:
        ui.label("Which time?").classes("text-h6")
        ui.label(
            f"The clocks go back that night, so {current().time(start)} or {current().time(end)} happens twice on "
            f"{current().weekday_date(start)}. Choose the one you mean:"
        ).classes("text-body2")
        for folds, text in options.items():
            ui.button(text, on_click=lambda f=folds: dialog.submit(f)).props("outline no-caps").classes("w-full").mark(
                "choose-fold"
            )
        ui.button("Keep it where it was", on_click=lambda: dialog.submit(None)).props("flat no-caps")
    answer = await dialog
    return answer
