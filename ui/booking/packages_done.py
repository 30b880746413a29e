"""Where the payment provider sends a package's buyer back: /book/packages/<token>/done after paying (waits for
the provider's word, then "Your pack is ready" with the invoice number) and /book/packages/<token> after
cancelling (pay again, for the same package and the same details, or choose another). The token is unguessable and
the pages name no person."""

from fastapi import Request
from nicegui import APIRouter, ui

from domain.billing.online.pack_sales import PackPurchase, read_pack_purchase, retry_pack_purchase
from domain.clinic.settings import get_clinic
from domain.errors import InvalidLink
from ui.actions import FAILED, attempt
from ui.booking.layout import Heading, booking_card
from ui.outcome import go_to, page_client
from ui.payments.layout import back_link, facts, pay_dead_end
from ui.payments.waiting import ProviderWait
from ui.session import client_ip
from ui.state import state, uow

router = APIRouter()
TITLE = "Buy a package"


@router.page("/book/packages/{token}", title=TITLE)
async def purchase_page(request: Request, token: str) -> None:
    await _open(request, token, waiting=False)


@router.page("/book/packages/{token}/done", title=TITLE)
async def purchase_done_page(request: Request, token: str) -> None:
    await _open(request, token, waiting=True)


async def _open(request: Request, token: str, *, waiting: bool) -> None:
    ip = client_ip(request)
    clinic = await get_clinic(uow(read_only=True))
    try:
        purchase = await read_pack_purchase(uow(read_only=True), token=token)
    except InvalidLink as exc:
        pay_dead_end(clinic.name, "This link cannot be used", exc.message, back=("Choose a package", "/book/packages"))
        return
    with booking_card(clinic.name, TITLE):
        PurchaseStatus(token, purchase, ip, waiting=waiting)


class PurchaseStatus(ProviderWait[PackPurchase]):
    """Waiting for the provider (ui/payments/waiting.py), then the pack ready, or Pay again."""

    def __init__(self, token: str, purchase: PackPurchase, ip: str | None, *, waiting: bool) -> None:
        self.token, self.ip, self.waiting = token, ip, waiting
        super().__init__(
            purchase,
            read=lambda: read_pack_purchase(uow(read_only=True), token=token),
            settled=lambda p: p.state != "open",
            show=self.draw_purchase,
            ask=waiting,
        )

    def draw_purchase(self, p: PackPurchase) -> None:
        if p.paid:
            self._ready(p)
        elif p.state == "open" and self.waiting:
            self._waiting(p)
        elif p.state == "refunded":
            Heading("This package is no longer offered", 2).mark("refunded")
            ui.label(
                "The clinic stopped offering it while you paid, so your payment is refunded in full. It can "
                "take a few days to show on your statement."
            ).classes("text-body1")
            back_link("Choose another package", "/book/packages", "another-package")
        else:
            self._not_paid(p)

    def _ready(self, p: PackPurchase) -> None:
        Heading("Your pack is ready", 2).classes("text-positive").mark("ready")
        ui.label("Payment received. Thank you!").classes("text-body1").mark("received")
        lines = [("Package", p.pack_name, "pack-name"), ("Covers", p.size_label, "pack-size")]
        if p.expires_label:
            lines.append(("Expiry", p.expires_label, "pack-expiry"))
        lines += [("Invoice", f"{p.invoice_label} (paid)", "invoice-number"), ("Paid", p.amount_label, "paid")]
        facts(lines)
        Heading("What happens next", 3)
        ui.label(
            ("We have emailed you a receipt. " if p.emailed else "Please keep the invoice number. ")
            + "The clinic will be in touch to book your sessions, or you can ask for a time on the Bookings Page."
        ).classes("text-body1").mark("what-next")
        back_link("Book an appointment", "/book", "bookings-page-link")

    def _waiting(self, p: PackPurchase) -> None:
        Heading("Waiting for confirmation", 2).mark("waiting")
        ui.label(
            "We are waiting for the payment provider to confirm your payment; this page updates."
            if self.timer.active
            else "The payment provider has not confirmed your payment yet. If you were charged, your pack opens "
            "here once they do: please do not pay again. Refresh in a few minutes, or call the clinic."
        ).classes("text-body1").props("role=status")
        if self.timer.active:
            ui.spinner(size="2rem")
        facts([("Package", p.pack_name, "pack-name"), ("Amount", p.amount_label, "amount")])
        ui.button("Refresh", icon="refresh", on_click=self.refresh).props("outline no-caps").classes(
            "w-full hearth-touch"
        ).mark("refresh")

    def _not_paid(self, p: PackPurchase) -> None:
        Heading("Your payment is not complete", 2).mark("not-paid")
        ui.label(
            "Nothing was charged and your pack has not opened."
            if p.state == "open"
            else "The payment did not go through (it expired or was declined); nothing was charged."
        ).classes("text-body1")
        facts([("Package", p.pack_name, "pack-name"), ("Amount", p.amount_label, "amount")])
        if p.buyable and state.payment_provider is not None:
            self.button = (
                ui.button(f"Pay {p.amount_label}", on_click=self.pay_again)
                .props("unelevated size=lg no-caps")
                .classes("w-full hearth-touch")
                .mark("pay-again")
            )
        else:
            ui.label("This package cannot be bought online now. Please call the clinic.").classes("text-body1")
        back_link("Choose another package", "/book/packages", "another-package")

    async def pay_again(self) -> None:
        client = page_client()
        if self.button.props.get("loading"):  # a second tap before the provider answered
            return
        self.button.props("loading")
        url = await attempt(
            retry_pack_purchase, uow(), token=self.token, provider=state.payment_provider, ip=self.ip, client=client
        )
        if url is FAILED:
            if not self.button.is_deleted:
                self.button.props(remove="loading")
            return
        go_to(client, url)
