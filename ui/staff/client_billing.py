"""A profile's Billing tab: Session Packs (live progress), Invoices, Payments and credit, Billing Setup,
statements. Fills itself after the page is drawn and again whenever the profile's billing changes."""
from datetime import date, timedelta

from nicegui import ui

from domain.billing.documents import statement_document
from domain.billing.invoices import billing_topic, create_invoice, list_invoices
from domain.billing.money import label
from domain.billing.pack_rules import METRIC_LABELS
from domain.billing.pack_templates import list_pack_templates
from domain.billing.packs import add_new_pack, list_packs, pack_topic
from domain.billing.payees import payees, set_default_payee
from domain.billing.payments import account, refund_payment
from domain.billing.preferred import billing_setup, set_billing_setup
from domain.scheduling.services import list_services
from ui.actions import FAILED, attempt
from ui.live import live_box, on_change
from ui.session import StaffContext
from ui.staff.invoice_dialog import STATUS_COLOURS, open_invoice
from ui.state import uow


def billing_tab(ctx: StaffContext, profile_id: int) -> None:
    watched: set[int] = set()

    async def load():
        read = dict(actor=ctx.actor, profile_id=profile_id)
        return (await list_packs(uow(read_only=True), **read), await list_invoices(uow(read_only=True), **read),
                await account(uow(read_only=True), **read),
                await list_pack_templates(uow(read_only=True), active_only=True),
                await list_services(uow(read_only=True), include_inactive=False),
                await billing_setup(uow(read_only=True), profile_id=profile_id), await payees(uow(read_only=True), **read))

    def draw(data) -> None:
        packs, invoices, money, templates, services, preferred, payers = data
        _packs(ctx, profile_id, packs, templates)
        _invoices(ctx, profile_id, invoices)
        _payments(ctx, profile_id, money)
        _setup(ctx, profile_id, preferred, services, templates, payers)
        for p in packs:
            if p.id not in watched:  # a pack used from the calendar moves its bar here too
                watched.add(p.id)
                on_change(pack_topic(p.id), fill)

    fill = live_box(load, draw, billing_topic(profile_id))


def _packs(ctx, profile_id, packs, templates) -> None:
    with ui.card().classes("w-full"):
        with ui.row().classes("w-full items-center"):
            ui.label("Session Packs").classes("text-h6 col")
            ui.button("Add New Pack", icon="add", on_click=lambda: _new_pack(ctx, profile_id, templates)).props(
                "unelevated no-caps").mark("add-new-pack")
        if not packs:
            ui.label("No session packs yet.").classes("text-grey-7")
        for p in packs:
            with ui.column().classes("w-full gap-1").mark("pack"):
                with ui.row().classes("w-full items-center"):
                    ui.label(p.name).classes("text-weight-medium col")
                    ui.label(p.progress if p.open else f"Closed · {p.progress}").classes(
                        "text-caption text-grey-8").mark("pack-progress")
                ui.linear_progress(value=p.state.fraction_used, show_value=False, size="10px").props(
                    f"rounded color={'primary' if p.open else 'grey'}").mark("pack-bar")


def _new_pack(ctx, profile_id, templates) -> None:
    with ui.context.client.layout, ui.dialog() as dialog, ui.card().classes("q-pa-md gap-2").style(
            "width: min(30rem, 95vw)"):
        ui.label("Add New Pack").classes("text-h6")
        template = ui.select({0: "Ad hoc (fill in below)", **{t.id: t.label for t in templates}},
                             value=templates[0].id if templates else 0, label="From a template").props(
            "outlined dense").classes("w-full").mark("pack-template")
        with ui.column().classes("w-full gap-2") as ad_hoc:
            name = ui.input("Name").props("outlined dense").classes("w-full")
            metric = ui.select(METRIC_LABELS, value="sessions", label="Counts").props(
                "outlined dense").classes("w-full")
            with ui.row().classes("w-full no-wrap gap-2"):
                size = ui.input("Size (sessions, hours or $)").props("outlined dense").classes("col")
                price = ui.input("Price").props("outlined dense prefix=$").classes("col")
            with ui.row().classes("w-full no-wrap gap-2"):
                reduced = ui.input("Subsequent sessions at", value="0").props("outlined dense prefix=$").classes("col")
                expiry = ui.input("Expires after (days)").props("outlined dense").classes("col")
        ad_hoc.bind_visibility_from(template, "value", lambda v: v == 0)

        async def save() -> None:
            done = await attempt(add_new_pack, uow(), actor=ctx.actor, profile_id=profile_id,
                                 template_id=template.value or None,
                                 ad_hoc=dict(name=name.value, metric=metric.value, size=size.value, price=price.value,
                                             reduced_rate=reduced.value, expiry_days=expiry.value),
                                 fields={"name": name, "metric": metric, "size": size, "price": price},
                                 success="Pack added; its price is on the draft invoice.")
            if done is not FAILED:
                dialog.close()
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Save", on_click=save).props("unelevated").mark("save-pack")
    dialog.on("hide", dialog.delete)
    dialog.open()


