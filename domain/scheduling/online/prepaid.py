"""Prepaid booking requests (issue 17): a service Setup marks "Pay when booking online" is paid before the request
is made. The request is made at once but waits for its payment ('awaiting_payment'): it holds its time only while
the checkout may be paid (the checkout's lifetime, never past the start), is not on Requests and emails nobody.

The provider's word that it was paid (settle_booking, inside complete_checkout's transaction) turns it into a
request like any other (pending, or booked at once when Setup says so) with an issued invoice that the payment
pays. A payment for a time that was lost meanwhile (the hold ran out and someone took the time) is refunded in
full, at once, and the visitor told. An expired checkout frees the time."""

import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain import topics
from domain.actor import Actor, anonymous
from domain.billing.invoice_views import invoice_view
from domain.billing.invoices import appointment_line, issue_in, new_draft
from domain.billing.money import label
from domain.billing.online.provider import CHECKOUT_LIFETIME_MINUTES, CheckoutRequest, PaymentProvider
from domain.billing.online.purposes import Settlement
from domain.errors import InvalidLink, ValidationFailed
from domain.households.relationship_copies import email_with_copies
from domain.scheduling.online.expiry import expire_request_in
from domain.scheduling.online.handling import book_request_in
from domain.scheduling.online.requests import booked_email, checked_visit, hold_time
from domain.scheduling.online.settings import OnlineSettings, settings_row
from domain.scheduling.online.visitors import Visit
from domain.scheduling.times import describe, zone_label
from domain.tokens import new_token
from storage.accounts import StaffUserRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.online_booking import BookingRequestRow
from storage.online_payments import CheckoutRow
from storage.scheduling import AppointmentRow, ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork

PAY_AHEAD = timedelta(minutes=31)  # Stripe Checkout: expires_at at least 30 minutes away

PAID_PATH = "/book/paid/"  # + "<request id>.<secret>": where the provider sends the visitor back
BAD_LINK = "This page is not valid. Open the link the payment page sent you to, or call the clinic."


async def start_prepaid_request(
    uow: UnitOfWork,
    *,
    visit: Visit,
    provider: PaymentProvider,
    public_url: str,
    ip: str | None,
    now: datetime | None = None,
) -> str:
    """Everything request_booking checks, then the request held for its payment and a checkout at the provider
    for the service's price with tax (from our database). Returns where the visitor's browser goes next. If the
    provider cannot start the payment, the time is freed at once and its ProviderError raised."""
    now = now or utcnow()
    base = public_url.rstrip("/")
    checked = await checked_visit(uow, visit, ip, prepaid=True)
    if checked is None:  # a robot: nothing is held, and it is told nothing different
        return f"{base}/book"
    service, notes = checked
    if visit.start < now + PAY_AHEAD:  # a checkout lives at least 30 minutes (Stripe's floor), ending by the start
        raise ValidationFailed(
            {"start": "Paying online needs at least 30 minutes before the start: choose a later time, or call us."}
        )
    expires_at = now + timedelta(minutes=CHECKOUT_LIFETIME_MINUTES)
    held = await hold_time(uow, visit, service, notes, ip, now, awaiting_payment_until=expires_at)
    expires_at = min(expires_at, held.requested.starts_at)  # as the request's hold
    async with uow.fresh() as fresh:
        clinic = await clinic_row(fresh.session)
    back = f"{base}{PAID_PATH}{held.request_id}.{new_token()}"
    try:
        started = await provider.start_checkout(  # outside any transaction: the provider may take a while
            CheckoutRequest(
                amount_cents=service.pay_cents,
                currency=clinic.currency,
                description=f"{service.name}, {held.requested.when}, {clinic.name}",
                success_url=f"{back}/done",
                cancel_url=back,
                expires_at=expires_at,
                customer_email=held.requested.email or None,
            )
        )
    except Exception:
        await _free(uow.fresh(), held.request_id, "its payment could not start")
        raise
    async with uow.fresh() as fresh:
        fresh.session.add(
            CheckoutRow(
                provider=provider.name,
                provider_ref=started.provider_ref,
                purpose="booking",
                booking_request_id=held.request_id,
                person_id=held.person_id,
                profile_id=held.profile_id,
                amount_cents=service.pay_cents,
                currency=clinic.currency,
                state="open",
                created_at=now,
                expires_at=expires_at,
                return_url=back,
            )
        )
        await fresh.session.flush()
        fresh.audit(
            anonymous(ip),
            "payment.checkout_started",
            "appointment",
            held.appointment_id,
            summary=f"{label(service.pay_cents)} for {service.name} through {provider.label} ({started.provider_ref})",
        )
        await fresh.commit()
    return started.url


async def _free(uow: UnitOfWork, request_id: int, why: str) -> None:
    async with uow:
        request = await uow.get(BookingRequestRow, request_id, lock=True)
        appointment = await uow.get(AppointmentRow, request.appointment_id, lock=True)
        if request.state == "awaiting_payment":
            expire_request_in(uow, request, appointment, utcnow(), why)
        await uow.commit()


async def _held(uow: UnitOfWork, checkout: CheckoutRow) -> tuple[BookingRequestRow, AppointmentRow]:
    if checkout.booking_request_id is None:
        raise LookupError(f"checkout {checkout.id} is for a booking but names no request")
    request = await uow.get(BookingRequestRow, checkout.booking_request_id, lock=True)
    return request, await uow.get(AppointmentRow, request.appointment_id, lock=True)


