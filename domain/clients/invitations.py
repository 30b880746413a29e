"""Inviting a client to the Client Portal: a single-use link that expires."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NoReturn

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from domain import topics
from domain.accounts.passwords import hash_password
from domain.accounts.portal import new_ticket
from domain.accounts.roles import require
from domain.actor import Actor, anonymous
from domain.clients.invitation_template import invitation_email
from domain.clients.persons import person_or_not_found
from domain.errors import InvalidLink, NotAllowed
from domain.formats import current
from domain.messaging.outbox import queue_client_email
from domain.tokens import digest, new_token
from domain.validation import Errors, clean_password
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.portal import InvitationRow, PortalLoginRow
from storage.types import utcnow
from storage.uow import UnitOfWork, rows_changed

VALID_FOR = timedelta(days=7)
ALREADY_SIGNS_IN = "This email already signs in to the Client Portal. Sign in with your email and password."
STATE_LABELS = {
    "not_sent": "Not invited",
    "sent": "Invitation sent",
    "accepted": "Portal active",
    "expired": "Invitation expired",
    "revoked": "Invitation withdrawn",
}


@dataclass(frozen=True)
class PortalAccess:
    state: str  # not_sent, sent, accepted, expired, revoked
    sent_at: datetime | None = None
    expires_at: datetime | None = None

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def active(self) -> bool:
        return self.state == "accepted"


def access_state(latest: InvitationRow | None, has_login: bool, now: datetime) -> PortalAccess:
    """Pure: where a client stands with the portal."""
    if has_login:
        return PortalAccess("accepted", latest.created_at if latest else None)
    if latest is None:
        return PortalAccess("not_sent")
    if latest.revoked_at:
        return PortalAccess("revoked", latest.created_at)
    if latest.accepted_at:
        return PortalAccess("accepted", latest.created_at)
    if now >= latest.expires_at:
        return PortalAccess("expired", latest.created_at, latest.expires_at)
    return PortalAccess("sent", latest.created_at, latest.expires_at)


async def portal_access(uow: UnitOfWork, person: PersonRow) -> PortalAccess:
    latest = (
        await uow.session.execute(
            select(InvitationRow).where(InvitationRow.person_id == person.id).order_by(InvitationRow.id.desc()).limit(1)
        )
    ).scalar_one_or_none()
    login = (
        person.email
        and (
            await uow.session.execute(select(PortalLoginRow.id).where(PortalLoginRow.email == person.email.lower()))
        ).first()
    )
    return access_state(latest, bool(login), utcnow())


async def withdraw_open_invitations(uow: UnitOfWork, person_id: int, now: datetime) -> int:
    """Inside the caller's transaction: the person's open invitation links stop working. Returns how many."""
    result = await uow.session.execute(
        update(InvitationRow)
        .where(
            InvitationRow.person_id == person_id,
            InvitationRow.accepted_at.is_(None),
            InvitationRow.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    return rows_changed(result)


async def send_invitation(uow: UnitOfWork, person: PersonRow, *, public_url: str) -> None:
    """Inside the caller's transaction: withdraws any open invitation and emails a new link."""
    if person.is_test is False and person.status != "active":
        raise NotAllowed("Only active clients can be invited. Use Review & Add for a prospective client.")
    if not person.email:
        raise NotAllowed("Add an email address before inviting the client to the Client Portal.")
    if person.primary_person_id is not None:  # a family record signs in through its primary's login
        primary = await uow.get(PersonRow, person.primary_person_id)
        raise NotAllowed(
            f"{person.first_name} is a family record of {primary.first_name} {primary.last_name} and signs in "
            f"through {primary.first_name}'s Client Portal login. Unlink record first to give {person.first_name} "
            "their own."
        )
    login = (
        await uow.session.execute(select(PortalLoginRow).where(PortalLoginRow.email == person.email.lower()))
    ).scalar_one_or_none()
    if login is not None:
        raise NotAllowed(f"{person.email} already signs in to the Client Portal.")
    now = utcnow()
    await withdraw_open_invitations(uow, person.id, now)
    token = new_token()
    uow.session.add(
        InvitationRow(person_id=person.id, token_hash=digest(token), created_at=now, expires_at=now + VALID_FOR)
    )
    subject, body = invitation_email(  # the clinic's wording (Setup > Emails) or the default
        await clinic_row(uow.session),
        first_name=person.first_name,
        last_name=person.last_name,
        link=f"{public_url}/invite/{token}",
        expires_at=now + VALID_FOR,
    )
    queue_client_email(uow, person, automated=False, subject=subject, body=body)


