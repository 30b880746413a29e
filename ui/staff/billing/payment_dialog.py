"""Record payment: its own dialog with a key made when it opens. Submitting that key again (a double click,
a retry after a lost answer) records nothing new and says the payment is already recorded; a new dialog
records a new payment."""

import secrets
from datetime import date

from nicegui import ui

from domain.billing.invoice_views import METHOD_LABELS, InvoiceView
from domain.billing.money import label
from domain.billing.payments import record_payment
from domain.formats import current
from ui.actions import FAILED, attempt
from ui.components.date_input import DateInput
from ui.components.dialogs import page_dialog
from ui.components.money_input import money_input
from ui.outcome import page_client, tell
from ui.session import StaffContext

MANUAL_METHODS = {k: v for k, v in METHOD_LABELS.items() if k != "online"}


def open_payment_dialog(ctx: StaffContext, v: InvoiceView) -> None:
    key = secrets.token_urlsafe(24)
    client = page_client()
    with page_dialog(width="min(26rem, 95vw)", client=client) as dialog:
        ui.label(f"Record payment for {v.number_label}").classes("text-h6")
        ui.label(f"Balance due {label(max(v.balance_cents, 0))}").classes("text-grey-8")
        amount = money_input("Amount", max(v.balance_cents, 0)).classes("w-full").mark("payment-amount")
        method = (
            ui.select(MANUAL_METHODS, value="card", label="Method")
            .props("outlined dense")
            .classes("w-full")
            .mark("payment-method")
        )
        on = DateInput("Received on", value=date.today()).classes("w-full").mark("payment-date")
        reference = ui.input("Reference (optional)").props("outlined dense").classes("w-full").mark("payment-reference")

        async def save() -> None:
            save_button.disable()
            try:
                done = await attempt(
                    record_payment,
                    ctx.uow(),
                    actor=ctx.actor,
                    profile_id=v.profile_id,
                    amount=amount.value,
                    method=method.value,
                    received_on=on.iso,
                    reference=reference.value or "",
                    invoice_id=v.id,
                    request_key=key,
                    fields={"amount": amount, "method": method, "received_on": on},
                    client=client,
                )
            finally:
                if not save_button.is_deleted:
                    save_button.enable()
            if done is FAILED:
                return
            p = done.recorded
            if done.already_recorded:
                tell(
                    client,
                    f"Already recorded: {label(p.amount_cents)} by {p.method_label.lower()} on "
                    f"{current().date(p.received_on)}. Nothing new was recorded.",
                    "info",
                )
            else:
                tell(client, f"Payment recorded: {label(p.amount_cents)} by {p.method_label.lower()}.")
            dialog.close()

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            save_button = (
                ui.button("Record payment", icon="payments", on_click=save)
                .props("unelevated no-caps")
                .mark("save-payment")
            )
    dialog.open()
