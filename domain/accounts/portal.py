"""Client Portal sign-in and sessions, kept apart from staff sessions (own cookie, own table).

A browser is signed in by trading a one-time ticket (made by a sign-in, an accepted invitation or
a staff user's "View portal as this client") for a session token at /portal/start.
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from domain.accounts.credentials import password_matches, seconds_to_wait, sign_in_email
from domain.accounts.roles import require
from domain.accounts.sessions import WRONG_CREDENTIALS, SignInFailed
from domain.actor import Actor, anonymous
from domain.clients.persons import person_or_not_found
from domain.clinic.settings import clinic_phone
from domain.errors import NotAllowed, TooManyAttempts
from domain.households.access import (
    OWN_RECORD,
    RELATIVE,
    household_of,
    portal_actor,
    reachable_id,
    require_access,
    session_household,
)
from domain.households.access import PortalView as PortalView
from domain.tokens import digest, new_token
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.portal import PortalLoginRow, PortalSessionRow
from storage.types import utcnow
from storage.uow import UnitOfWork

TICKET_LIFE = timedelta(minutes=2)
SESSION_LIFE = timedelta(days=7)
STAFF_VIEW_LIFE = timedelta(hours=1)


def new_ticket(
    uow: UnitOfWork, *, person_id: int, login_id: int | None = None, staff_user_id: int | None = None
) -> str:
    """Inside the caller's transaction: a single-use ticket, valid two minutes, for a login (its current profile
    `person_id`), or for staff viewing a test client's portal (no login)."""
    ticket = new_token()
    uow.session.add(
        PortalSessionRow(
            token_hash=digest(ticket),
            kind="handoff",
            person_id=person_id,
            login_id=login_id,
            expires_at=utcnow() + TICKET_LIFE,
            staff_user_id=staff_user_id,
        )
    )
    return ticket


async def redeem_ticket(uow: UnitOfWork, *, ticket: str) -> str | None:
    """Trades a ticket for a portal session token; None if unknown, used or expired."""
    now = utcnow()
    async with uow:
        row = (
            await uow.session.execute(
                select(PortalSessionRow).where(
                    PortalSessionRow.token_hash == digest(ticket), PortalSessionRow.kind == "handoff"
                )
            )
        ).scalar_one_or_none()
        if row is None or row.used_at or now >= row.expires_at:
            return None
        row.used_at = now
        token = new_token()
        uow.session.add(
            PortalSessionRow(
                token_hash=digest(token),
                kind="session",
                person_id=row.person_id,
                login_id=row.login_id,
                staff_user_id=row.staff_user_id,
                expires_at=now + (STAFF_VIEW_LIFE if row.staff_user_id else SESSION_LIFE),
            )
        )
        await uow.commit()
        return token


async def resume_portal(uow: UnitOfWork, *, token: str | None) -> PortalView | None:
    if not token:
        return None
    async with uow:
        row = (
            await uow.session.execute(
                select(PortalSessionRow, PersonRow)
                .join(PersonRow)
                .where(PortalSessionRow.token_hash == digest(token), PortalSessionRow.kind == "session")
            )
        ).one_or_none()
        if row is None:
            return None
        session, person = row
        if session.used_at or utcnow() >= session.expires_at or person.status in ("archived", "dismissed"):
            return None
        household = await household_of(uow, session)
        own = next((r for r in household.records if r.why == OWN_RECORD), None)  # the login's own (primary) record
        return PortalView(
            person.id,
            person.first_name,
            person.last_name,
            person.email or "",
            viewed_by_staff=session.staff_user_id is not None,
            login_id=session.login_id,
            token=token,
            own_person_id=own.person_id if own else None,
            own_name=own.name if own else "",
            profile_count=sum("view" in r.actions for r in household.records),
            actions=household.current.actions,
        )


