"""Prepaid services on the Bookings Page (issue 17, items 2, 5 and 6): the visitor pays before the request is made;
the request holds its time only while the payment may happen; a payment becomes an issued invoice with its Payment
on a request staff answer as usual; a declined paid request is not refunded by itself; a payment for a time lost
meanwhile is refunded in full at once; what cancelling means is said before paying."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from domain.billing.invoice_views import invoice_view
from domain.billing.online.checkout import complete_checkout
from domain.billing.online.provider import CheckoutRequest, ProviderError, ProviderEvent
from domain.billing.online.refunds import refund_online
from domain.billing.online.sandbox import PAID, SandboxProvider, pay_sandbox_checkout
from domain.billing.payments import account
from domain.errors import ValidationFailed
from domain.scheduling.booking import set_appointment_status
from domain.scheduling.online.expiry import expire_due_requests
from domain.scheduling.online.handling import (
    confirm_request,
    decline_request,
    list_requests,
    pending_request_count,
    person_requests,
    resolve_match,
)
from domain.scheduling.online.paid_views import read_paid_booking
from domain.scheduling.online.prepaid import PAID_PATH, start_prepaid_request
from domain.scheduling.online.requests import request_booking
from domain.scheduling.online.settings import (
    OnlineSettings,
    cancellation_terms,
    list_online_services,
    read_online_settings,
    save_online_settings,
    set_service_prepay,
)
from domain.scheduling.online.slots import day_times
from storage.billing import InvoiceRow, PaymentRow, RefundRow
from storage.online_booking import BookingRequestRow
from storage.online_payments import CheckoutRow
from storage.scheduling import AppointmentRow
from tests.integration.helpers import OWNER, URL, at, audit_entries, outbox
from tests.integration.online_helpers import NOW, minutes, online_clinic, visit

SANDBOX = SandboxProvider(URL)
TEN = at("2031-03-04", "10:00")


async def prepaid_clinic(db):
    c = await online_clinic(db)
    await set_service_prepay(db.uow(), actor=OWNER, service_id=c.service, prepay=True)
    return c


async def start(db, c, when=TEN, *, provider=SANDBOX, now=NOW, **changes) -> str:
    return await start_prepaid_request(
        db.uow(), visit=visit(c, when, **changes), provider=provider, public_url=URL, ip="203.0.113.5", now=now
    )


async def pay(db, url: str) -> str:
    return await pay_sandbox_checkout(db.uow(), provider=SANDBOX, ref=url.rsplit("/", 1)[-1], card_number=PAID, ip=None)


async def rows(db, model):
    async with db.uow() as uow:
        return list((await uow.session.execute(select(model).order_by(model.id))).scalars())


async def free_starts(db, c, now=NOW):
    times = await day_times(db.uow(), service_id=c.service, practitioner_id=c.priya, day=TEN.date(), now=now)
    return [t.start for t in times]


async def page_token(db) -> str:
    [checkout] = await rows(db, CheckoutRow)
    return checkout.return_url.rpartition(PAID_PATH)[2]


async def test_a_prepaid_request_holds_its_time_while_awaiting_payment_and_is_not_on_requests(db):
    c = await prepaid_clinic(db)
    [service] = await list_online_services(db.uow(), offered_only=True)
    assert service.prepaid and service.pay_cents == 16500  # $150.00 and 10 % tax
    url = await start(db, c)
    assert url.startswith(f"{URL}/pay/sandbox/sbx_cs_")
    [request] = await rows(db, BookingRequestRow)
    assert request.state == "awaiting_payment" and request.expires_at == NOW + minutes(60)
    [checkout] = await rows(db, CheckoutRow)
    assert (checkout.purpose, checkout.amount_cents, checkout.booking_request_id) == ("booking", 16500, request.id)
    assert checkout.expires_at == request.expires_at and checkout.person_id == request.for_person_id
    assert checkout.return_url.startswith(f"{URL}{PAID_PATH}{request.id}.") and len(checkout.return_url) > 60
    assert TEN not in await free_starts(db, c)
    assert await list_requests(db.uow(), actor=OWNER) == []
    assert await pending_request_count(db.uow(), actor=OWNER) == 0
    assert await person_requests(db.uow(), actor=OWNER, person_id=request.for_person_id) == []
    assert [m for m in await outbox(db) if m.to_address == "vera@example.com"] == []
    assert (await read_paid_booking(db.uow(), token=await page_token(db))).state == "waiting"
    assert len(await audit_entries(db, "booking.awaiting_payment")) == 1


async def test_paying_makes_an_issued_invoice_with_the_payment_and_a_pending_request(db):
    c = await prepaid_clinic(db)
    said = await pay(db, await start(db, c))
    assert said == "Payment received. Your booking request has been sent to Test Clinic."
    [invoice] = await rows(db, InvoiceRow)
    async with db.uow() as uow:
        view = await invoice_view(uow, invoice)
    assert (view.status, view.totals.total_cents, view.balance_cents) == ("issued", 16500, 0)
    [payment] = await rows(db, PaymentRow)
    assert (payment.method, payment.amount_cents) == ("online", 16500)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.expires_at == TEN and pending.paid and pending.paid.invoice_label == view.number_label
    page = await read_paid_booking(db.uow(), token=await page_token(db))
    assert (page.state, page.amount_label, page.invoice_label) == ("requested", "$165.00", view.number_label)
    assert "payment becomes account credit" in page.terms
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    assert len(await rows(db, InvoiceRow)) == 1  # Confirm does not invoice it again
    [appointment] = await rows(db, AppointmentRow)
    assert appointment.status == "booked"
    assert (await read_paid_booking(db.uow(), token=await page_token(db))).state == "booked"


async def test_when_the_clinic_books_at_once_a_paid_request_is_booked(db):
    c = await prepaid_clinic(db)
    settings = await read_online_settings(db.uow())
    await save_online_settings(db.uow(), actor=OWNER, settings=replace(settings, confirm_mode="instant"))
    said = await pay(db, await start(db, c))
    assert said == "Payment received. Your appointment with Test Clinic is booked."
    [appointment] = await rows(db, AppointmentRow)
    [request] = await rows(db, BookingRequestRow)
    assert appointment.status == "booked" and request.state == "confirmed" and request.invoice_id


async def test_an_expired_checkout_frees_the_time(db):
    c = await prepaid_clinic(db)
    url = await start(db, c)
    ref = url.rsplit("/", 1)[-1]
    said = await complete_checkout(db.uow(), provider=SANDBOX, event=ProviderEvent("evt_x", "expired", ref))
    assert said == "The checkout expired."
    [request] = await rows(db, BookingRequestRow)
    [appointment] = await rows(db, AppointmentRow)
    assert request.state == "expired" and appointment.status == "cancelled"
    assert appointment.cancel_reason == "Request expired: not paid in time"
    assert TEN in await free_starts(db, c)
    assert (await read_paid_booking(db.uow(), token=await page_token(db))).state == "unpaid"


async def test_the_expiry_sweep_frees_an_unpaid_hold(db):
    c = await prepaid_clinic(db)
    await start(db, c)
    assert await expire_due_requests(db.uow(), now=NOW + minutes(59)) == 0
    later = NOW + minutes(60)
    assert TEN in await free_starts(db, c, now=later)  # a lapsed hold is free before the sweep has run
    assert await expire_due_requests(db.uow(), now=later) == 1
    [request] = await rows(db, BookingRequestRow)
    assert request.state == "expired"


async def test_a_payment_after_the_time_was_taken_is_refunded_in_full_and_the_visitor_told(db):
    c = await prepaid_clinic(db)
    url = await start(db, c)
    later = NOW + minutes(61)
    await expire_due_requests(db.uow(), now=later)
    await set_service_prepay(db.uow(), actor=OWNER, service_id=c.service, prepay=False)
    rival = await request_booking(db.uow(), visit=visit(c, TEN, email="rita@example.com"), ip=None, now=later)
    assert rival.state == "requested"
    said = await pay(db, url)
    assert "no longer available" in said and "$165.00 is refunded in full" in said
    [payment] = await rows(db, PaymentRow)
    [refund] = await rows(db, RefundRow)
    assert (refund.payment_id, refund.amount_cents) == (payment.id, 16500)
    assert refund.provider_reference.startswith("sbx_re_")
    assert await rows(db, InvoiceRow) == []  # nothing was bought
    [mail] = [m for m in await outbox(db) if m.to_address == "vera@example.com"]
    assert "refunded" in mail.subject and "$165.00 is refunded in full" in mail.body
    assert (await read_paid_booking(db.uow(), token=await page_token(db))).state == "refunded"
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.email == "rita@example.com"  # the rival's request is untouched


async def test_declining_a_paid_request_says_it_was_not_refunded_and_staff_refund_it(db):
    c = await prepaid_clinic(db)
    await pay(db, await start(db, c))
    [pending] = await list_requests(db.uow(), actor=OWNER)
    said = await decline_request(db.uow(), actor=OWNER, request_id=pending.id, reason="Fully booked", now=NOW)
    assert said.startswith(
        "Declined. The payment of $165.00 was not refunded automatically: refund it from Vera Visitor's Billing tab."
    )
    [mail] = [m for m in await outbox(db) if m.to_address == "vera@example.com"]
    assert "About your payment of $165.00" in mail.body
    [declined] = await list_requests(db.uow(), actor=OWNER, state="declined")
    assert declined.unrefunded_cents == 16500
    assert await rows(db, RefundRow) == []
    # The seed's workflow: the client's Billing tab → the payment → Refund (through the provider).
    [payment] = await rows(db, PaymentRow)
    await refund_online(
        db.uow(), actor=OWNER, payment_id=payment.id, amount="165", reason="Declined", providers={"sandbox": SANDBOX}
    )
    [declined] = await list_requests(db.uow(), actor=OWNER, state="declined")
    assert declined.unrefunded_cents == 0
    [invoice] = await rows(db, InvoiceRow)
    assert invoice.status == "void"  # the declined booking's invoice owes nothing afterwards
    after = await account(db.uow(), actor=OWNER, profile_id=payment.profile_id)
    assert after.credit_cents == 0 and after.payments[0].refundable_cents == 0


async def test_cancelling_a_paid_booking_turns_its_payment_into_account_credit(db):
    c = await prepaid_clinic(db)
    await pay(db, await start(db, c))
    [pending] = await list_requests(db.uow(), actor=OWNER)
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    view = await set_appointment_status(
        db.uow(), actor=OWNER, appointment_id=pending.appointment_id, status="cancelled", reason="Unwell", now=NOW
    )
    assert view.remark.startswith("Its online payment of $165.00 is now account credit")
    [invoice] = await rows(db, InvoiceRow)
    assert invoice.status == "void"
    [payment] = await rows(db, PaymentRow)
    assert (await account(db.uow(), actor=OWNER, profile_id=payment.profile_id)).credit_cents == 16500


async def test_paying_online_needs_half_an_hour_before_the_start(db):
    c = await prepaid_clinic(db)
    soon = at("2031-03-03", "10:00")  # NOW is 08:00: notice allows it, paying does not (Stripe's 30 minutes)
    settings = await read_online_settings(db.uow())
    await save_online_settings(db.uow(), actor=OWNER, settings=replace(settings, min_notice_minutes=0))
    with pytest.raises(ValidationFailed) as refused:
        await start(db, c, soon, now=soon - minutes(20))
    assert "at least 30 minutes" in refused.value.errors["start"]
    assert await rows(db, BookingRequestRow) == []


async def test_linking_a_paid_request_to_an_existing_client_moves_its_invoice_and_payment(db):
    c = await prepaid_clinic(db)
    await pay(db, await start(db, c, first_name="Mary", last_name="Smith", email="mary@example.com"))
    [pending] = await list_requests(db.uow(), actor=OWNER)
    await resolve_match(db.uow(), actor=OWNER, request_id=pending.id, person_id=c.mary_person, now=NOW)
    [invoice] = await rows(db, InvoiceRow)
    [payment] = await rows(db, PaymentRow)
    assert invoice.profile_id == payment.profile_id == c.mary_profile


async def test_a_provider_that_cannot_start_the_payment_frees_the_time_at_once(db):
    class Down(SandboxProvider):
        async def start_checkout(self, request: CheckoutRequest):
            raise ProviderError("Stripe did not answer. Try again in a minute.")

    c = await prepaid_clinic(db)
    with pytest.raises(ProviderError):
        await start(db, c, provider=Down(URL))
    [request] = await rows(db, BookingRequestRow)
    assert request.state == "expired" and await rows(db, CheckoutRow) == []
    assert TEN in await free_starts(db, c)


async def test_a_prepaid_service_is_not_requested_without_paying_and_a_free_one_is_not_prepaid(db):
    c = await prepaid_clinic(db)
    with pytest.raises(ValidationFailed, match="paid when booking"):
        await request_booking(db.uow(), visit=visit(c, TEN), ip=None, now=NOW)
    await set_service_prepay(db.uow(), actor=OWNER, service_id=c.service, prepay=False)
    with pytest.raises(ValidationFailed, match="not paid online"):
        await start(db, c)
    assert await rows(db, BookingRequestRow) == []
    assert [e.summary for e in await audit_entries(db, "online_booking.prepay")] == [
        "Initial consultation: paid when booked online",
        "Initial consultation: not paid when booked online",
    ]


def test_cancellation_terms_say_what_cancelling_a_booking_means():
    settings = OnlineSettings("manual", 120, 60, 24, None, "Thanks.")
    assert cancellation_terms(settings, prepaid=True).startswith(
        "If you cancel at least 24 hours before the start, your payment becomes account credit for a later booking."
    )
    refund = replace(settings, cancel_policy="refund")
    assert "the clinic refunds your payment" in cancellation_terms(refund, prepaid=True)
    assert (
        cancellation_terms(settings, prepaid=False)
        == "If you cannot come, please cancel at least 24 hours before the start."
    )
    assert cancellation_terms(replace(settings, cancel_window_hours=1), prepaid=False).endswith(
        "1 hour before the start."
    )
