"""Session pack templates, packs opened for a profile, and each use of a pack by an appointment.

`used` is kept on the pack with a CHECK (used <= size) and raised by a conditional update, so two
staff using the last session at the same moment cannot both succeed, on SQLite or PostgreSQL.
"""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.sql.elements import ColumnElement

from storage.base import Base
from storage.types import UTCDateTime, utcnow

METRICS = ("sessions", "hours", "money")  # size and used: sessions, minutes, or cents

pack_template_services = Table(
    "pack_template_services",
    Base.metadata,
    Column("template_id", ForeignKey("pack_templates.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
)


class PackTemplateRow(Base):
    __tablename__ = "pack_templates"
    __table_args__ = (
        CheckConstraint("metric IN ('sessions', 'hours', 'money')", name="metric"),
        CheckConstraint("size > 0", name="size"),
        CheckConstraint("price_cents >= 0 AND reduced_rate_cents >= 0", name="prices"),
        CheckConstraint("expiry_days IS NULL OR expiry_days > 0", name="expiry"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    metric: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    price_cents: Mapped[int] = mapped_column(Integer)
    reduced_rate_cents: Mapped[int] = mapped_column(Integer, default=0)  # charged per session used
    expiry_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sold_online: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # on the Bookings Page


class PackRow(Base):
    __tablename__ = "packs"
    __table_args__ = (
        CheckConstraint("metric IN ('sessions', 'hours', 'money')", name="metric"),
        CheckConstraint("size > 0 AND used >= 0 AND used <= size", name="within_size"),
        CheckConstraint("price_cents >= 0 AND reduced_rate_cents >= 0", name="prices"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="RESTRICT"), index=True)
    template_id: Mapped[int | None] = mapped_column(ForeignKey("pack_templates.id", ondelete="RESTRICT"), nullable=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    metric: Mapped[str] = mapped_column(String(10))
    size: Mapped[int] = mapped_column(Integer)
    used: Mapped[int] = mapped_column(Integer, default=0)
    price_cents: Mapped[int] = mapped_column(Integer)
    reduced_rate_cents: Mapped[int] = mapped_column(Integer, default=0)
    starts_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


HELD = "released_at IS NULL"  # a use that still holds its share of the pack


class PackUseRow(Base):
    """One appointment's share of a pack. Cancelling releases it (released_at), never deletes it: the record of
    which appointment took a session, and when it was given back, stays."""

    __tablename__ = "pack_uses"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount"),
        CheckConstraint("sequence > 0", name="sequence"),
        # One held use per appointment, and "Session 3 of 10" said of one held use per pack.
        Index(
            "uq_pack_uses_held_appointment",
            "appointment_id",
            unique=True,
            sqlite_where=text(HELD),
            postgresql_where=text(HELD),
        ),
        Index(
            "uq_pack_uses_held_sequence",
            "pack_id",
            "sequence",
            unique=True,
            sqlite_where=text(HELD),
            postgresql_where=text(HELD),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pack_id: Mapped[int] = mapped_column(ForeignKey("packs.id", ondelete="RESTRICT"), index=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointments.id", ondelete="RESTRICT"))
    amount: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)  # "Session 3 of 10": the order of the pack's appointments
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # the session was given back

    @classmethod
    def held(cls) -> ColumnElement[bool]:
        """The uses that still hold their share (not released by a cancellation)."""
        return cls.released_at.is_(None)
