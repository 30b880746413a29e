"""Tasks for staff. A rule-made task names its source, and (source, source_id) is unique: exactly once."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow


class TaskRow(Base):
    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_tasks_source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    details: Mapped[str] = mapped_column(Text, default="")
    profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("profiles.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    source: Mapped[str | None] = mapped_column(String(40), nullable=True)  # e.g. "pack_ended"
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A client task ("bring your referral letter"): the client ticks it off in the portal or by an emailed link
    # (link_token_hash); done_by says who ticked it.
    client_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="RESTRICT"), nullable=True, index=True
    )
    link_token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    done_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
