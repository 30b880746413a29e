"""What the page a prepaid request's payment returns to (/book/paid/<token>) says: still waiting for the provider,
requested (or booked) and paid with its invoice, or the time lost meanwhile and the payment refunded, or the
payment never completed and the time released."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from domain.billing.invoice_views import number_label
from domain.billing.money import label
from domain.scheduling import rules
from domain.scheduling.online.prepaid import checkout_of_link
from domain.scheduling.online.settings import OnlineSettings, cancellation_terms, settings_row
from domain.scheduling.online.visitors import Requested
from domain.scheduling.times import describe
from storage.accounts import StaffUserRow
from storage.billing import InvoiceRow, RefundRow
from storage.clinic import clinic_row
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow, ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork

PAID_STATES = {"pending": "requested", "confirmed": "booked", "declined": "declined", "expired": "lapsed"}


@dataclass(frozen=True)
class PaidBooking:
    state: str  # waiting, requested, booked, declined, lapsed (paid), refunded (time lost), unpaid
    clinic_name: str
    requested: Requested  # what was asked for, and what the confirmation says
    amount_label: str
    invoice_label: str  # "INV-00012" once paid ("" before, or when the payment was refunded)
    terms: str  # what cancelling means
    held_until: datetime  # waiting: the time is released then if no payment comes

    @property
    def settled(self) -> bool:
        return self.state != "waiting"


async def read_paid_booking(uow: UnitOfWork, *, token: str) -> PaidBooking:
    """InvalidLink for a token that names no prepaid request."""
    async with uow:
        checkout = await checkout_of_link(uow, token)
        request = await uow.get(BookingRequestRow, checkout.booking_request_id)
        appointment = await uow.get(AppointmentRow, request.appointment_id)
        service = await uow.session.get(ServiceRow, appointment.service_id) if appointment.service_id else None
        practitioner = await uow.get(StaffUserRow, appointment.practitioner_id)
        clinic = await clinic_row(uow.session)
        settings = OnlineSettings.of(await settings_row(uow))
        tz = await rules.clinic_zone(uow)
        invoice = await uow.session.get(InvoiceRow, request.invoice_id) if request.invoice_id else None
        refunded = (
            checkout.payment_id is not None
            and (
                await uow.session.execute(select(RefundRow.id).where(RefundRow.payment_id == checkout.payment_id))
            ).first()
            is not None
        )
    amount = label(checkout.amount_cents)
    if checkout.state == "paid":
        state = PAID_STATES.get(request.state, "requested") if invoice is not None else "refunded"
    elif checkout.state == "open" and request.state == "awaiting_payment" and checkout.expires_at > utcnow():
        state = "waiting"
    else:
        state = "unpaid"
    message = {
        "waiting": "",
        "requested": settings.confirmation_text,
        "booked": f"Your appointment is booked. {clinic.name} looks forward to seeing you.",
        "declined": f"{clinic.name} could not accept this request. About your payment of {amount}: the clinic will "
        "be in touch.",
        "lapsed": f"This request was not confirmed in time. About your payment of {amount}: the clinic will be in "
        "touch.",
        "refunded": "Sorry, the time you chose was no longer available when your payment arrived; your payment of "
        + (f"{amount} is refunded in full." if refunded else f"{amount} will be refunded in full by the clinic.")
        + " Please choose another time.",
        "unpaid": "The payment was not completed, so the time was released. You can choose a time again.",
    }[state]
    requested = Requested(
        state,
        service.name if service else "Appointment",
        practitioner.name,
        appointment.starts_at,
        appointment.ends_at,
        describe(appointment.starts_at, appointment.ends_at, tz, year=True),
        message,
        request.email,
    )
    return PaidBooking(
        state,
        clinic.name,
        requested,
        amount,
        number_label(invoice.number) if invoice is not None else "",
        cancellation_terms(settings, prepaid=True),
        checkout.expires_at,
    )
