"""A profile's confidential records: notes (session and admin), diagnoses and files (records, admin, letters)."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow

MAX_FILE_BYTES = 10 * 1024 * 1024


class NoteRow(Base):
    __tablename__ = "profile_notes"
    __table_args__ = (CheckConstraint("kind IN ('session', 'admin')", name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id", ondelete="SET NULL"), nullable=True)
    author_name: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class DiagnosisRow(Base):
    __tablename__ = "diagnoses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(20), default="")
    diagnosed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FileRow(Base):
    __tablename__ = "profile_files"
    __table_args__ = (
        CheckConstraint("kind IN ('record', 'admin', 'letter')", name="kind"),
        CheckConstraint(f"size > 0 AND size <= {MAX_FILE_BYTES}", name="size"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # "Share with client": the file shows in the client's My Documents; opened_at is their first download.
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    shared_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
