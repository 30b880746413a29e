"""Relationships between clients (seed 002): directional grants. One row says what its grantor lets its grantee see
or do on the grantor's record; a relationship is the pair of rows (A grants B, B grants A), made and ended together.
Ended rows are kept (ended_at): who could see what, and until when, is part of the record."""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow

RELATIONS = ("parent", "child", "spouse", "partner", "guardian", "ward", "carer", "cared_for", "sibling", "other")


class RelationshipRow(Base):
    __tablename__ = "relationships"
    __table_args__ = (
        CheckConstraint("grantor_id <> grantee_id", name="not_self"),
        CheckConstraint("relation IN (" + ", ".join(f"'{r}'" for r in RELATIONS) + ")", name="relation"),
        # One live grant per direction: adding the same relative twice is refused, never stored twice.
        Index(
            "uq_relationships_live",
            "grantor_id",
            "grantee_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    grantor_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    grantee_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    relation: Mapped[str] = mapped_column(String(20))  # what the grantee is to the grantor ("parent": their parent)
    view_pay: Mapped[bool] = mapped_column(Boolean, default=False)
    manage: Mapped[bool] = mapped_column(Boolean, default=False)  # Manage Bookings and Intake Forms
    reminders: Mapped[bool] = mapped_column(Boolean, default=False)  # copies of email notifications and reminders
    financial: Mapped[bool] = mapped_column(Boolean, default=False)  # copies of receipts, statements, financial
    calendar: Mapped[bool] = mapped_column(Boolean, default=False)  # in the grantee's calendar subscription
    bill_to_me: Mapped[bool] = mapped_column(Boolean, default=False)  # the grantee may bill payments to the grantor
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(160), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_by: Mapped[str] = mapped_column(String(160), default="")
