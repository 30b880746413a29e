"""Client Portal registrations as staff read them (Requests > Portal accounts, and its count in the menu), and the
reads the registration services share: who on file has a registration's email, the words visitors are told. Only
reads; the services are in registration.py."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.clinic.settings import clinic_phone
from domain.formats import current
from domain.scheduling.online.settings import settings_row
from storage.clients import PersonRow
from storage.clinic import ClinicRow
from storage.portal import REGISTRATION_STATES, PortalLoginRow, RegistrationRow
from storage.uow import UnitOfWork

# Anyone on file with the email waits for staff: a prospect a booking request made is the same human, and an
# archived or dismissed client is not made again behind the clinic's back (staff restore, link or decline).
ON_FILE = ("active", "prospective", "archived", "dismissed")
FIRST_ON_FILE = case((PersonRow.status == "active", 0), (PersonRow.status == "prospective", 1), else_=2)


def awaiting(clinic_name: str) -> str:
    """What a visitor on file reads once their email is verified."""
    return f"Thank you, your email is verified. {clinic_name} will confirm your account and email you."


def clinic_contact(clinic: ClinicRow) -> str:
    phone = clinic_phone(clinic)
    return f"Please contact the clinic on {phone}." if phone else "Please contact the clinic."


def check_your_email(email: str) -> str:
    """What the sign-up page says, whatever happened (no answer tells whether an email is on file)."""
    return f"Check your email: we sent a link to {email} to finish creating your account. It works for 24 hours."


async def login_id(uow: UnitOfWork, email: str) -> int | None:
    """Inside the caller's transaction: the portal login of this email, if any."""
    return (
        await uow.session.execute(select(PortalLoginRow.id).where(PortalLoginRow.email == email.lower()))
    ).scalar_one_or_none()


async def match_for(uow: UnitOfWork, email: str) -> PersonRow | None:
    """Inside the caller's transaction: the client on file with this email (any case): an active client before a
    prospect, the oldest first."""
    return (
        (
            await uow.session.execute(
                select(PersonRow)
                .where(
                    func.lower(PersonRow.email) == email.lower(),
                    PersonRow.status.in_(ON_FILE),
                    PersonRow.primary_person_id.is_(None),  # a family's email belongs to its primary record
                )
                .order_by(
                    case((PersonRow.status == "active", 0), (PersonRow.status == "prospective", 1), else_=2),
                    PersonRow.id,
                )
                .limit(1)
            )
        )
        .scalars()
        .first()
    )


async def link_problem(uow: UnitOfWork, row: RegistrationRow | None, now: datetime, clinic: ClinicRow) -> str:
    """Inside the caller's transaction: why a verify link cannot be used ("" when it can)."""
    if row is None:
        return (
            "This link is not valid. Check that you copied all of it, or create your account again from the "
            "Client Portal's sign-in page."
        )
    if row.state == "active":
        return "This link was already used: your account is ready. Sign in with your email and password."
    if row.state == "declined":
        return f"{clinic.name} did not create an account from this request. {clinic_contact(clinic)}"
    if now >= row.expires_at:
        expired = current().datetime(row.expires_at.astimezone(ZoneInfo(clinic.time_zone)))
        return f"This link expired on {expired}. Create your account again from the Client Portal's sign-in page."
    if not (await settings_row(uow)).allow_registration:
        return f"{clinic.name} no longer creates Client Portal accounts online. {clinic_contact(clinic)}"
    if await login_id(uow, row.email) is not None:
        return (
            "You already have a Client Portal account with this email. Sign in with your email and password "
            "(forgot it? contact the clinic)."
        )
    return ""


@dataclass(frozen=True)
class OnFile:
    person_id: int
    name: str
    status: str  # active or prospective (what they are now)
    why: str  # "same email" or "same email and name"

    @property
    def label(self) -> str:
        kind = {"active": "client", "prospective": "prospective client"}.get(self.status, f"{self.status} client")
        return f"{self.name} ({kind}, {self.why})"


@dataclass(frozen=True)
class RegistrationView:
    id: int
    first_name: str
    last_name: str
    email: str
    state: str  # awaiting_email, awaiting_staff, active, declined
    created_at: datetime
    verified_at: datetime | None
    on_file: OnFile | None
    decided_at: datetime | None = None
    decided_by: str = ""

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def summary(self) -> str:
        """ "Mary Smith (mary@example.com) asked for a Client Portal account; on file: Mary Smith (client, same
        email)"."""
        asked = f"{self.name} ({self.email}) asked for a Client Portal account"
        return f"{asked}; on file: {self.on_file.label}" if self.on_file else asked


async def list_registrations(
    uow: UnitOfWork, *, actor: Actor, state: str = "awaiting_staff", limit: int = 200
) -> list[RegistrationView]:
    """Registrations in one state, the oldest waiting first (decided ones: the latest first)."""
    require(actor, "people.read")
    if state not in REGISTRATION_STATES:
        state = "awaiting_staff"
    order = RegistrationRow.id if state in ("awaiting_email", "awaiting_staff") else RegistrationRow.id.desc()
    async with uow:
        rows = (
            await uow.session.execute(
                select(RegistrationRow, PersonRow)
                .outerjoin(PersonRow, PersonRow.id == RegistrationRow.match_person_id)
                .where(RegistrationRow.state == state)
                .order_by(order)
                .limit(limit)
            )
        ).all()
    return [_view(r, p) for r, p in rows]


def _view(row: RegistrationRow, person: PersonRow | None) -> RegistrationView:
    on_file = None
    if person is not None:
        same_name = (person.first_name.casefold(), person.last_name.casefold()) == (
            row.first_name.casefold(),
            row.last_name.casefold(),
        )
        name = f"{person.first_name} {person.last_name}"
        on_file = OnFile(person.id, name, person.status, "same email and name" if same_name else "same email")
    return RegistrationView(
        row.id,
        row.first_name,
        row.last_name,
        row.email,
        row.state,
        row.created_at,
        row.verified_at,
        on_file,
        row.decided_at,
        row.decided_by,
    )


async def waiting_registration_count(uow: UnitOfWork, *, actor: Actor) -> int:
    """How many registrations wait for staff (beside "Requests" in the menu, with the booking requests)."""
    require(actor, "people.read")
    async with uow:
        return (
            await uow.session.execute(
                select(func.count()).select_from(RegistrationRow).where(RegistrationRow.state == "awaiting_staff")
            )
        ).scalar_one()
