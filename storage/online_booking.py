"""Online booking: the Bookings Page's settings, which services are offered online by whom, the booking
requests visitors make, and Invite to Book links.

A request holds its time because it *is* an appointment (status 'requested'); the row here says who asked,
for whom, how, and what staff decided. The person who books and the person booked for are separate columns
(booking for a family member: the booker, and the family member the appointment is for). Declined and expired
requests cancel their appointment row (freeing the time) and keep it, with the reason, for the record.
"""

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow

SETTINGS_ID = 1
REQUEST_STATES = ("awaiting_payment", "pending", "confirmed", "declined", "expired")  # awaiting_payment: prepaid
CANCEL_POLICIES = ("credit", "refund")  # a prepaid booking cancelled inside the window: account credit, or refund
MATCH_STATES = ("none", "open", "linked", "new")
FAMILY_MATCH_STATES = ("none", "open", "linked", "apart")  # booking for a family member named like a primary


class OnlineBookingRow(Base):
    """Setup > Online Booking (one row, made by migration 0011)."""

    __tablename__ = "online_booking"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("confirm_mode IN ('manual', 'instant')", name="confirm_mode"),
        CheckConstraint("min_notice_minutes >= 0", name="min_notice"),
        CheckConstraint("max_advance_days >= 1", name="max_advance"),
        CheckConstraint("cancel_window_hours >= 0", name="cancel_window"),
        CheckConstraint("hold_hours IS NULL OR hold_hours >= 1", name="hold_hours"),
        CheckConstraint("cancel_policy IN ('credit', 'refund')", name="cancel_policy"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    confirm_mode: Mapped[str] = mapped_column(String(10), default="manual")
    min_notice_minutes: Mapped[int] = mapped_column(Integer, default=120)  # how close to the start
    max_advance_days: Mapped[int] = mapped_column(Integer, default=60)  # how far ahead
    cancel_window_hours: Mapped[int] = mapped_column(Integer, default=24)  # used by the portal
    hold_hours: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None: until the start time
    confirmation_text: Mapped[str] = mapped_column(Text, default="")
    cancel_policy: Mapped[str] = mapped_column(String(10), default="credit")
    allow_registration: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # portal
    allow_related_profiles: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # seed 002
    calendar_details: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # feed: service
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OnlineOfferRow(Base):
    """Service S can be booked online with practitioner P."""

    __tablename__ = "online_offers"
    __table_args__ = (UniqueConstraint("service_id", "practitioner_id", name="uq_online_offers_pair"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id", ondelete="CASCADE"), index=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"))


class BookingInviteRow(Base):
    """Invite to Book: a link for one client that opens the Bookings Page with the client known."""

    __tablename__ = "booking_invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)  # staff user id
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # a request was made with it
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class BookingRequestRow(Base):
    __tablename__ = "booking_requests"
    __table_args__ = (
        CheckConstraint("state IN ('awaiting_payment', 'pending', 'confirmed', 'declined', 'expired')", name="state"),
        CheckConstraint("match_state IN ('none', 'open', 'linked', 'new')", name="match_state"),
        CheckConstraint("family_match_state IN ('none', 'open', 'linked', 'apart')", name="family_match_state"),
        CheckConstraint("source IN ('bookings_page', 'invite', 'portal')", name="source"),
        Index("ix_booking_requests_state", "state", "expires_at"),
        Index("ix_booking_requests_ip", "ip", "created_at"),
        Index("ix_booking_requests_email", "email", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="RESTRICT"), unique=True)
    booker_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    for_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    source: Mapped[str] = mapped_column(String(20), default="bookings_page")
    invite_id: Mapped[int | None] = mapped_column(ForeignKey("booking_invites.id"), nullable=True)
    # The contact details as the visitor typed them (cleaned), kept even if the record changes later.
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(254))  # lower-cased
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    any_practitioner: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Existing clients whose email or name matches ("12,40"): staff choose link or new; never linked silently.
    match_ids: Mapped[str] = mapped_column(String(200), default="")
    match_state: Mapped[str] = mapped_column(String(10), default="none")
    # Booking for a family member: existing primary records named like the family member ("12,40"), for staff to
    # choose Link to …'s family or Keep apart (domain/scheduling/online/family_booking.py); never linked silently.
    family_match_ids: Mapped[str] = mapped_column(String(200), default="", server_default="")
    family_match_state: Mapped[str] = mapped_column(String(10), default="none", server_default="none")
    decline_reason: Mapped[str | None] = mapped_column(String(300), nullable=True)
    handled_by: Mapped[int | None] = mapped_column(Integer, nullable=True)  # staff user id
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    invoice_id: Mapped[int | None] = mapped_column(  # a prepaid request: the invoice its payment paid
        ForeignKey("invoices.id", ondelete="RESTRICT"), nullable=True
    )
