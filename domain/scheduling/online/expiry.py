"""Requests nobody confirmed in time: at their hold's end (their start time, or Setup's hold limit) they expire,
their appointment row is cancelled (kept, with the reason) and the time is free again. A prepaid request whose
payment never came (its checkout's lifetime) expires the same way."""

from datetime import datetime

from sqlalchemy import select

from domain import topics
from domain.actor import SYSTEM, Actor
from storage.billing import InvoiceRow
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow
from storage.uow import UnitOfWork

EXPIRED_REASON = "Request expired: not confirmed in time"
UNPAID_REASON = "Request expired: not paid in time"
HELD = ("pending", "awaiting_payment")  # the states that hold a time until their hold ends


async def expire_due_requests(
    uow: UnitOfWork, *, now: datetime, practitioner_id: int | None = None, commit: bool = True
) -> int:
    """Expires every pending request whose hold has ended (one diary's, or all). With commit=False it runs
    inside the caller's transaction (a new request for that diary clears the way first). Returns how many."""
    if commit:
        async with uow:
            count = await _expire(uow, now, practitioner_id)
            await uow.commit()
        return count
    return await _expire(uow, now, practitioner_id)


async def _expire(uow: UnitOfWork, now: datetime, practitioner_id: int | None) -> int:
    query = (
        select(BookingRequestRow, AppointmentRow)
        .join(AppointmentRow, AppointmentRow.id == BookingRequestRow.appointment_id)
        .where(BookingRequestRow.state.in_(HELD), BookingRequestRow.expires_at <= now)
        .order_by(BookingRequestRow.id)
        .limit(200)
        .with_for_update()
    )
    if practitioner_id is not None:
        query = query.where(AppointmentRow.practitioner_id == practitioner_id)
    found = (await uow.session.execute(query)).all()
    for request, appointment in found:
        expire_request_in(uow, request, appointment, now)
        await void_paid_invoice(uow, request, "Booking request not confirmed in time")
    await uow.session.flush()
    return len(found)


async def void_paid_invoice(uow: UnitOfWork, request: BookingRequestRow, reason: str, actor: Actor = SYSTEM) -> int:
    """Inside the caller's transaction: a paid request that ends without an appointment (declined, expired,
    withdrawn, cancelled) leaves no invoice owing: its invoice is voided and what was paid becomes account credit,
    which staff refund from the client's Billing tab (or the client uses later). Returns the credit made."""
    if not request.invoice_id:
        return 0
    from domain.billing.invoice_views import invoice_view
    from domain.billing.invoices import void_in

    invoice = await uow.get(InvoiceRow, request.invoice_id, lock=True)
    if invoice.status != "issued":
        return 0
    paid = (await invoice_view(uow, invoice)).paid_cents
    await void_in(uow, actor, invoice, reason)
    return paid


def expire_request_in(
    uow: UnitOfWork, request: BookingRequestRow, appointment: AppointmentRow, now: datetime, why: str = ""
) -> None:
    """Inside the caller's transaction (both rows locked): the request expires and its time is free again."""
    unpaid = request.state == "awaiting_payment"
    request.state, request.handled_at = "expired", now
    appointment.status = "cancelled"
    appointment.cancel_reason = (why or (UNPAID_REASON if unpaid else EXPIRED_REASON))[:300]
    appointment.version, appointment.updated_at = appointment.version + 1, now
    uow.audit(
        SYSTEM,
        "booking.expired",
        "appointment",
        appointment.id,
        summary=f"request by {request.first_name} {request.last_name} expired "
        + (f"({why})" if why else "unpaid" if unpaid else "unconfirmed"),
    )
    uow.changed(topics.CALENDAR, topics.REQUESTS, topics.appointment(appointment.id))
    if appointment.profile_id:
        uow.changed(topics.profile(appointment.profile_id))


async def withdraw_requests_of(uow: UnitOfWork, *, person_id: int, why: str, now: datetime) -> int:
    """Inside the caller's transaction (dismissing or archiving someone): their pending requests (and those still
    waiting for their payment) are declined without an email and free their time. Returns how many."""
    found = (
        await uow.session.execute(
            select(BookingRequestRow, AppointmentRow)
            .join(AppointmentRow, AppointmentRow.id == BookingRequestRow.appointment_id)
            .where(
                BookingRequestRow.state.in_(HELD),
                (BookingRequestRow.for_person_id == person_id) | (BookingRequestRow.booker_person_id == person_id),
            )
            .with_for_update()
        )
    ).all()
    for request, appointment in found:
        request.state, request.handled_at, request.decline_reason = "declined", now, why
        appointment.status, appointment.cancel_reason = "cancelled", f"Request withdrawn: {why}"[:300]
        appointment.version, appointment.updated_at = appointment.version + 1, now
        await void_paid_invoice(uow, request, f"Booking request withdrawn: {why}")
        uow.changed(topics.appointment(appointment.id))
    if found:
        uow.changed(topics.CALENDAR, topics.REQUESTS)
    await uow.session.flush()
    return len(found)
