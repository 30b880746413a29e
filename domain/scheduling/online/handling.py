"""Staff handle booking requests: the Requests list (and its count in the menu), Confirm (the request becomes an
appointment and the client is emailed), Decline (with a reason, emailed), and possible matches (link the request
to an existing client, or keep the new record). Every decision is one transaction and one audit entry.

A prepaid request was paid when it was made (an issued invoice with its Payment): Confirm does not bill it again,
and Decline does not refund it by itself: staff refund it from the client's Billing tab (seed 003)."""

from datetime import datetime

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.money import label
from domain.billing.preferred import use_preferred_pack
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.formats import current
from domain.households.relationship_copies import queue_copies
from domain.messaging.outbox import queue_email
from domain.scheduling import rules
from domain.scheduling.online.expiry import void_paid_invoice
from domain.scheduling.online.family_booking import dismiss_if_unused, link_booker_in
from domain.scheduling.online.request_views import STATE_LABELS, paid_requests
from domain.scheduling.online.request_views import Match as Match
from domain.scheduling.online.request_views import RequestView as RequestView
from domain.scheduling.online.request_views import appointment_request as appointment_request
from domain.scheduling.online.request_views import list_requests as list_requests
from domain.scheduling.online.request_views import pending_request_count as pending_request_count
from domain.scheduling.online.request_views import person_requests as person_requests
from domain.scheduling.reminders import schedule_reminders
from domain.scheduling.times import describe, zone_label
from domain.validation import clean_line
from storage.accounts import StaffUserRow
from storage.billing import InvoiceRow, PaymentRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.online_booking import BookingRequestRow
from storage.online_payments import CheckoutRow
from storage.scheduling import AppointmentRow, ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork


async def _pending(uow: UnitOfWork, request_id: int, now: datetime) -> tuple[BookingRequestRow, AppointmentRow]:
    request = await uow.session.get(BookingRequestRow, request_id, with_for_update=True)
    if request is None:
        raise NotFound("That booking request no longer exists.")
    appointment = await uow.get(AppointmentRow, request.appointment_id, lock=True)
    if request.state == "pending" and request.expires_at <= now:
        tz = await rules.clinic_zone(uow)
        raise NotAllowed(
            f"This request expired at {current().datetime(request.expires_at.astimezone(tz))} "
            "without being confirmed; its time is free again. Book it from the calendar if it is still wanted."
        )
    if request.state == "awaiting_payment":
        raise NotAllowed("This request is still waiting for the visitor's payment: it cannot be answered yet.")
    if request.state != "pending":
        raise NotAllowed(f"This request was already {STATE_LABELS[request.state].lower()}. The list now shows it.")
    return request, appointment


async def matchable(
    uow: UnitOfWork, request_id: int, *, family: bool = False
) -> tuple[BookingRequestRow, AppointmentRow]:
    """Inside the caller's transaction (both locked): a request whose possible match (`family`: possible family) is
    still open: pending, or booked at once (Setup: book requests at once)."""
    request = await uow.session.get(BookingRequestRow, request_id, with_for_update=True)
    if request is None:
        raise NotFound("That booking request no longer exists.")
    appointment = await uow.get(AppointmentRow, request.appointment_id, lock=True)
    if (
        (request.family_match_state if family else request.match_state) != "open"
        or request.state not in ("pending", "confirmed")
        or appointment.status == "cancelled"
    ):
        what = "possible family" if family else "match"
        raise NotAllowed(f"This request has no open {what} any more. The list now shows it.")
    return request, appointment


async def book_request_in(
    uow: UnitOfWork, request: BookingRequestRow, appointment: AppointmentRow, *, now: datetime
) -> str:
    """Inside the caller's transaction: the request becomes a booked appointment (reminders, the client's
    preferred pack unless it was paid online). Returns what staff should be told about the pack ("" if nothing)."""
    appointment.status, appointment.version, appointment.updated_at = "booked", appointment.version + 1, now
    request.state, request.handled_at = "confirmed", now
    await uow.session.flush()
    await schedule_reminders(uow, appointment, now=now)
    profile = await uow.get(ProfileRow, appointment.profile_id)
    return (
        await use_preferred_pack(uow, appointment, profile.preferred_template_id)
        if profile.preferred_template_id and request.invoice_id is None  # paid already: not a pack session too
        else ""
    )


