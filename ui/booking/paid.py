"""Where the payment provider sends a visitor back after paying for a prepaid request (/book/paid/<token>/done) or
leaving its page (/book/paid/<token>): it waits for the provider's word (a Stripe webhook may come after the
browser), then shows the same confirmation as an unpaid request with what was paid, or that the time was lost
meanwhile and the payment refunded, or that the payment was not completed and the time released."""

from datetime import datetime

from nicegui import APIRouter, ui

from domain.clinic.settings import get_clinic
from domain.errors import InvalidLink
from domain.formats import current
from domain.scheduling.online.paid_views import PaidBooking, read_paid_booking
from domain.scheduling.online.settings import read_online_settings
from domain.scheduling.online.slots import FreeTime
from ui.booking.confirmation import confirmation
from ui.booking.flow import Flow
from ui.booking.layout import Heading, booking_card, dead_end
from ui.payments.layout import back_link, facts
from ui.payments.waiting import ProviderWait
from ui.state import uow

router = APIRouter()
TITLE = "Book an appointment"
ENDED = {  # state → heading
    "refunded": "The time was no longer available",
    "unpaid": "Payment not completed",
    "declined": "Booking request declined",
    "lapsed": "Booking request not confirmed",
}


@router.page("/book/paid/{token}/done", title=TITLE)
async def paid_done_page(token: str) -> None:
    await _open(token, returned=True)


@router.page("/book/paid/{token}", title=TITLE)
async def paid_page(token: str) -> None:
    await _open(token, returned=False)


async def _open(token: str, *, returned: bool) -> None:
    clinic = await get_clinic(uow(read_only=True))
    try:
        paid = await read_paid_booking(uow(read_only=True), token=token)
    except InvalidLink as exc:
        dead_end(clinic.name, "This page cannot be used", exc.message)
        return
    settings = await read_online_settings(uow(read_only=True))
    with booking_card(clinic.name, TITLE):
        PaidStatus(token, paid, Flow(clinic, settings, [], {}, None), returned=returned)


class PaidStatus(ProviderWait[PaidBooking]):
    """Waiting for the provider (ui/payments/waiting.py), then the outcome. `returned`: the provider sent the
    visitor back as paid (else they left its page without paying, so far)."""

    def __init__(self, token: str, paid: PaidBooking, flow: Flow, *, returned: bool) -> None:
        self.token, self.flow, self.returned = token, flow, returned
        super().__init__(
            paid,
            read=lambda: read_paid_booking(uow(read_only=True), token=token),
            settled=lambda paid: paid.settled,
            show=self.draw_paid,
        )

    def draw_paid(self, paid: PaidBooking) -> None:
        if paid.state in ("requested", "booked"):
            done = paid.requested
            time = FreeTime(done.starts_at, done.ends_at, 0, done.practitioner_name)
            confirmation(self.flow, done, time, paid=f"Paid: {paid.amount_label}, invoice {paid.invoice_label}")
        elif paid.state in ENDED:
            self._ended(paid)
        else:
            self._waiting(paid)

    def _what(self, paid: PaidBooking) -> None:
        r = paid.requested
        facts(
            [
                ("Service", r.service_name, "confirmed-service"),
                ("Practitioner", r.practitioner_name, "confirmed-practitioner"),
                ("Time", self.flow.when(r.starts_at, r.ends_at), "confirmed-time"),
                ("Amount", paid.amount_label, "amount"),
            ]
        )

    def _ended(self, paid: PaidBooking) -> None:
        Heading(ENDED[paid.state], 2).mark("paid-outcome")
        ui.label(paid.requested.message).classes("text-body1").props("role=status").mark("paid-message")
        self._what(paid)
        back_link("Open the Bookings Page", "/book", "bookings-page-link")

    def _waiting(self, paid: PaidBooking) -> None:
        until = self._clock(paid.held_until)
        if self.returned:
            Heading("Waiting for confirmation", 2).mark("waiting")
            said = (
                "We are waiting for the payment provider to confirm your payment; this page updates."
                if self.timer.active
                else "The payment provider has not confirmed your payment yet. If you were charged, it will show here "
                "once they do: please do not pay again. Refresh in a few minutes, or call the clinic."
            )
        else:
            Heading("Payment not completed yet", 2).mark("waiting")
            said = (
                f"Your time is held until {until} while the payment page is open. If you paid, this page updates "
                "when the payment provider confirms it; if not, the time is released then and you can choose one "
                "again."
            )
        ui.label(said).classes("text-body1").props("role=status").mark("paid-message")
        if self.timer.active:
            ui.spinner(size="2rem")
        self._what(paid)
        ui.button("Refresh", icon="refresh", on_click=self.refresh).props("outline no-caps").classes(
            "w-full hearth-touch"
        ).mark("refresh")

    def _clock(self, moment: datetime) -> str:
        return f"{current().time(moment.astimezone(self.flow.tz))} ({self.flow.city} time)"
