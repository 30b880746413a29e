"""One invoice in a dialog: items (Add Invoice Item), Issue, Print, Email, payments, credit, Void. Live."""

from nicegui import ui
from nicegui.client import Client

from domain import topics
from domain.billing.documents import email_invoice, invoice_document
from domain.billing.invoice_views import InvoiceView
from domain.billing.invoices import (
    ItemInput,
    add_invoice_item,
    get_invoice,
    issue_invoice,
    remove_invoice_item,
    void_invoice,
)
from domain.billing.money import label
from domain.billing.pack_templates import list_pack_templates
from domain.billing.packs import add_new_pack, bill_open_pack, list_packs
from domain.billing.payees import payees, set_invoice_payee
from domain.billing.payments import apply_credit
from domain.formats import current
from domain.scheduling.bookable_services import list_services
from ui.actions import FAILED, attempt
from ui.components.dialogs import page_dialog
from ui.components.money_input import money_input
from ui.live import coalesced, on_change
from ui.outcome import hand_over, page_client
from ui.session import StaffContext
from ui.staff.billing.payment_dialog import open_payment_dialog
from ui.state import state

STATUS_COLOURS = {
    "Draft": "grey-7",
    "Issued": "primary",
    "Part paid": "orange-8",
    "Paid": "positive",
    "Void": "negative",
}


async def open_invoice(ctx: StaffContext, invoice_id: int, *, client: Client | None = None) -> None:
    """Opens the invoice in a dialog of the page. `client`: the tab, for a caller that awaited a service first
    (the part that started it may have been redrawn meanwhile)."""
    client = client or page_client()
    first = await attempt(get_invoice, ctx.uow(read_only=True), actor=ctx.actor, invoice_id=invoice_id, client=client)
    if first is FAILED:
        return
    extras = await _extras(ctx, first)

    @coalesced
    async def reload() -> None:
        if dialog.is_deleted:
            return
        view = await attempt(get_invoice, ctx.uow(read_only=True), actor=ctx.actor, invoice_id=invoice_id)
        if view is not FAILED:
            extras = await _extras(ctx, view)  # read everything first, then redraw at once
            holder.clear()
            with holder:
                _body(ctx, view, extras, dialog)

    # in the page's layout, not where the button was: that part is redrawn when billing changes
    with page_dialog(width="min(56rem, 100vw)", props="maximized-on-mobile", client=client) as dialog:
        holder = ui.column().classes("w-full gap-2")
        on_change(topics.billing(first.profile_id), reload)  # as long as the dialog is open
    with holder:
        _body(ctx, first, extras, dialog)
    dialog.open()


async def _extras(ctx: StaffContext, v: InvoiceView) -> dict:
    """What Add Invoice Item offers (drafts only): services, the client's open packs, pack templates; and who
    else the invoice can be billed to (a shared profile's members)."""
    if v.status == "void":
        return {}
    people = (await payees(ctx.uow(read_only=True), actor=ctx.actor, profile_id=v.profile_id)).choices
    if v.status != "draft":
        return {"payees": people}
    return {
        "payees": people,
        "services": await list_services(ctx.uow(read_only=True), include_inactive=False),
        "packs": [
            p for p in await list_packs(ctx.uow(read_only=True), actor=ctx.actor, profile_id=v.profile_id) if p.open
        ],
        "templates": await list_pack_templates(ctx.uow(read_only=True), active_only=True),
    }


