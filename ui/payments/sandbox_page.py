"""The sandbox provider's "hosted" checkout (/pay/sandbox/<ref>): looks like a card payment page and says SANDBOX
everywhere. Only the card number is read (a test card succeeds or is declined); expiry and CVC are there for the
look and go nowhere. Nothing typed here is stored or logged. A payer who saved a sandbox card before pays with it
("Pay with your saved card", no number typed); one who asked to save their card is told "Card saved (sandbox)"."""

from fastapi import Request
from nicegui import APIRouter, ui

from domain.billing.online.sandbox import DECLINED, PAID, SandboxCheckout, pay_sandbox_checkout, read_sandbox_checkout
from domain.errors import InvalidLink
from ui.actions import FAILED, attempt, unexpected_error
from ui.booking.layout import Heading, touch_button
from ui.outcome import go_to, page_client
from ui.payments.layout import back_link, facts, sandbox_banner
from ui.session import client_ip
from ui.shell import apply_theme
from ui.state import state, uow

router = APIRouter()
TITLE = "Sandbox checkout"
SAVED_PAUSE_SECONDS = 2.0  # "Card saved (sandbox)" shows this long before going back
ENDED = {
    "paid": ("This payment is complete", "This checkout has been paid already. Thank you!"),
    "expired": ("This payment page expired", "Go back to the invoice's payment link to start again."),
    "failed": ("This payment did not go through", "Go back to the invoice's payment link to try again."),
}


def spaced(number: str) -> str:
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


@router.page("/pay/sandbox/{ref}", title=TITLE)
async def sandbox_checkout_page(request: Request, ref: str) -> None:
    ip = client_ip(request)
    apply_theme()
    ui.on_exception(unexpected_error)
    sandbox_banner()
    with ui.element("div").classes("nicegui-column w-full items-center q-pa-sm gap-0"):
        with ui.card().classes("hearth-booking gap-3 q-mt-md") as card:
            try:
                checkout = await read_sandbox_checkout(uow(read_only=True), ref=ref)
            except InvalidLink as exc:
                ended(TITLE, exc.message, None)
                return
            provider = state.payments.get("sandbox")
            if checkout.state in ENDED:
                ended(*ENDED[checkout.state], checkout.return_url)
            elif provider is None:
                ended(
                    "The sandbox is not available",
                    "Test payments are turned off on this server now. Please call the clinic.",
                    checkout.return_url,
                )
            else:
                SandboxForm(card, provider, ref, checkout, ip)


def ended(heading: str, message: str, return_url: str | None) -> None:
    """A dead end: why, and the way back to the invoice's payment link when it is known."""
    Heading(heading, 1).mark("page-heading")
    ui.label(message).classes("text-body1").mark("link-problem")
    if return_url:
        back_link("Go back", return_url, "back-link")


class SandboxForm:
    def __init__(self, card: ui.card, provider, ref: str, checkout: SandboxCheckout, ip: str | None) -> None:
        self.card, self.provider, self.ref, self.checkout, self.ip = card, provider, ref, checkout, ip
        self.busy, self.saved_button = False, None
        Heading(TITLE, 1).mark("page-heading")
        facts([("Paying", checkout.description, "description"), ("Amount", checkout.amount_label, "amount")])
        if checkout.has_saved_card:
            self.saved_button = (
                ui.button(
                    f"Pay with {checkout.card_owner or 'your'} saved card ({checkout.amount_label})",
                    icon="credit_card",
                    on_click=lambda: self.pay(use_saved_card=True),
                )
                .props("unelevated size=lg no-caps")
                .classes("w-full hearth-touch")
                .mark("pay-saved-card")
            )
            ui.label("Or pay with another card:").classes("text-body2 text-grey-8")
        self.number = (
            ui.input("Card number")
            .props("outlined inputmode=numeric autocomplete=off maxlength=23")
            .classes("w-full")
            .mark("card")
        )
        with ui.row().classes("w-full no-wrap gap-2"):
            ui.input("Expiry (MM / YY)").props("outlined inputmode=numeric autocomplete=off maxlength=7").classes(
                "col"
            ).mark("expiry")
            ui.input("CVC").props("outlined inputmode=numeric autocomplete=off maxlength=4").classes("col").mark("cvc")
        with ui.column().classes("w-full gap-1 q-pa-sm rounded-borders bg-amber-1").mark("test-cards"):
            ui.label("Test cards (any expiry date in the future, any CVC):").classes("text-body2")
            for number, outcome in ((PAID, "succeeds"), (DECLINED, "is declined")):
                with ui.row().classes("w-full items-center no-wrap gap-2"):
                    ui.label(f"{spaced(number)} {outcome}").classes("col text-body2")
                    touch_button(
                        "Use", lambda n=number: self.number.set_value(spaced(n)), aria=f"Use the card that {outcome}"
                    ).mark(f"use-{number}")
        self.button = (
            ui.button(f"Pay {checkout.amount_label}", on_click=self.pay)
            .props("unelevated size=lg no-caps")
            .classes("w-full hearth-touch")
            .mark("pay")
        )
        back_link("Cancel and go back", checkout.return_url, "cancel")

    async def pay(self, use_saved_card: bool = False) -> None:
        client = page_client()
        if self.busy:  # a second tap (of either Pay button) before the first answer
            return
        self.busy, pressed = True, self.saved_button if use_saved_card and self.saved_button else self.button
        pressed.props("loading")
        said = FAILED
        try:
            said = await attempt(
                pay_sandbox_checkout,
                uow(),
                provider=self.provider,
                ref=self.ref,
                card_number="" if use_saved_card else (self.number.value or ""),
                use_saved_card=use_saved_card,
                ip=self.ip,
                fields={"card": self.number},
                passthrough=(InvalidLink,),
                client=client,
            )
        except InvalidLink as exc:  # it expired (or went) while the page was open
            self.card.clear()
            with self.card:
                ended("This payment page cannot be used", exc.message, self.checkout.return_url)
            return
        finally:
            self.busy = said is not FAILED  # paid: the page is leaving, nothing more to press
            if not pressed.is_deleted:
                pressed.props(remove="loading")
        if said is FAILED:
            return
        done = f"{self.checkout.return_url}/done"
        if not self.checkout.save_card or self.card.is_deleted:
            go_to(client, done)
            return
        self.card.clear()  # as a hosted checkout does: a moment to say the card was kept, then back to the clinic
        with self.card:
            Heading("Payment complete", 1).mark("page-heading")
            ui.label("Card saved (sandbox)").classes("text-h6 text-positive").mark("card-saved")
            ui.label("Only a sandbox customer id is kept, never the number typed. Taking you back…").classes(
                "text-body2 text-grey-8"
            )
            back_link("Continue", done, "continue")
            ui.timer(SAVED_PAUSE_SECONDS, lambda: go_to(client, done), once=True)