async def invite_client(uow: UnitOfWork, *, actor: Actor, person_id: int, public_url: str) -> None:
    """Sends (or re-sends) the invitation; an earlier open link stops working."""
    require(actor, "people.read")
    async with uow:
        person = await person_or_not_found(uow, person_id)
        await send_invitation(uow, person, public_url=public_url)
        uow.audit(actor, "client.invited", "person", person.id, summary=person.email or "")
        uow.changed(topics.person(person_id))
        await uow.commit()


async def revoke_invitation(uow: UnitOfWork, *, actor: Actor, person_id: int) -> None:
    require(actor, "people.read")
    async with uow:
        if not await withdraw_open_invitations(uow, person_id, utcnow()):
            raise NotAllowed("There is no open invitation to withdraw.")
        uow.audit(actor, "client.invitation_revoked", "person", person_id)
        uow.changed(topics.person(person_id))
        await uow.commit()


@dataclass(frozen=True)
class InvitationView:
    first_name: str
    email: str
    clinic_name: str


async def _open_invitation(uow: UnitOfWork, token: str, ip: str | None) -> tuple[InvitationRow, PersonRow]:
    """The invitation behind a link, or InvalidLink (logged against the client when there is one)."""
    row = (
        await uow.session.execute(select(InvitationRow).where(InvitationRow.token_hash == digest(token)))
    ).scalar_one_or_none()
    if row is None:
        raise InvalidLink(
            "This invitation link is not valid. Check that you copied all of it, or ask the clinic to send a new one."
        )
    problem = None
    if row.revoked_at:
        problem = "This invitation was withdrawn by the clinic. Ask them to send a new one."
    elif row.accepted_at:
        problem = "This invitation was already used. Sign in to the Client Portal with your email and password."
    elif utcnow() >= row.expires_at:
        problem = f"This invitation expired on {current().date(row.expires_at)}. Ask the clinic to send a new one."
    if problem:
        await _refuse(uow, ip, row.person_id, problem)
    return row, await uow.get(PersonRow, row.person_id)


async def _refuse(uow: UnitOfWork, ip: str | None, person_id: int, problem: str) -> NoReturn:
    """Logs a refused invitation link against the client, in its own commit, and raises InvalidLink."""
    uow.audit(anonymous(ip), "client.invitation_refused", "person", person_id, summary=problem)
    await uow.commit()
    raise InvalidLink(problem)


async def read_invitation(uow: UnitOfWork, *, token: str, ip: str | None) -> InvitationView:
    async with uow:
        _row, person = await _open_invitation(uow, token, ip)
        clinic = await clinic_row(uow.session)
        return InvitationView(person.first_name, person.email or "", clinic.name)


FAMILY_RECORD_NOW = (
    "This invitation can no longer be used: this record is now a family record and signs in through its primary "
    "record's Client Portal login. Sign in with that email and password."
)


async def accept_invitation(uow: UnitOfWork, *, token: str, password: str, ip: str | None) -> str:
    """Sets the client's portal password; returns a one-time ticket that signs the browser in."""
    errors = Errors()
    password = clean_password(errors, "password", password)
    errors.raise_if_any()
    password_hash = await hash_password(password)
    async with uow:
        row, person = await _open_invitation(uow, token, ip)
        email, person_id = (person.email or "").lower(), person.id  # kept: a rollback expires the rows
        if person.primary_person_id is not None:  # linked to a primary since the invitation was sent
            await _refuse(uow, ip, person_id, FAMILY_RECORD_NOW)
        if (
            await uow.session.execute(select(PortalLoginRow.id).where(PortalLoginRow.email == email))
        ).first() is not None:  # made since the invitation was sent (a registration): one login per email
            await _refuse(uow, ip, person_id, ALREADY_SIGNS_IN)
        row.accepted_at = utcnow()
        login = PortalLoginRow(email=email, password_hash=password_hash, primary_person_id=person.id)
        uow.session.add(login)
        try:
            await uow.session.flush()
        except IntegrityError:  # made meanwhile, by another transaction
            await uow.rollback()
            await _refuse(uow, ip, person_id, ALREADY_SIGNS_IN)
        ticket = new_ticket(uow, person_id=person.id, login_id=login.id)
        uow.audit(anonymous(ip), "client.invitation_accepted", "person", person.id, summary=person.email or "")
        uow.changed(topics.person(person.id))
        await uow.commit()
    return ticket