def _invoices(ctx, profile_id, invoices) -> None:
    with ui.card().classes("w-full"):
        with ui.row().classes("w-full items-center"):
            ui.label("Invoices").classes("text-h6 col")

            async def new() -> None:
                made = await attempt(create_invoice, uow(), actor=ctx.actor, profile_id=profile_id)
                if made is not FAILED:
                    await open_invoice(ctx, made.id)
            ui.button("New Invoice", icon="add", on_click=new).props("unelevated no-caps").mark("new-invoice")
        if not invoices:
            ui.label("No invoices yet.").classes("text-grey-7")
        for v in invoices:
            with ui.row().classes("w-full items-center no-wrap gap-2 cursor-pointer q-py-xs").on(
                    "click", lambda v=v: open_invoice(ctx, v.id)).mark("invoice-row"):
                with ui.column().classes("col gap-0"):
                    with ui.row().classes("items-center gap-2"):
                        ui.label(v.number_label).classes("text-weight-medium")
                        ui.badge(v.status_label, color=STATUS_COLOURS[v.status_label])
                    ui.label(f"{v.issued_on:%d %b %Y}" if v.issued_on else "not issued").classes(
                        "text-caption text-grey-8")
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
                    ui.label(f"{p.received_on:%d %b %Y}").classes("text-caption text-grey-8")
                with ui.column().classes("items-end gap-0"):
                    ui.label(label(p.amount_cents))
                    if p.refunded_cents:
                        ui.label(f"refunded {label(p.refunded_cents)}").classes("text-caption text-grey-8")
                if p.refundable_cents > 0:
                    ui.button("Refund", on_click=lambda p=p: _refund(ctx, p)).props("flat dense no-caps").mark(
                        "refund")
        with ui.row().classes("items-center gap-2"):
            first = ui.input("Statement from", value=(date.today() - timedelta(days=90)).isoformat()).props(
                "type=date outlined dense")
            last = ui.input("to", value=date.today().isoformat()).props("type=date outlined dense")

            async def statement() -> None:
                try:
                    a, b = date.fromisoformat(first.value), date.fromisoformat(last.value)
                except (TypeError, ValueError):
                    ui.notify("Choose both dates.", type="warning")
                    return
                document = await attempt(statement_document, uow(read_only=True), actor=ctx.actor,
                                         profile_id=profile_id, first=a, last=b)
                if document is not FAILED:
                    ui.download.content(document[1], document[0], "application/pdf")
            ui.button("Statement PDF", icon="description", on_click=statement).props("outline no-caps")


def _refund(ctx, payment) -> None:
    with ui.context.client.layout, ui.dialog() as dialog, ui.card().classes("q-pa-md gap-2").style(
            "width: min(26rem, 95vw)"):
        ui.label(f"Refund of a {label(payment.amount_cents)} payment").classes("text-h6")
        amount = ui.input("Amount", value=f"{payment.refundable_cents / 100:.2f}").props(
            "outlined dense prefix=$").classes("w-full").mark("refund-amount")
        reason = ui.input("Reason").props("outlined dense").classes("w-full").mark("refund-reason")

        async def save() -> None:
            done = await attempt(refund_payment, uow(), actor=ctx.actor, payment_id=payment.id, amount=amount.value,
                                 reason=reason.value or "", fields={"amount": amount, "reason": reason},
                                 success="Refund recorded.")
            if done is not FAILED:
                dialog.close()
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Refund", on_click=save).props("unelevated").mark("save-refund")
    dialog.on("hide", dialog.delete)
    dialog.open()


def _setup(ctx, profile_id, preferred, services, templates, payers) -> None:
    with ui.card().classes("w-full"):
        ui.label("Billing Setup").classes("text-h6")
        if len(payers.choices) > 1:  # a shared profile: the primary member unless another is chosen
            primary = next(iter(payers.choices))
            options = {0: f"The primary member ({payers.choices[primary]})"} | payers.choices
            ui.select(options, value=payers.default_id if payers.is_set else 0, label="Default payee",
                      on_change=lambda e: attempt(set_default_payee, uow(), actor=ctx.actor, profile_id=profile_id,
                                                  person_id=e.value or None, success="Default payee saved.")
                      ).props("outlined dense").classes("w-full").mark("default-payee")
            ui.label("New invoices are billed to the default payee; one invoice can name another member.").classes(
                "text-caption text-grey-7 q-mb-sm")
        options = {"": "None"} | {f"service:{s.id}": f"Service: {s.label}" for s in services} | {
            f"template:{t.id}": f"Pack: {t.label}" for t in templates}
        chosen = ui.select(options, value=preferred or "", label="Preferred Service or Pack").props(
            "outlined dense").classes("w-full").mark("preferred")
        ui.label("Added automatically to every new appointment for this profile.").classes("text-caption text-grey-7")
        ui.button("Save Changes", on_click=lambda: attempt(
            set_billing_setup, uow(), actor=ctx.actor, profile_id=profile_id, preferred=chosen.value or None,
            success="Billing setup saved.")).props("unelevated no-caps").mark("save-billing-setup")