async def settle_booking(uow: UnitOfWork, checkout: CheckoutRow, who: Actor) -> Settlement:
    """Inside complete_checkout's transaction, before the payment is recorded: the request (still holding its
    time) becomes a request like any other, with an issued invoice for the payment to pay; a time lost meanwhile
    is refunded in full (by the caller, after the commit) and the visitor emailed."""
    request, appointment = await _held(uow, checkout)
    now = utcnow()
    clinic = await clinic_row(uow.session)
    tz = ZoneInfo(clinic.time_zone)
    service = await uow.get(ServiceRow, appointment.service_id) if appointment.service_id else None
    practitioner = await uow.get(StaffUserRow, appointment.practitioner_id)
    what = f"{service.name if service else 'Appointment'} with {practitioner.name}"
    when = f"{describe(appointment.starts_at, appointment.ends_at, tz, year=True)} ({zone_label(tz)})"
    if request.state != "awaiting_payment" or appointment.status != "requested" or appointment.starts_at <= now:
        if request.state == "awaiting_payment":  # paid after its start: nothing left to book
            expire_request_in(uow, request, appointment, now, "paid after its start")
        paid = label(checkout.amount_cents)
        said = (
            f"Sorry, the time you chose ({when}) was no longer available when your payment arrived; your payment "
            f"of {paid} is refunded in full. Please choose another time on the Bookings Page."
        )
        uow.audit(
            who, "booking.paid_too_late", "appointment", appointment.id, summary=f"{what}, {when}: {paid} refunded"
        )
        body = (
            f"Hello {request.first_name},\n\nSorry: the time you chose with {clinic.name} ({what}, {when}) was no "
            f"longer available when your payment arrived. Your payment of {paid} is refunded in full; it may take a "
            "few days to show on your statement.\n\nYou are welcome to choose another time on the Bookings Page.\n"
        )
        return Settlement(None, said, True, (request.email, f"{clinic.name}: your payment is refunded", body))
    settings = OnlineSettings.of(await settings_row(uow))
    profile = await uow.get(ProfileRow, appointment.profile_id)
    invoice = await new_draft(uow, profile)
    await appointment_line(uow, invoice.id, appointment)
    await uow.session.flush()
    await issue_in(uow, invoice, today=now.astimezone(tz).date())
    view = await invoice_view(uow, invoice)
    uow.audit(who, "invoice.issued", "invoice", invoice.id, summary=f"{view.number_label}, {view.total_label}")
    request.invoice_id = checkout.invoice_id = invoice.id
    hold = timedelta(hours=settings.hold_hours) if settings.hold_hours else None
    request.state = "pending"
    request.expires_at = min(appointment.starts_at, now + hold) if hold else appointment.starts_at
    uow.audit(
        who,
        "booking.requested",
        "appointment",
        appointment.id,
        summary=f"{what}, {when}, for {request.first_name} {request.last_name}: paid "
        f"{label(checkout.amount_cents)} ({view.number_label})",
    )
    booked = settings.instant
    if booked:
        await book_request_in(uow, request, appointment, now=now)
        person = await uow.get(PersonRow, request.booker_person_id)  # who booked (a family member shares the email)
        await email_with_copies(  # automated: a prospect gets none (seed 003); the page says it all
            uow,
            person,
            "reminders",  # and a copy for relatives the client it is for allowed (seed 002)
            about=request.for_person_id,
            automated=True,
            subject=f"{clinic.name}: your booking is confirmed",
            body=booked_email(person.first_name, clinic.name, what, when)
            + f"\nPaid: {label(checkout.amount_cents)} (invoice {view.number_label}).\n",
            record_type="appointment",
            record_id=appointment.id,
        )
    uow.changed(
        topics.CALENDAR,
        topics.REQUESTS,
        topics.appointment(appointment.id),
        topics.person(request.for_person_id),
        topics.profile(profile.id),
        topics.billing(profile.id),
    )
    said = (
        f"Payment received. Your appointment with {clinic.name} is booked."
        if booked
        else f"Payment received. Your booking request has been sent to {clinic.name}."
    )
    return Settlement(invoice.id, said)


async def booking_checkout_expired(uow: UnitOfWork, checkout: CheckoutRow, who: Actor) -> None:
    """Inside complete_checkout's transaction: a checkout never paid frees the time its request held."""
    request, appointment = await _held(uow, checkout)
    if request.state == "awaiting_payment":
        expire_request_in(uow, request, appointment, utcnow())


async def checkout_of_link(uow: UnitOfWork, token: str) -> CheckoutRow:
    """The prepaid request's checkout that a /book/paid/<token> page names (InvalidLink otherwise)."""
    request_id, _, secret = (token or "").partition(".")
    if not request_id.isdigit() or not secret:
        raise InvalidLink(BAD_LINK)
    found = (
        await uow.session.execute(
            select(CheckoutRow)
            .where(CheckoutRow.purpose == "booking", CheckoutRow.booking_request_id == int(request_id))
            .order_by(CheckoutRow.id.desc())
        )
    ).scalars()
    for checkout in found:
        if secrets.compare_digest(checkout.return_url.rpartition(PAID_PATH)[2].encode(), token.encode()):
            return checkout
    raise InvalidLink(BAD_LINK)
