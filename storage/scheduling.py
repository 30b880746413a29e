"""Services, appointments, closed days and appointment reminders.

No double booking is a database rule: on PostgreSQL an exclusion constraint over
(practitioner, time range) of non-cancelled appointments; on SQLite triggers that refuse an
overlapping insert or update (writers are serialised by BEGIN IMMEDIATE). Both are created by
migration 0003, because neither can be declared portably here.
"""

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow

APPOINTMENT_KINDS = ("client", "meeting", "admin", "unavailable")
APPOINTMENT_STATUSES = ("requested", "booked", "arrived", "completed", "cancelled", "no_show")  # requested: online
OVERLAP_MESSAGE = "appointment_overlap"  # raised by the SQLite triggers; PostgreSQL says 23P01


class ServiceRow(Base):
    __tablename__ = "services"
    __table_args__ = (
        CheckConstraint("duration_minutes > 0 AND duration_minutes <= 1440", name="duration"),
        CheckConstraint("price_cents >= 0", name="price"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    duration_minutes: Mapped[int] = mapped_column(Integer)
    price_cents: Mapped[int] = mapped_column(Integer, default=0)
    colour: Mapped[str] = mapped_column(String(7), default="#8a3b12")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    prepay_online: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # paid when booked


class AppointmentRow(Base):
    __tablename__ = "appointments"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("kind IN ('client', 'meeting', 'admin', 'unavailable')", name="kind"),
        CheckConstraint(
            "status IN ('requested', 'booked', 'arrived', 'completed', 'cancelled', 'no_show')", name="status"
        ),
        CheckConstraint("(kind = 'client') = (profile_id IS NOT NULL)", name="client_has_profile"),
        Index("ix_appointments_practitioner_time", "practitioner_id", "starts_at", "ends_at"),
        Index("ix_appointments_time", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="RESTRICT"))
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("profiles.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="RESTRICT"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20), default="client")
    title: Mapped[str] = mapped_column(String(160), default="")  # for meeting / admin / unavailable time
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="booked")
    cancel_reason: Mapped[str | None] = mapped_column(String(300), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    price_cents: Mapped[int | None] = mapped_column(Integer, nullable=True)
    series_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # recurring bookings
    outside_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[int] = mapped_column(Integer, default=1)  # a stale browser's move is refused
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClosedDayRow(Base):
    """A day the whole clinic is closed (public holiday, training day), in the clinic's calendar."""

    __tablename__ = "closed_days"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    reason: Mapped[str] = mapped_column(String(120), default="")


class ReminderRow(Base):
    """One reminder due for one appointment. Claimed (pending → sent) in the same transaction that
    puts its emails in the outbox, so a restart never sends it twice."""

    __tablename__ = "appointment_reminders"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'sent', 'skipped')", name="status"),
        UniqueConstraint("appointment_id", "lead_minutes", name="uq_appointment_reminders_lead"),
        Index("ix_appointment_reminders_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="CASCADE"))
    lead_minutes: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    recipients: Mapped[int] = mapped_column(Integer, default=0)