def _body(ctx: StaffContext, v: InvoiceView, extras: dict, dialog) -> None:
    with ui.row().classes("w-full items-center no-wrap"):
        ui.label(f"Invoice {v.number_label}" if v.number else "Draft invoice").classes("text-h6").mark("invoice-title")
        ui.badge(v.status_label, color=STATUS_COLOURS[v.status_label]).mark("invoice-status")
        ui.space()
        ui.button(icon="close", on_click=dialog.close).props("flat round dense aria-label=Close").mark("close-invoice")
    with ui.row().classes("w-full gap-8"):
        with ui.column().classes("gap-0"):
            ui.label("Invoice To").classes("text-caption text-grey-7")
            if len(extras.get("payees", {})) > 1:  # a shared profile: another member can be the payee
                ui.select(
                    extras["payees"],
                    value=v.payee_id,
                    on_change=lambda e: (
                        attempt(
                            set_invoice_payee,
                            ctx.uow(),
                            actor=ctx.actor,
                            invoice_id=v.id,
                            person_id=e.value,
                            success="Payee changed.",
                        )
                        if e.value != v.payee_id
                        else None
                    ),
                ).props("outlined dense options-dense").classes("w-48").mark("invoice-payee")
            ui.label(v.invoice_to).mark("invoice-to").set_visibility(len(extras.get("payees", {})) <= 1)
        with ui.column().classes("gap-0"):
            ui.label("Provided to").classes("text-caption text-grey-7")
            ui.label(", ".join(v.provided_to)).mark("provided-to")
        if v.issued_on:
            with ui.column().classes("gap-0"):
                ui.label("Issued / due").classes("text-caption text-grey-7")
                ui.label(f"{current().date(v.issued_on)} / {current().date(v.due_on)}")
    if v.status == "void":
        ui.label(f"Void: {v.void_reason}").classes("text-negative")
    with ui.column().classes("w-full gap-0"):
        for item in v.items:
            with (
                ui.row()
                .classes("w-full items-center no-wrap gap-2 q-py-xs")
                .style("border-bottom: 1px solid #eee")
                .mark("invoice-item")
            ):
                with ui.column().classes("col gap-0"):
                    ui.label(item.description)
                    if item.session_label:
                        ui.label(item.session_label).classes("text-caption text-primary").mark("session-label")
                ui.label(
                    f"{item.quantity.normalize():f} × {label(item.unit_price_cents)}"
                    + (f" − {item.discount_percent.normalize():f}%" if item.discount_percent else "")
                ).classes("text-caption text-grey-8")
                ui.label(label(item.totals.total_cents)).classes("w-20 text-right")
                if v.status == "draft":
                    ui.button(
                        icon="delete",
                        on_click=lambda i=item: attempt(
                            remove_invoice_item, ctx.uow(), actor=ctx.actor, invoice_id=v.id, item_id=i.id
                        ),
                    ).props("flat round dense aria-label='Remove item'")
        if not v.items:
            ui.label("No items yet. Add Invoice Item below.").classes("text-grey-7")
    with ui.column().classes("w-full items-end gap-0"):
        for name, cents in (
            ("Subtotal", v.totals.subtotal_cents),
            ("Tax", v.totals.tax_cents),
            ("Total", v.totals.total_cents),
            ("Paid", v.paid_cents),
            ("Balance", v.balance_cents),
        ):
            ui.label(f"{name}: {label(cents)}").classes("text-weight-bold" if name in ("Total", "Balance") else "")
    if v.status == "draft":
        _add_item(ctx, v, extras["services"], extras["packs"], extras["templates"])
    with ui.row().classes("w-full gap-2"):
        if v.status == "draft":
            ui.button(
                "Issue",
                icon="send",
                on_click=lambda: attempt(
                    issue_invoice, ctx.uow(), actor=ctx.actor, invoice_id=v.id, success="Invoice issued."
                ),
            ).props("unelevated").mark("issue-invoice")

        async def print_pdf() -> None:
            client = page_client()  # the dialog's body is redrawn when the invoice changes
            document = await attempt(
                invoice_document, ctx.uow(read_only=True), actor=ctx.actor, invoice_id=v.id, client=client
            )
            if document is not FAILED:
                hand_over(client, document[1], document[0], "application/pdf")

        ui.button("Print", icon="print", on_click=print_pdf).props("outline").mark("print-invoice")
        if v.status == "issued":
            ui.button("Email", icon="email", on_click=lambda: _email(ctx, v)).props("outline").mark("email-invoice")
            if v.balance_cents > 0:
                ui.button(
                    "Use credit",
                    on_click=lambda: attempt(
                        apply_credit, ctx.uow(), actor=ctx.actor, invoice_id=v.id, success="Credit used."
                    ),
                ).props("flat")
    if v.status == "issued":
        if v.balance_cents > 0:
            ui.button("Record payment", icon="payments", on_click=lambda: open_payment_dialog(ctx, v)).props(
                "unelevated no-caps"
            ).mark("record-payment")
        with ui.expansion("Void invoice", icon="block").classes("w-full"):
            reason = ui.input("Reason").props("outlined dense").classes("w-full").mark("void-reason")
            ui.button(
                "Void invoice",
                color="negative",
                on_click=lambda: attempt(
                    void_invoice,
                    ctx.uow(),
                    actor=ctx.actor,
                    invoice_id=v.id,
                    reason=reason.value or "",
                    fields={"reason": reason},
                    success="Invoice voided.",
                ),
            ).props("unelevated no-caps")


