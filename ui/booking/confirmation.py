"""Step 5 of the Bookings Page: what happens next (Setup > Online Booking's text), what was asked for, and what
cancelling means (for a prepaid booking: credit or a refund, as Setup says). Also drawn by the page a prepaid
request's payment returns to (ui/booking/paid.py), with what was paid."""

from nicegui import ui

from domain.scheduling.online.requests import Requested
from domain.scheduling.online.settings import cancellation_terms
from domain.scheduling.online.slots import FreeTime
from ui.booking.flow import Flow
from ui.booking.layout import Heading


def confirmation(flow: Flow, done: Requested, chosen: FreeTime, *, paid: str = "") -> ui.column:
    """`chosen` is the time the page sent: a refused robot (the honeypot) is told nothing different, so what the
    service leaves empty comes from the page's own choices. `paid`: a prepaid request's 'Paid: $132.00, invoice
    INV-00012'."""
    booked = done.state == "booked"
    service = done.service_name or (flow.service.name if flow.service else "")
    practitioner = done.practitioner_name or chosen.practitioner_name
    start, end = (done.starts_at, done.ends_at) if done.service_name else (chosen.start, chosen.end)
    with ui.column().classes("w-full gap-3").mark("confirmation") as box:
        Heading("You are booked" if booked else "Booking requested", 2).props("tabindex=-1").mark("step-heading")
        ui.label(done.message or flow.settings.confirmation_text).classes("text-body1 whitespace-pre-line").mark(
            "confirmation-message"
        )
        with ui.column().classes("w-full gap-1"):
            for title, value, marker in (
                ("Service", service, "confirmed-service"),
                ("Practitioner", practitioner, "confirmed-practitioner"),
                ("Time", flow.when(start, end), "confirmed-time"),
            ):
                ui.label(title).classes("text-caption text-grey-8")
                ui.label(value).classes("text-body1").mark(marker)
        if paid:
            ui.label(paid).classes("text-body1 text-weight-medium").mark("confirmed-paid")
        ui.label(cancellation_terms(flow.settings, bool(paid))).classes("text-body2").mark("cancellation-terms")
        if done.email:  # booked at once: only an active client is emailed (prospects get no automated messages)
            said = (
                f"The clinic will email {done.email} if anything changes."
                if booked
                else f"We will email {done.email} when the clinic has confirmed or declined your request."
                + ("" if paid else " If it is not confirmed in time, the request lapses and the time is offered again.")
            )
            ui.label(said).classes("text-body1").mark("confirmation-email")
        ui.link("Book another appointment", flow.start_path).classes("text-body1 hearth-touch inline-flex items-center")
        if flow.portal and flow.others and flow.book_for:  # a family member books for several, one after another
            ui.label("Booking for someone else too?").classes("text-body1 text-weight-medium q-mt-sm")
            with ui.row().classes("w-full gap-2").mark("book-for-others"):
                for person_id, name in flow.others:
                    ui.button(
                        f"Book for {name}", on_click=lambda p=person_id, n=name: flow.book_for and flow.book_for(p, n)
                    ).props("outline no-caps").classes("hearth-touch").mark(f"book-for-{person_id}")
        if flow.portal:
            ui.link("Back to Home", "/portal").classes("text-body1 hearth-touch inline-flex items-center")
    return box
