"""Client portal logins (one per email), invitations, sessions and one-time hand-offs."""

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow


class PortalLoginRow(Base):
    """A login belongs to an email; the persons sharing that email are its family records."""

    __tablename__ = "portal_logins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    primary_person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The private calendar subscription (iCal feed): only its digest is kept; regenerating replaces it at once.
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)


class InvitationRow(Base):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class PortalSessionRow(Base):
    """A signed-in portal browser (cookie "hearth_portal"); hand-off rows are single-use, short-lived
    tickets that a browser trades for a session (after an invite, a sign-in, or "View portal")."""

    __tablename__ = "portal_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # "session" or "handoff"
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    staff_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # set when staff view as client
    # The login signed in (None: staff viewing a test client's portal); person_id is its current profile.
    login_id: Mapped[int | None] = mapped_column(
        ForeignKey("portal_logins.id", ondelete="CASCADE"), nullable=True, index=True
    )


REGISTRATION_STATES = ("awaiting_email", "awaiting_staff", "active", "declined")


class RegistrationRow(Base):
    """ "Create an account" from the portal's sign-in page: the email is verified by a link; a registration whose
    email belongs to an existing client waits for staff to link it (awaiting_staff) before it signs in."""

    __tablename__ = "portal_registrations"
    __table_args__ = (
        CheckConstraint("state IN ('awaiting_email', 'awaiting_staff', 'active', 'declined')", name="state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(20), default="awaiting_email")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)  # of the email's link
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    match_person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), nullable=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="RESTRICT"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    decided_by: Mapped[str] = mapped_column(String(120), default="")
    ip: Mapped[str | None] = mapped_column(String(45), nullable=True)
