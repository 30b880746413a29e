"""The payment pages' frame: the Bookings Page's narrow card under the clinic's name (ui/booking/layout.py), the
lines of what is being paid, a link that goes back, the sandbox's banner, and the dead end of a link that cannot
be used (why, and whom to ask)."""

from nicegui import ui

from ui.booking.layout import booking_card

TOUCH_LINK = "text-body1 hearth-touch inline-flex items-center"
SANDBOX_NOTE = "Sandbox: no real money moves. This clinic takes test payments only (a demo or a trial)."


def facts(lines: list[tuple[str, str, str]]) -> None:
    """(title, value, marker) pairs: a caption over each value, as on the Bookings Page's confirmation."""
    with ui.column().classes("w-full gap-1"):
        for title, value, marker in lines:
            ui.label(title).classes("text-caption text-grey-8")
            ui.label(value).classes("text-body1").mark(marker)


def back_link(text: str, target: str, marker: str) -> ui.link:
    """A link at least 44 px high; `target` is set as a property (never parsed)."""
    return ui.link(text, target).classes(TOUCH_LINK).mark(marker)


def sandbox_note() -> None:
    with ui.row().classes("w-full items-center no-wrap gap-2 q-pa-sm rounded-borders bg-amber-2 text-black"):
        ui.icon("science", size="1.5rem").classes("text-amber-10")
        ui.label(SANDBOX_NOTE).classes("text-body2").mark("sandbox-note")


def sandbox_banner() -> None:
    """The top of every sandbox page: nobody may take it for a real checkout."""
    with (
        ui.row()
        .classes("w-full justify-center items-center no-wrap gap-2 q-pa-md bg-amber-7 text-black")
        .props("role=note")
    ):
        ui.icon("science", size="1.8rem")
        ui.label("SANDBOX — test cards only, no real money").classes("text-subtitle1 text-weight-bold").mark(
            "sandbox-banner"
        )


def pay_dead_end(clinic_name: str, heading: str, message: str, *, back: tuple[str, str] | None = None) -> None:
    """A payment link that cannot be used: why, and that the clinic can take the payment another way."""
    with booking_card(clinic_name, heading):
        ui.label(message).classes("text-body1").mark("link-problem")
        if back:
            back_link(back[0], back[1], "back-link")
        else:
            ui.label("The clinic can also take your payment by phone or at your next visit.").classes(
                "text-body2 text-grey-8"
            )