async def confirm_request(uow: UnitOfWork, *, actor: Actor, request_id: int, now: datetime | None = None) -> str:
    """Confirm: the appointment is booked and the client emailed. Returns what to tell staff."""
    require(actor, "calendar")
    now = now or utcnow()
    async with uow:
        request, appointment = await _pending(uow, request_id, now)
        if request.match_state == "open":
            raise ValidationFailed(
                {"match": "First choose whether this is an existing client (Link) or a new one (Keep as new)."}
            )
        if request.family_match_state == "open":
            raise ValidationFailed({"family": "First choose the possible family: Link to that family, or Keep apart."})
        remark = await book_request_in(uow, request, appointment, now=now)
        request.handled_by = actor.user_id
        when, clinic_name = await _when_and_clinic(uow, appointment)
        service = await uow.session.get(ServiceRow, appointment.service_id) if appointment.service_id else None
        practitioner = await uow.get(StaffUserRow, appointment.practitioner_id)
        what = f"{service.name if service else 'Your appointment'} with {practitioner.name}"
        if request.for_person_id != request.booker_person_id:  # booked for a family member
            what += f", for {(await uow.get(PersonRow, request.for_person_id)).first_name}"
        await _answer(
            uow,
            actor,
            "booking.confirmed",
            request,
            appointment,
            subject=f"{clinic_name}: your booking is confirmed",
            body=f"{clinic_name} has confirmed your booking:\n\n{what}\n{when}\n\n"
            "If you cannot come, please let the clinic know.\n",
            summary=f"{what}, {when}",
        )
        await uow.commit()
    return f"Confirmed: {what}, {when}. {request.first_name} was emailed." + (f" {remark}" if remark else "")


async def decline_request(
    uow: UnitOfWork, *, actor: Actor, request_id: int, reason: str, now: datetime | None = None
) -> str:
    """Decline with a reason (required, emailed to the requester); the time is free again."""
    require(actor, "calendar")
    reason = clean_line(reason, max_length=300)
    if not reason:
        raise ValidationFailed(
            {"reason": "Give a reason; it is emailed to the person who asked (e.g. “Fully booked that day”)."}
        )
    now = now or utcnow()
    async with uow:
        request, appointment = await _pending(uow, request_id, now)
        request.state, request.handled_at, request.handled_by, request.decline_reason = (
            "declined",
            now,
            actor.user_id,
            reason,
        )
        appointment.status, appointment.cancel_reason = "cancelled", f"Request declined: {reason}"[:300]
        appointment.version, appointment.updated_at = appointment.version + 1, now
        await uow.session.flush()
        await schedule_reminders(uow, appointment, now=now)
        when, clinic_name = await _when_and_clinic(uow, appointment)
        paid = (await paid_requests(uow, [request.id])).get(request.id)
        owed = paid.amount_cents - paid.refunded_cents if paid else 0
        await void_paid_invoice(uow, request, f"Booking request declined: {reason}"[:300], actor)
        client = await uow.get(PersonRow, request.for_person_id)
        await _answer(
            uow,
            actor,
            "booking.declined",
            request,
            appointment,
            subject=f"{clinic_name}: we cannot accept your booking request",
            body=f"Sorry, {clinic_name} cannot accept your request for {when}.\n\n"
            f"Reason: {reason}\n\n"
            + (f"About your payment of {label(owed)}: {clinic_name} will be in touch.\n\n" if owed else "")
            + "You are welcome to request another time.\n",
            summary=f"{when}: {reason}" + (f"; its payment of {label(owed)} not refunded" if owed else ""),
        )
        await uow.commit()
    if owed:
        return (
            f"Declined. The payment of {label(owed)} was not refunded automatically: refund it from "
            f"{client.first_name} {client.last_name}'s Billing tab. {request.first_name} was emailed the reason."
        )
    return f"Declined. {request.first_name} was emailed the reason."