async def _email(ctx: StaffContext, v: InvoiceView) -> None:
    """With a "Pay now" link (no login) for a balance due, when a payment provider is set up."""
    pay_url = state.config.public_url if state.payment_provider else None
    with_link = " with a Pay now link" if pay_url and v.balance_cents > 0 else ""
    await attempt(
        email_invoice,
        ctx.uow(),
        actor=ctx.actor,
        invoice_id=v.id,
        pay_url=pay_url,
        success=f"Invoice emailed{with_link} (see the Outbox).",
    )


def _add_item(ctx: StaffContext, v: InvoiceView, services: list, packs: list, templates: list) -> None:
    choices = {"product": "A product or other item"}
    choices |= {f"pack:{p.id}": f"Open Session Pack: {p.name} ({p.progress})" for p in packs}
    choices |= {f"service:{s.id}": f"Service: {s.label}" for s in services}
    choices |= {f"template:{t.id}": f"Session Pack Template: {t.label}" for t in templates}
    with ui.expansion("Add Invoice Item", icon="add").classes("w-full").mark("add-invoice-item"):
        what = (
            ui.select(choices, value="product", label="Item")
            .props("outlined dense")
            .classes("w-full")
            .mark("item-kind")
        )
        with ui.row().classes("w-full items-start gap-2"):
            description = ui.input("Description").props("outlined dense").classes("col").mark("item-description")
            quantity = ui.input("Qty", value="1").props("outlined dense").classes("w-20").mark("item-quantity")
            price = money_input("Price", 0).classes("w-28").mark("item-price")
            discount = ui.input("Discount %", value="0").props("outlined dense").classes("w-24").mark("item-discount")

        def on_what() -> None:
            kind, _, raw = (what.value or "").partition(":")
            if kind == "service":
                s = next(s for s in services if s.id == int(raw))
                description.value, price.value = s.name, current().amount(s.price_cents)
            for field in (description, quantity, price, discount):
                field.visible = kind in ("product", "service")

        what.on_value_change(on_what)

        async def add() -> None:
            kind, _, raw = (what.value or "").partition(":")
            if kind == "pack":
                await attempt(
                    bill_open_pack, ctx.uow(), actor=ctx.actor, invoice_id=v.id, pack_id=int(raw), success="Pack added."
                )
            elif kind == "template":
                await attempt(
                    add_new_pack,
                    ctx.uow(),
                    actor=ctx.actor,
                    profile_id=v.profile_id,
                    template_id=int(raw),
                    invoice_id=v.id,
                    success="New pack opened and added.",
                )
            else:
                await attempt(
                    add_invoice_item,
                    ctx.uow(),
                    actor=ctx.actor,
                    invoice_id=v.id,
                    item=ItemInput(
                        description=description.value or "",
                        quantity=quantity.value,
                        unit_price=price.value,
                        discount_percent=discount.value,
                        service_id=int(raw) if kind == "service" else None,
                    ),
                    fields={
                        "description": description,
                        "quantity": quantity,
                        "unit_price": price,
                        "discount": discount,
                    },
                    success="Item added.",
                )

        ui.button("Add", icon="add", on_click=add).props("unelevated dense").mark("add-item")
