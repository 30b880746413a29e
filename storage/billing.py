"""Invoices and their items, payments, their allocations to invoices, and refunds.

Money is integer cents; quantities are thousandths; percentages are basis points (10% = 1000).
An issued invoice's number comes from the clinic's counter row, locked in the same transaction,
so numbers have no gaps. Nothing financial is deleted: invoices are voided with a reason.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow

PAYMENT_METHODS = ("cash", "card", "bank_transfer", "other", "online")


class InvoiceRow(Base):
    __tablename__ = "invoices"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'issued', 'void')", name="status"),
        CheckConstraint("(status = 'draft') = (number IS NULL)", name="numbered_when_issued"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="RESTRICT"), index=True)
    payee_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), nullable=True)
    number: Mapped[int | None] = mapped_column(Integer, unique=True, nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    void_reason: Mapped[str | None] = mapped_column(String(300), nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class InvoiceItemRow(Base):
    __tablename__ = "invoice_items"
    __table_args__ = (
        CheckConstraint("kind IN ('service', 'product', 'pack', 'session')", name="kind"),
        CheckConstraint("quantity_milli > 0", name="quantity"),
        CheckConstraint("unit_price_cents >= 0", name="price"),
        CheckConstraint("discount_bp BETWEEN 0 AND 10000", name="discount"),
        CheckConstraint("tax_bp BETWEEN 0 AND 10000", name="tax"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(String(300))
    quantity_milli: Mapped[int] = mapped_column(Integer, default=1000)
    unit_price_cents: Mapped[int] = mapped_column(Integer)
    discount_bp: Mapped[int] = mapped_column(Integer, default=0)
    tax_bp: Mapped[int] = mapped_column(Integer, default=0)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id", ondelete="RESTRICT"), nullable=True)
    pack_id: Mapped[int | None] = mapped_column(ForeignKey("packs.id", ondelete="RESTRICT"), nullable=True)
    appointment_id: Mapped[int | None] = mapped_column(
        ForeignKey("appointments.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    session_label: Mapped[str] = mapped_column(String(60), default="")  # "Session 3 of 10"


class PaymentRow(Base):
    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint("amount_cents > 0", name="amount"),
        CheckConstraint("method IN ('cash', 'card', 'bank_transfer', 'other', 'online')", name="method"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="RESTRICT"), index=True)
    method: Mapped[str] = mapped_column(String(20))
    amount_cents: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(120), default="")
    provider_reference: Mapped[str | None] = mapped_column(String(120), nullable=True)  # online payments, later
    # the key of the payment dialog that recorded it: the same dialog submitting again records nothing new
    request_key: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AllocationRow(Base):
    """The part of a payment that pays an invoice; the unallocated rest is the client's credit."""

    __tablename__ = "payment_allocations"
    __table_args__ = (CheckConstraint("amount_cents >= 0", name="amount"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="RESTRICT"), index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="RESTRICT"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)


class RefundRow(Base):
    __tablename__ = "refunds"
    __table_args__ = (CheckConstraint("amount_cents > 0", name="amount"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="RESTRICT"), index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(300))
    refunded_on: Mapped[date] = mapped_column(Date)
    provider_reference: Mapped[str | None] = mapped_column(String(255), nullable=True)  # the provider's refund id
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