async def resolve_match(
    uow: UnitOfWork, *, actor: Actor, request_id: int, person_id: int | None, now: datetime | None = None
) -> str:
    """A possible match: link the request to that existing client (person_id), or keep the new record (None).
    Linking moves the appointment to the client's profile; the record made for the request is dismissed (kept)."""
    require(actor, "calendar")
    now = now or utcnow()
    async with uow:
        request, appointment = await matchable(uow, request_id)
        made = await uow.get(PersonRow, request.for_person_id, lock=True)
        if request.booker_person_id != made.id:  # booked for a family member: the booker is the one matched
            said = await link_booker_in(uow, request, person_id)
            uow.changed(topics.person(request.booker_person_id))
        elif person_id is None:
            request.match_state = "new"
            said = f"kept {made.first_name} {made.last_name} as a new record"
        else:
            if str(person_id) not in request.match_ids.split(","):
                raise ValidationFailed({"match": "That client is not one of this request's possible matches."})
            client = await uow.get(PersonRow, person_id)
            if client.status not in ("active", "prospective"):
                raise NotAllowed(
                    f"{client.first_name} {client.last_name} is archived. Restore them first, or keep as new."
                )
            profile = (
                await uow.session.execute(select(ProfileRow).where(ProfileRow.person_id == client.id))
            ).scalar_one()
            old_profile = appointment.profile_id
            appointment.profile_id, appointment.version = profile.id, appointment.version + 1
            request.for_person_id = request.booker_person_id = client.id
            request.match_state = "linked"
            if request.invoice_id:
                await _move_paid(uow, request, old_profile, profile.id, client.id)
            await uow.session.flush()
            await dismiss_if_unused(uow, made)  # made for this request alone: kept, out of the lists
            said = f"linked to {client.first_name} {client.last_name}"
            uow.changed(topics.person(client.id), topics.profile(profile.id))
            if old_profile:
                uow.changed(topics.profile(old_profile))
        uow.audit(actor, "booking.match", "appointment", appointment.id, summary=said)
        uow.changed(topics.PEOPLE, topics.person(made.id))
        _changed(uow, appointment, request)
        await uow.commit()
    return f"Request {said}."


async def _move_paid(
    uow: UnitOfWork, request: BookingRequestRow, old_profile: int | None, profile_id: int, person_id: int
) -> None:
    """A prepaid request linked to an existing client: its invoice and payment go with the appointment, so the
    client's Billing tab shows what they paid (and where to refund it)."""
    invoice = await uow.get(InvoiceRow, request.invoice_id, lock=True)
    invoice.profile_id, invoice.payee_person_id = profile_id, person_id
    for checkout in (
        await uow.session.execute(select(CheckoutRow).where(CheckoutRow.booking_request_id == request.id))
    ).scalars():
        checkout.profile_id, checkout.person_id = profile_id, person_id
        if checkout.payment_id:
            (await uow.get(PaymentRow, checkout.payment_id, lock=True)).profile_id = profile_id
    uow.changed(topics.billing(profile_id), *((topics.billing(old_profile),) if old_profile else ()))


async def _when_and_clinic(uow: UnitOfWork, appointment: AppointmentRow) -> tuple[str, str]:
    """'Thu, 3 Dec 2026, 1:00 – 2:00 pm (Sydney time)' (the reader may be elsewhere), and the clinic's name."""
    tz = await rules.clinic_zone(uow)
    when = f"{describe(appointment.starts_at, appointment.ends_at, tz, year=True)} ({zone_label(tz)})"
    return when, (await clinic_row(uow.session)).name


async def _answer(
    uow: UnitOfWork,
    actor: Actor,
    action: str,
    request: BookingRequestRow,
    appointment: AppointmentRow,
    *,
    subject: str,
    body: str,
    summary: str,
) -> None:
    """Inside the transaction: staff's answer emailed to whoever asked (a staff action, so a prospect gets it too),
    a copy for relatives the client it is for allowed (seed 002), its audit entry, and what changed."""
    body = f"Hello {request.first_name},\n\n{body}"
    queue_email(uow, to=request.email, subject=subject, body=body, record_type="appointment", record_id=appointment.id)
    await queue_copies(
        uow,
        request.for_person_id,
        "reminders",
        subject=subject,
        body=body,
        record_type="appointment",
        record_id=appointment.id,
        sent_to=[request.email],
    )
    uow.audit(actor, action, "appointment", appointment.id, summary=f"{summary}; emailed {request.email}")
    _changed(uow, appointment, request)


def _changed(uow: UnitOfWork, appointment: AppointmentRow, request: BookingRequestRow) -> None:
    uow.changed(
        topics.CALENDAR, topics.REQUESTS, topics.appointment(appointment.id), topics.person(request.for_person_id)
    )
    if appointment.profile_id:
        uow.changed(topics.profile(appointment.profile_id))
