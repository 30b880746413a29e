"""Refund of a payment: recorded by hand (the money went back another way), or, for a payment taken online, sent
back through the provider that took it (the sandbox, or Stripe) and then recorded with the provider's refund id."""

from nicegui import ui

from domain.billing.money import label
from domain.billing.online.refunds import paid_online_through, refund_online
from domain.billing.payments import PaymentView, refund_payment
from ui.actions import FAILED, attempt
from ui.components.dialogs import page_dialog
from ui.components.money_input import money_input
from ui.outcome import page_client
from ui.session import StaffContext
from ui.state import state


async def open_refund_dialog(ctx: StaffContext, payment: PaymentView) -> None:
    client = page_client()  # before the first await: the Payments part may be redrawn meanwhile
    through = await attempt(paid_online_through, ctx.uow(read_only=True), payment_id=payment.id, client=client)
    if through is FAILED:
        return
    provider = state.payments.get(through) if through else None
    with page_dialog(width="min(26rem, 95vw)", client=client) as dialog:
        ui.label(f"Refund of a {label(payment.amount_cents)} payment").classes("text-h6")
        if provider is not None:
            ui.label(f"This payment was taken online through {provider.label}; the refund goes back through it.").mark(
                "refund-online"
            )
        elif through:
            ui.label(
                f"This payment was taken online through {through.title()}, which is not set up on this server now: "
                "refund it in the provider's dashboard, then record the refund here."
            ).mark("refund-by-hand")
        amount = money_input("Amount", payment.refundable_cents).classes("w-full").mark("refund-amount")
        reason = ui.input("Reason").props("outlined dense").classes("w-full").mark("refund-reason")

        async def save() -> None:
            if button.props.get("loading"):  # a second click while the provider answers
                return
            button.props("loading")
            service, extra = (refund_online, {"providers": state.payments}) if provider else (refund_payment, {})
            done = await attempt(
                service,
                ctx.uow(),
                actor=ctx.actor,
                payment_id=payment.id,
                amount=amount.value,
                reason=reason.value or "",
                fields={"amount": amount, "reason": reason},
                success=f"Refund sent through {provider.label} and recorded." if provider else "Refund recorded.",
                client=client,
                **extra,
            )
            if not button.is_deleted:
                button.props(remove="loading")
            if done is not FAILED:
                dialog.close()

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            button = ui.button("Refund", on_click=save).props("unelevated").mark("save-refund")
    dialog.open()
