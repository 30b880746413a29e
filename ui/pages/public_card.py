"""The centred card that pages outside the staff shell draw on."""

from contextlib import contextmanager

from nicegui import ui

from ui.actions import unexpected_error
from ui.shell import apply_theme


@contextmanager
def public_card(heading: str, subheading: str = ""):
    apply_theme()
    ui.on_exception(unexpected_error)
    with ui.column().classes("w-full items-center q-pa-md"):
        with ui.row().classes("items-center q-mt-lg q-mb-md gap-2"):
            ui.icon("local_fire_department", size="2.2rem").classes("text-primary")
            ui.label("Hearth").classes("text-h4 text-primary")
        with ui.card().classes("w-full q-pa-lg").style("max-width: 30rem"):
            ui.label(heading).classes("text-h6")
            if subheading:
                ui.label(subheading).classes("text-body2 text-grey-8")
            yield
