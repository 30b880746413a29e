"""A profile's Billing tab: Session Packs (live progress), Invoices, Payments and credit, a saved card, Billing
Setup, statements. Fills itself after the page is drawn and again whenever the profile's billing changes."""

from datetime import date, timedelta

from nicegui import ui

from domain import topics
from domain.billing.documents import statement_document
from domain.billing.invoices import create_invoice, list_invoices
from domain.billing.money import label
from domain.billing.online.saved_cards import profile_saved_cards
from domain.billing.pack_templates import list_pack_templates
from domain.billing.packs import add_new_pack, list_packs
from domain.billing.payees import payees, set_default_payee
from domain.billing.payments import account
from domain.billing.preferred import billing_setup, set_billing_setup
from domain.formats import current
from domain.scheduling.bookable_services import list_services
from ui.actions import FAILED, attempt
from ui.components.date_input import DateInput, all_parsed
from ui.components.dialogs import page_dialog
from ui.live import live_box, on_change
from ui.outcome import hand_over, page_client
from ui.session import StaffContext
from ui.staff.billing.invoice_dialog import STATUS_COLOURS, open_invoice
from ui.staff.billing.pack_chooser import NEW_DRAFT, bill_on_choices
from ui.staff.billing.pack_fields import pack_fields
from ui.staff.billing.refund_dialog import open_refund_dialog
from ui.staff.billing.saved_card import saved_cards


def billing_tab(ctx: StaffContext, profile_id: int) -> None:
    async def load():
        read = dict(actor=ctx.actor, profile_id=profile_id)
        return (
            await list_packs(ctx.uow(read_only=True), **read),
            await list_invoices(ctx.uow(read_only=True), **read),
            await account(ctx.uow(read_only=True), **read),
            await list_pack_templates(ctx.uow(read_only=True), active_only=True),
            await list_services(ctx.uow(read_only=True), include_inactive=False),
            await billing_setup(ctx.uow(read_only=True), profile_id=profile_id),
            await payees(ctx.uow(read_only=True), **read),
            await profile_saved_cards(ctx.uow(read_only=True), **read),
        )

    def draw(data) -> None:
        packs, invoices, money, templates, services, preferred, payers, cards = data
        drafts = [v for v in invoices if v.status == "draft"]
        _packs(ctx, profile_id, packs, templates, drafts)
        _invoices(ctx, profile_id, invoices)
        _payments(ctx, profile_id, money)
        if cards:
            with ui.card().classes("w-full"):
                saved_cards(ctx, cards, named=len(payers.choices) > 1)
        _setup(ctx, profile_id, preferred, services, templates, payers)
        for p in packs:  # a pack used from the calendar moves its bar here too (until the next redraw)
            on_change(topics.pack(p.id), fill)

    fill = live_box(load, draw, topics.billing(profile_id))


def _packs(ctx, profile_id, packs, templates, drafts) -> None:
    with ui.card().classes("w-full"):
        with ui.row().classes("w-full items-center"):
            ui.label("Session Packs").classes("text-h6 col")
            ui.button("Add New Pack", icon="add", on_click=lambda: _new_pack(ctx, profile_id, templates, drafts)).props(
                "unelevated no-caps"
            ).mark("add-new-pack")
        if not packs:
            ui.label("No session packs yet.").classes("text-grey-7")
        for p in packs:
            with ui.column().classes("w-full gap-1").mark("pack"):
                with ui.row().classes("w-full items-center gap-x-3 gap-y-0"):  # the progress wraps under on a phone
                    ui.label(p.name).classes("text-weight-medium")
                    ui.space()
                    ui.label(p.progress if p.open else f"Closed · {p.progress}").classes(
                        "text-caption text-grey-8"
                    ).mark("pack-progress")
                ui.linear_progress(value=p.state.fraction_used, show_value=False, size="10px").props(
                    f"rounded color={'primary' if p.open else 'grey'}"
                ).mark("pack-bar")


def _new_pack(ctx, profile_id, templates, drafts) -> None:
    """Add New Pack (seed 004): from a template, or ad hoc with name, description, metric, size, price and the
    reduced rate of subsequent sessions; its price goes on the invoice chosen here."""
    with page_dialog(width="min(30rem, 95vw)") as dialog:
        ui.label("Add New Pack").classes("text-h6")
        template = (
            ui.select(
                {0: "Ad hoc (fill in below)", **{t.id: t.label for t in templates}},
                value=templates[0].id if templates else 0,
                label="From a template",
            )
            .props("outlined dense")
            .classes("w-full")
            .mark("pack-template")
        )
        with ui.column().classes("w-full gap-2") as ad_hoc:
            fields = pack_fields()
        ad_hoc.bind_visibility_from(template, "value", lambda v: v == 0)
        bill_on = (
            ui.select(bill_on_choices(drafts), value=NEW_DRAFT, label="Bill the pack on")
            .props("outlined dense options-dense")
            .classes("w-full")
            .mark("bill-pack-on")
        )

        async def save() -> None:
            done = await attempt(
                add_new_pack,
                ctx.uow(),
                actor=ctx.actor,
                profile_id=profile_id,
                template_id=template.value or None,
                invoice_id=bill_on.value or None,
                ad_hoc=fields.values(),
                fields=fields.by_error_key(),
                success="Pack added; its price is on "
                + ("a new draft invoice." if not bill_on.value else "the draft invoice chosen."),
            )
            if done is not FAILED:
                dialog.close()

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Save", on_click=save).props("unelevated").mark("save-pack")
    dialog.open()


