"""Shared profiles' members; classifications, contacts and referrals of any profile."""

from datetime import date, datetime

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow


class MemberRow(Base):
    """A client record that belongs to a shared profile. At most one primary per profile: a partial unique
    index, so two staff switching Primary at once can never leave two."""

    __tablename__ = "profile_members"
    __table_args__ = (
        UniqueConstraint("profile_id", "person_id", name="uq_profile_members_person"),
        Index(
            "uq_profile_members_primary",
            "profile_id",
            unique=True,
            sqlite_where=text("is_primary"),
            postgresql_where=text("is_primary"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), index=True)
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    portal_booking: Mapped[bool] = mapped_column(Boolean, default=False)
    receives_reminders: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClassificationRow(Base):
    __tablename__ = "classifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


profile_classifications = Table(
    "profile_classifications",
    Base.metadata,
    Column("profile_id", ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("classification_id", ForeignKey("classifications.id", ondelete="CASCADE"), primary_key=True),
)


class ContactRow(Base):
    """The clinic-wide contacts list: GPs, referrers, schools, insurers."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(40))  # GP, Referrer, Specialist, Other
    organisation: Mapped[str] = mapped_column(String(160), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")


class ProfileContactRow(Base):
    __tablename__ = "profile_contacts"
    __table_args__ = (UniqueConstraint("profile_id", "contact_id", name="uq_profile_contacts"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    note: Mapped[str] = mapped_column(String(200), default="")


class ReferralRow(Base):
    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("profiles.id", ondelete="RESTRICT"), index=True)
    referred_on: Mapped[date] = mapped_column(Date)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True)
    source: Mapped[str] = mapped_column(String(160), default="")  # when the referrer is not a contact
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
