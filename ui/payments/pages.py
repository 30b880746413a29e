"""Pay by link (no login, phone-first): /pay/<token> shows what an issued invoice's email asks to be paid and sends
the payer to the provider's checkout (the sandbox's page, or Stripe); /pay/<token>/done is where the provider sends
them back, and waits for the provider's word (a Stripe webhook may come after the browser)."""

from fastapi import Request
from nicegui import APIRouter, ui

from domain.billing.online.checkout import PayLinkView, read_pay_link, start_invoice_checkout
from domain.clinic.settings import get_clinic
from domain.errors import InvalidLink
from ui.actions import FAILED, attempt
from ui.booking.layout import Heading, booking_card
from ui.outcome import go_to, page_client
from ui.payments import sandbox_page
from ui.payments.layout import back_link, facts, pay_dead_end, sandbox_note
from ui.payments.waiting import ProviderWait
from ui.session import client_ip
from ui.state import state, uow

router = APIRouter()
router.include_router(sandbox_page.router)  # first: /pay/sandbox/<ref> before /pay/<token>/…
TITLE = "Pay an invoice"
BAD_LINK_HEADING = "This payment link cannot be used"


def _summary(link: PayLinkView) -> None:
    facts(
        [
            ("Invoice", link.invoice_label, "invoice-number"),
            ("For", link.payee, "payee"),
            ("Total", link.total_label, "total"),
            ("Balance due", f"{link.balance_label} ({link.currency})", "balance"),
        ]
    )


@router.page("/pay/{token}", title=TITLE)
async def pay_page(request: Request, token: str) -> None:
    ip = client_ip(request)
    clinic = await get_clinic(uow(read_only=True))
    try:
        link = await read_pay_link(uow(read_only=True), token=token)
    except InvalidLink as exc:
        pay_dead_end(clinic.name, BAD_LINK_HEADING, exc.message)
        return
    provider = state.payment_provider
    with booking_card(clinic.name, f"Invoice {link.invoice_label}"):
        _summary(link)
        if link.paid:
            ui.label(f"Invoice {link.invoice_label} is paid. Thank you!").classes("text-h6 text-positive").mark("paid")
            return
        if provider is None:
            ui.label("Online payment is not available; please call the clinic.").classes("text-body1").mark(
                "not-available"
            )
            return
        if provider.name == "sandbox":
            sandbox_note()

        async def pay() -> None:
            client = page_client()
            if button.props.get("loading"):  # a second tap before the provider answered
                return
            button.props("loading")
            waiting.set_visibility(True)
            url = await attempt(
                start_invoice_checkout,
                uow(),
                token=token,
                provider=provider,
                public_url=state.config.public_url,
                ip=ip,
                save_card=bool(save.value),
                client=client,
            )
            if url is FAILED:
                waiting.set_visibility(False)
                button.props(remove="loading")
                return
            go_to(client, url)  # the provider's checkout: the sandbox's page here, or Stripe's

        if link.saved_card_provider == provider.name:
            ui.label(f"A card is saved for {link.payee}: the payment page offers it.").classes("text-body2").mark(
                "saved-card-offered"
            )
        save = (
            ui.checkbox(f"Save my card for future payments to {clinic.name}", value=False)
            .classes("hearth-touch")
            .mark("save-card")
        )
        button = (
            ui.button(f"Pay {link.balance_label}", on_click=pay)
            .props("unelevated size=lg no-caps")
            .classes("w-full hearth-touch")
            .mark("pay")
        )
        waiting = ui.label("Opening the payment page…").classes("text-body2 text-grey-8").mark("opening")
        waiting.set_visibility(False)
        ui.label(
            f"You pay through {provider.label}, which also keeps a saved card; {clinic.name} never sees your card "
            "number."
        ).classes("text-caption text-grey-8")


@router.page("/pay/{token}/done", title=TITLE)
async def done_page(token: str) -> None:
    clinic = await get_clinic(uow(read_only=True))
    try:
        link = await read_pay_link(uow(read_only=True), token=token)
    except InvalidLink as exc:
        pay_dead_end(clinic.name, BAD_LINK_HEADING, exc.message)
        return
    with booking_card(clinic.name, f"Invoice {link.invoice_label}"):
        PaymentStatus(token, link)


class PaymentStatus(ProviderWait[PayLinkView]):
    """Paid, or waiting for the provider to confirm (ui/payments/waiting.py)."""

    def __init__(self, token: str, link: PayLinkView) -> None:
        self.token = token
        super().__init__(
            link,
            read=lambda: read_pay_link(uow(read_only=True), token=token),
            settled=lambda link: link.paid,
            show=self.draw_link,
        )

    def draw_link(self, link: PayLinkView) -> None:
        if link.paid:
            Heading("Payment received. Thank you!", 2).classes("text-positive").mark("received")
            ui.label(f"Invoice {link.invoice_label} is paid. You can close this page.").classes("text-body1")
            _summary(link)
            return
        Heading("Waiting for confirmation", 2).mark("waiting")
        ui.label(
            "We are waiting for the payment provider to confirm your payment; this page updates."
            if self.timer.active
            else "The payment provider has not confirmed your payment yet. If you were charged, it will show "
            "here once they do: please do not pay again. Refresh in a few minutes, or call the clinic."
        ).classes("text-body1").props("role=status")
        if self.timer.active:
            ui.spinner(size="2rem")
        _summary(link)
        ui.button("Refresh", icon="refresh", on_click=self.refresh).props("outline no-caps").classes(
            "w-full hearth-touch"
        ).mark("refresh")
        back_link("Back to the invoice", f"/pay/{self.token}", "back-to-invoice")
