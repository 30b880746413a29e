"""The household model's core: persons (clients) and profiles (what is booked and billed).

Every person has an individual profile; shared profiles (couples, families) come later and
reuse the same table, so appointments and invoices point at profiles from day one.
"""

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow


class PersonRow(Base):
    __tablename__ = "persons"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'prospective', 'archived', 'dismissed')", name="status"),
        # The People search (LIKE '%word%' on the folded key): a pg_trgm GIN index on PostgreSQL (migration 0010);
        # on SQLite a plain index, which its case-insensitive LIKE cannot use (kept: one schema for both).
        Index(
            "ix_persons_search_text",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    first_name: Mapped[str] = mapped_column(String(80))
    last_name: Mapped[str] = mapped_column(String(80))
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True, index=True)  # family records share one
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    time_zone: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), default="active")
    is_test: Mapped[bool] = mapped_column(Boolean, default=False)
    search_text: Mapped[str] = mapped_column(String(600))  # domain.search.search_key: every script folded
    source: Mapped[str] = mapped_column(String(20), default="staff")  # staff, public_form, booking_request
    # A saved card: the payment provider's customer ("cus_…" at Stripe, "sbx_cus_…" in the sandbox), never a card.
    payment_customer_ref: Mapped[str | None] = mapped_column(String(255), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Family records (seed 001): set on a sub-record, naming its primary record, whose email and portal login it
    # shares. A primary's own is NULL; a sub-record's primary is never itself a sub-record (domain rule).
    primary_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), nullable=True, index=True
    )


class ProfileRow(Base):
    __tablename__ = "profiles"
    __table_args__ = (
        CheckConstraint("kind IN ('individual', 'shared')", name="kind"),
        CheckConstraint("(kind = 'individual') = (person_id IS NOT NULL)", name="individual_has_person"),
        CheckConstraint("reminders IN ('clinic', 'on', 'off')", name="reminders"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(160))
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), unique=True, nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Billing > Billing Setup: new appointments get this service or a pack of this template. No foreign
    # keys: adding one on SQLite rebuilds the table (losing its CHECKs), and services and templates are
    # only ever switched off, never deleted.
    preferred_service_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    preferred_template_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Shared profile Details: Additional Comments. Appointment Reminders: 'clinic' follows Setup; 'on' uses
    # reminder_hours (e.g. "48,2"); 'off' sends none. Billing Setup: the default payee (None: the primary).
    comments: Mapped[str] = mapped_column(Text, default="", server_default="")
    reminders: Mapped[str] = mapped_column(String(10), default="clinic", server_default="clinic")
    reminder_hours: Mapped[str | None] = mapped_column(String(60), nullable=True)
    default_payee_person_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Admin > Manage: personal-data consent, who gave it, when and how.
    consent_by: Mapped[str | None] = mapped_column(String(160), nullable=True)
    consent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    consent_how: Mapped[str | None] = mapped_column(String(60), nullable=True)
