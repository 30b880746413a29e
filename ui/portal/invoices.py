"""Invoices in the Client Portal (/portal/invoices): each issued invoice with its PDF and, while something is
owing, Pay (the clinic's payment provider's page; back to /portal/invoices/<id>/pay/done, which waits for the
provider's word). Beside Pay, "Pay with <name>'s saved card" for each relative who lets this login bill to their
account (domain/billing/online/bill_to.py). Also `invoice_item` for Home's "Invoices to pay"."""

from collections.abc import Sequence

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from nicegui import APIRouter, ui

from domain.billing.online.bill_to import CardChoice, portal_cards
from domain.billing.online.portal_invoices import (
    PortalInvoice,
    pay_from_portal,
    portal_invoice,
    portal_invoice_pdf,
    portal_invoices,
)
from domain.errors import DomainError, NotFound
from domain.formats import current
from domain.households.access import PortalView
from ui.actions import FAILED, attempt
from ui.booking.layout import Heading
from ui.outcome import go_to, page_client
from ui.payments.waiting import ProviderWait
from ui.portal.frame import SIGN_IN, current_client, empty, not_found, not_shared, open_portal, portal_frame
from ui.session import client_ip
from ui.state import state, uow

router = APIRouter()


async def card_choices(who: PortalView) -> list[CardChoice]:
    """Once per page: the relatives' saved cards this login may pay with at the clinic's provider (none without one)."""
    provider = state.payment_provider
    return await portal_cards(uow(), who=who, provider=provider.name) if provider is not None else []


def invoice_item(who: PortalView, invoice: PortalInvoice, ip: str | None, cards: Sequence[CardChoice] = ()) -> None:
    """One invoice: number, dates, total and balance, its PDF, and Pay while something is owing (and Pay with each
    of `cards`: a relative's saved card, billed to their account)."""
    i = invoice
    with ui.column().classes("w-full gap-1 q-py-sm").mark(f"invoice-{i.number_label}"):
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            ui.label(f"Invoice {i.number_label}").classes("text-subtitle1 text-weight-medium col")
            ui.badge(i.status_label, color="positive" if i.status_label == "Paid" else "grey-7").mark("invoice-status")
        dates = [f"Issued {current().date(i.issued_on)}"] if i.issued_on else []
        if i.due_on and i.owing:
            dates.append(f"due {current().date(i.due_on)}")
        ui.label(", ".join(dates) + (f" · for {i.provided_to}" if i.provided_to else "")).classes(
            "text-body2 text-grey-8"
        )
        amounts = f"Total {i.total_label}" + (f" · Balance {i.balance_label}" if i.owing else "")
        ui.label(amounts).classes("text-body1" + (" text-negative" if i.overdue else "")).mark("invoice-amounts")
        if i.overdue:
            ui.label("Overdue").classes("text-body2 text-negative text-weight-medium")
        with ui.row().classes("gap-2"):
            ui.button("PDF", icon="download", on_click=lambda: ui.navigate.to(f"/portal/invoices/{i.id}/pdf")).props(
                "outline no-caps"
            ).classes("hearth-touch").mark("invoice-pdf")
            if i.owing:
                pay = ui.button(f"Pay {i.balance_label}").props("unelevated no-caps").classes("hearth-touch")
                pay.on_click(lambda: _pay(who, i, ip, pay))
                pay.mark("pay-invoice")
                for card in cards:
                    other = ui.button(f"Pay with {card.name}'s saved card").props("outline no-caps")
                    other.classes("hearth-touch").mark("pay-with-card", f"pay-with-card-{card.person_id}")
                    other.on_click(lambda other=other, card=card: _pay(who, i, ip, other, card.person_id))


async def _pay(
    who: PortalView, invoice: PortalInvoice, ip: str | None, button: ui.button, card_of: int | None = None
) -> None:
    client = page_client()
    if state.payment_provider is None:
        ui.notify("Online payment is not set up at this clinic. Please pay at the clinic.", type="warning")
        return
    if button.props.get("loading"):  # a second tap before the provider answered
        return
    button.props("loading")
    url = await attempt(
        pay_from_portal,
        uow(),
        who=who,
        invoice_id=invoice.id,
        provider=state.payment_provider,
        public_url=state.config.public_url,
        ip=ip,
        card_of=card_of,
        client=client,
    )
    if url is FAILED:
        if not button.is_deleted:
            button.props(remove="loading")
        return
    go_to(client, url)


@router.page("/portal/invoices", title="Invoices · Client Portal")
async def invoices_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    ip = client_ip(request)
    if "pay" not in who.actions:  # a relative's profile without View and Pay
        with portal_frame(who, clinic.name, "invoices"):
            Heading("Invoices", 1).mark("page-heading")
            not_shared(who, "pay", "invoices")
        return None
    invoices = await portal_invoices(uow(), who=who)
    cards = await card_choices(who) if any(i.owing for i in invoices) else []
    with portal_frame(who, clinic.name, "invoices"):
        Heading("Invoices", 1).mark("page-heading")
        if not invoices:
            empty(f"No invoices from {clinic.name} yet.")
        with ui.card().classes("w-full gap-0"):
            for number, invoice in enumerate(invoices):
                if number:
                    ui.separator()
                invoice_item(who, invoice, ip, cards)
        if invoices and state.payment_provider is not None:
            ui.label(
                f"You pay through {state.payment_provider.label}; {clinic.name} never sees your card number."
            ).classes("text-caption text-grey-8")
    return None


@router.get("/portal/invoices/{invoice_id}/pdf")
async def invoice_pdf_download(request: Request, invoice_id: int):
    who = await current_client(request)
    if who is None:
        return RedirectResponse(SIGN_IN, status_code=303)
    try:
        name, pdf = await portal_invoice_pdf(uow(), who=who, invoice_id=invoice_id, ip=client_ip(request))
    except DomainError:
        return Response("Not found", status_code=404, media_type="text/plain")
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "X-Content-Type-Options": "nosniff"},
    )


@router.get("/portal/invoices/{invoice_id}/pay")
async def payment_left(invoice_id: int):
    """The client left the provider's page without paying: back to the invoices."""
    return RedirectResponse("/portal/invoices", status_code=303)


@router.page("/portal/invoices/{invoice_id}/pay/done", title="Payment · Client Portal")
async def paid_page(request: Request, invoice_id: int):
    """Where the provider sends the client back: paid, or waiting for the provider's word."""
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    try:
        first = await portal_invoice(uow(), who=who, invoice_id=invoice_id)
    except NotFound:  # another client's invoice, or none: as if the page did not exist (audited)
        return not_found()

    def show(invoice: PortalInvoice) -> None:
        if not invoice.owing:
            Heading("Payment received. Thank you!", 2).classes("text-positive").mark("received")
            ui.label(f"Invoice {invoice.number_label} is paid.").classes("text-body1")
        else:
            Heading("Waiting for confirmation", 2).mark("waiting")
            ui.label(
                "We are waiting for the payment provider to confirm your payment; this page updates. "
                "If you were charged, please do not pay again."
            ).classes("text-body1").props("role=status")
        ui.link("Back to Invoices", "/portal/invoices").classes("hearth-touch inline-flex items-center")

    with portal_frame(who, clinic.name, "invoices"):
        ProviderWait(
            first,
            read=lambda: portal_invoice(uow(), who=who, invoice_id=invoice_id),
            settled=lambda invoice: not invoice.owing,
            show=show,
        )
    return None
