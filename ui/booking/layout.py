"""The Bookings Page's frame: a centred narrow card under the clinic's name (like ui/pages/public_card.py, with real
headings for screen readers), the dead end of a link that cannot be used, and the page when nothing is offered."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement

from ui.actions import unexpected_error
from ui.shell import apply_theme

SIZES = {1: "text-h5", 2: "text-h6", 3: "text-subtitle1 text-weight-medium"}


class Heading(TextElement):
    """<h1>…<h3> with Quasar's type sizes (ui.label is a <div>, which screen readers do not list)."""

    def __init__(self, text: str, level: int) -> None:
        super().__init__(tag=f"h{level}", text=text)
        self.classes(SIZES[level])


@contextmanager
def booking_card(clinic_name: str, heading: str, subheading: str = "") -> Iterator[None]:
    apply_theme()
    ui.on_exception(unexpected_error)
    with ui.element("div").classes("nicegui-column w-full items-center q-pa-sm gap-0"):  # the page is the <main>
        with ui.row().classes("items-center no-wrap q-my-md gap-2"):
            ui.icon("local_fire_department", size="2rem").classes("text-primary")
            ui.label(clinic_name).classes("text-h6 text-primary").mark("clinic-name")
        with ui.card().classes("hearth-booking gap-3"):
            Heading(heading, 1).mark("page-heading")
            if subheading:
                ui.label(subheading).classes("text-body2 text-grey-8")
            yield


def touch_button(text: str, on_click: Callable, *, aria: str | None = None, props: str = "flat no-caps") -> ui.button:
    """A text button at least 44 px square; `aria` (a constant) names it for screen readers when the text alone
    would be vague ('Change' → 'Change service')."""
    button = ui.button(text, on_click=on_click).props(props).classes("hearth-touch")
    if aria:
        button.props["aria-label"] = aria  # a property, never parsed
    return button


def time_button(text: str, theirs: str, on_click: Callable, *, chosen: bool = False) -> ui.button:
    """A free time ('10:00 am'), with the visitor's own time under it when theirs differs."""
    props = "unelevated no-caps color=primary" if chosen else "outline no-caps"
    with ui.button(on_click=on_click).props(props) as button:
        with ui.column().classes("items-center gap-0 w-full"):
            ui.label(text).classes("text-subtitle1 text-weight-medium")
            if theirs:
                ui.label(theirs).classes("text-caption")
    return button


def dead_end(clinic_name: str, heading: str, message: str) -> None:
    """A link that cannot be used: why, and the way to book without it."""
    with booking_card(clinic_name, heading):
        ui.label(message).classes("text-body1").mark("link-problem")
        ui.label("You can still ask for a time on the Bookings Page.").classes("text-body2 text-grey-8")
        ui.link("Open the Bookings Page", "/book").classes("text-body1 hearth-touch inline-flex items-center").mark(
            "bookings-page-link"
        )


def not_available(clinic_name: str) -> None:
    with booking_card(clinic_name, "Book an appointment"):
        ui.label("Online booking is not available at the moment. Please call the clinic.").classes("text-body1").mark(
            "not-available"
        )
        ui.label(clinic_name).classes("text-body2 text-grey-8")