async def portal_sign_in(uow: UnitOfWork, *, email: str, password: str, ip: str | None) -> str:
    """Returns a ticket for /portal/start. Failed attempts are slowed down like staff sign-ins."""
    email = sign_in_email(email)
    key, now = f"portal:{email}", utcnow()
    async with uow:
        wait = await seconds_to_wait(uow, key, now)
        if wait:
            raise TooManyAttempts(wait)
        login = (
            await uow.session.execute(select(PortalLoginRow).where(PortalLoginRow.email == email))
        ).scalar_one_or_none()
        if not await password_matches(
            uow, key=key, password_hash=login.password_hash if login else None, password=password, ip=ip, now=now
        ):
            uow.audit(
                anonymous(ip),
                "portal.sign_in_failed",
                "person",
                login.primary_person_id if login else None,
                summary=email,
            )
            await uow.commit()
            raise SignInFailed(WRONG_CREDENTIALS)
        assert login is not None  # a password matched: there is a login
        person = await uow.get(PersonRow, login.primary_person_id)
        if person.status != "active":  # archived or dismissed: the portal is closed, and the person is told why
            uow.audit(anonymous(ip), "portal.sign_in_refused", "person", person.id, summary=f"{email}: {person.status}")
            await uow.commit()
            clinic = await clinic_row(uow.session)
            phone = clinic_phone(clinic)
            raise NotAllowed(
                f"Your Client Portal account is closed. Please contact {clinic.name}"
                + (f" on {phone}." if phone else ".")
            )
        ticket = new_ticket(uow, person_id=login.primary_person_id, login_id=login.id)
        uow.audit(anonymous(ip), "portal.signed_in", "person", login.primary_person_id, summary=email)
        await uow.commit()
        return ticket


async def portal_sign_out(uow: UnitOfWork, *, token: str | None) -> None:
    if not token:
        return
    async with uow:
        await uow.session.execute(
            update(PortalSessionRow).where(PortalSessionRow.token_hash == digest(token)).values(used_at=utcnow())
        )
        await uow.commit()


async def view_portal_as(uow: UnitOfWork, *, actor: Actor, person_id: int) -> str:
    """A ticket that opens the portal as a test client, for an hour, without touching the staff session."""
    require(actor, "people.read")
    async with uow:
        person = await person_or_not_found(uow, person_id)
        if not person.is_test:
            raise NotAllowed("Only a test client's portal can be viewed from here.")
        ticket = new_ticket(uow, person_id=person.id, staff_user_id=actor.user_id)
        uow.audit(actor, "portal.viewed_as", "person", person.id, summary=f"{person.first_name} {person.last_name}")
        await uow.commit()
        return ticket


@dataclass(frozen=True)
class ProfileChoice:
    person_id: int
    name: str
    current: bool
    note: str = ""  # a relative's: "Leo Smith granted Manage Bookings and Intake Forms"


async def portal_profiles(uow: UnitOfWork, *, who: PortalView) -> list[ProfileChoice]:
    """The records under this login, for Switch Profile (the primary first, then family records by name, then
    relatives who granted Manage Bookings and Intake Forms: those whose profile this login may view)."""
    async with uow:
        household = await session_household(uow, who.token)
        return [
            ProfileChoice(
                r.person_id,
                r.name,
                r.person_id == household.current_person_id,
                r.why.removeprefix(RELATIVE + ": ") if r.why.startswith(RELATIVE) else "",
            )
            for r in household.records
            if "view" in r.actions
        ]


async def switch_profile(uow: UnitOfWork, *, who: PortalView, person_id: int, ip: str | None = None) -> str:
    """Switch Profile: this browser's portal now shows (and books for) another record under the login. Another
    login's record: not found, audited."""
    async with uow:
        await reachable_id(uow, who, person_id, "switch to person", ip=ip)
        household = await require_access(uow, who, "view", person_id, ip=ip)
        await uow.session.execute(
            update(PortalSessionRow)
            .where(PortalSessionRow.token_hash == digest(who.token), PortalSessionRow.kind == "session")
            .values(person_id=person_id)
        )
        chosen = next(r for r in household.records if r.person_id == person_id)
        uow.audit(portal_actor(who, ip), "portal.profile_switched", "person", person_id, summary=chosen.name)
        await uow.commit()
    return f"You are now viewing {chosen.name}'s profile."