def _invoices(ctx, profile_id, invoices) -> None:
    with ui.card().classes("w-full"):
        with ui.row().classes("w-full items-center"):
            ui.label("Invoices").classes("text-h6 col")

            async def new() -> None:
                client = page_client()  # this part is redrawn when the new draft is saved
                made = await attempt(create_invoice, ctx.uow(), actor=ctx.actor, profile_id=profile_id)
                if made is not FAILED:
                    await open_invoice(ctx, made.id, client=client)

            ui.button("New Invoice", icon="add", on_click=new).props("unelevated no-caps").mark("new-invoice")
        if not invoices:
            ui.label("No invoices yet.").classes("text-grey-7")
        for v in invoices:
            with (
                ui.row()
                .classes("w-full items-center no-wrap gap-2 cursor-pointer q-py-xs")
                .on("click", lambda v=v: open_invoice(ctx, v.id))
                .mark("invoice-row")
            ):
                with ui.column().classes("col gap-0"):
                    with ui.row().classes("items-center gap-2"):
                        ui.label(v.number_label).classes("text-weight-medium")
                        ui.badge(v.status_label, color=STATUS_COLOURS[v.status_label])
                    fmt = current()
                    when = fmt.date(v.issued_on) if v.issued_on else f"started {fmt.date(v.created_on)}, not issued"
                    ui.label(
                        f"{when} · to {v.invoice_to} · {len(v.items)} item{'s' if len(v.items) != 1 else ''}"
                    ).classes("text-caption text-grey-8")
                with ui.column().classes("items-end gap-0"):
                    ui.label(v.total_label)
                    if v.balance_cents > 0:
                        ui.label(f"due {label(v.balance_cents)}").classes("text-caption text-grey-8")


def _payments(ctx, profile_id, money) -> None:
    with ui.card().classes("w-full"):
        with ui.row().classes("w-full items-center"):
            ui.label("Payments").classes("text-h6 col")
            ui.label(f"Account credit: {money.credit_label}").classes("text-weight-medium").mark("credit")
        if not money.payments:
            ui.label("No payments yet. Record one from an issued invoice.").classes("text-grey-7")
        for p in reversed(money.payments):
            with ui.row().classes("w-full items-center no-wrap gap-2"):
                with ui.column().classes("col gap-0"):
                    ui.label(f"{p.method_label}{' · ' + p.reference if p.reference else ''}")
                    ui.label(f"{current().date(p.received_on)}").classes("text-caption text-grey-8")
                with ui.column().classes("items-end gap-0"):
                    ui.label(label(p.amount_cents))
                    if p.refunded_cents:
                        ui.label(f"refunded {label(p.refunded_cents)}").classes("text-caption text-grey-8")
                if p.refundable_cents > 0:
                    refund = ui.button("Refund", on_click=lambda p=p: open_refund_dialog(ctx, p))
                    refund.props("flat dense no-caps").mark("refund", f"refund-{p.method}")
        with ui.row().classes("items-center gap-2"):
            first = (
                DateInput("Statement from", value=date.today() - timedelta(days=90))
                .classes("w-44")
                .mark("statement-from")
            )
            last = DateInput("to", value=date.today()).classes("w-44").mark("statement-to")

            async def statement() -> None:
                client = page_client()  # this part is redrawn when the profile's billing changes
                if (dates := all_parsed(first, last)) is None:
                    return
                a, b = dates
                document = await attempt(
                    statement_document,
                    ctx.uow(read_only=True),
                    actor=ctx.actor,
                    profile_id=profile_id,
                    first=a,
                    last=b,
                    client=client,
                )
                if document is not FAILED:
                    hand_over(client, document[1], document[0], "application/pdf")

            ui.button("Statement PDF", icon="description", on_click=statement).props("outline no-caps")


def _setup(ctx, profile_id, preferred, services, templates, payers) -> None:
    with ui.card().classes("w-full"):
        ui.label("Billing Setup").classes("text-h6")
        if len(payers.choices) > 1:  # a shared profile: the primary member unless another is chosen
            primary = next(iter(payers.choices))
            options = {0: f"The primary member ({payers.choices[primary]})"} | payers.choices
            ui.select(
                options,
                value=payers.default_id if payers.is_set else 0,
                label="Default payee",
                on_change=lambda e: attempt(
                    set_default_payee,
                    ctx.uow(),
                    actor=ctx.actor,
                    profile_id=profile_id,
                    person_id=e.value or None,
                    success="Default payee saved.",
                ),
            ).props("outlined dense").classes("w-full").mark("default-payee")
            ui.label("New invoices are billed to the default payee; one invoice can name another member.").classes(
                "text-caption text-grey-7 q-mb-sm"
            )
        options = (
            {"": "None"}
            | {f"service:{s.id}": f"Service: {s.label}" for s in services}
            | {f"template:{t.id}": f"Pack: {t.label}" for t in templates}
        )
        chosen = (
            ui.select(options, value=preferred or "", label="Preferred Service or Pack")
            .props("outlined dense")
            .classes("w-full")
            .mark("preferred")
        )
        ui.label("Added automatically to every new appointment for this profile.").classes("text-caption text-grey-7")
        ui.button(
            "Save Changes",
            on_click=lambda: attempt(
                set_billing_setup,
                ctx.uow(),
                actor=ctx.actor,
                profile_id=profile_id,
                preferred=chosen.value or None,
                success="Billing setup saved.",
            ),
        ).props("unelevated no-caps").mark("save-billing-setup")
