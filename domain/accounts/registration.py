"""Create an account: a visitor registers from the Client Portal's sign-in page when the clinic allows it (Setup >
Online Booking) with a name and an email; the email is verified by a link. Whoever opens that link chooses the
password (the one who typed the email may not own it: a password chosen before the email is verified could be a
stranger's). A newcomer then becomes an active client (seed 000: registrations become client profiles) with a login,
signed in at once; a registration whose email belongs to a client or prospect on file keeps the password's hash and
waits for staff (Requests > Portal accounts) to link it or decline it.

No answer tells a visitor whether an email is on file: the page says the same whatever happens; only the inbox's
owner reads which email came (a link, or "you already have an account"). Reads are in registration_views.py."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from domain import topics
from domain.accounts.passwords import hash_password
from domain.accounts.portal import new_ticket
from domain.accounts.registration_views import (
    awaiting,
    check_your_email,
    clinic_contact,
    link_problem,
    login_id,
    match_for,
)
from domain.accounts.roles import require
from domain.actor import Actor, anonymous
from domain.clients.invitations import withdraw_open_invitations
from domain.clients.persons import add_person
from domain.errors import DomainError, InvalidLink, NotAllowed
from domain.messaging.outbox import queue_email
from domain.scheduling.online.settings import settings_row
from domain.tokens import digest, new_token
from domain.validation import Errors, clean_email, clean_password, clean_text
from storage.clients import PersonRow
from storage.clinic import ClinicRow, clinic_row
from storage.portal import PortalLoginRow, RegistrationRow
from storage.types import utcnow
from storage.uow import UnitOfWork

LINK_LIFE = timedelta(hours=24)
PER_IP_PER_HOUR = 5  # several people behind one phone network or office share an address
PER_EMAIL_PER_DAY = 3
NAME_MAX = 80  # persons.first_name / last_name (a newcomer becomes a client with these names)
CLOSED = (
    "This clinic does not create Client Portal accounts online. Ask the clinic to invite you, "
    "or sign in if you already have an account."
)
SOURCE = "portal_registration"  # persons.source of a client made by a registration
REFUSED_LINK = "portal.registration_link_refused"


class TooManyRegistrations(DomainError):
    pass


@dataclass(frozen=True)
class RegistrationLink:
    """What the verify link's page shows before anything is done: the form to choose a password, or (`waiting`) what
    a visitor on file reads when the link was already used and the clinic has yet to confirm."""

    first_name: str
    last_name: str
    email: str
    clinic_name: str
    waiting: str = ""


@dataclass(frozen=True)
class Verified:
    """What the verify link's page does: "active" signs the browser in with `ticket`; "awaiting_staff" shows
    `message` (the clinic confirms first)."""

    state: str
    message: str
    ticket: str | None = None


async def registration_open(uow: UnitOfWork) -> bool:
    """Whether the sign-in page offers "Create an account" (Setup > Online Booking)."""
    async with uow:
        return bool((await settings_row(uow)).allow_registration)


async def start_registration(
    uow: UnitOfWork, *, first_name: str, last_name: str, email: str, ip: str | None, public_url: str
) -> str:
    """Emails a link where the account is finished and its password chosen (or, to an email that already signs in,
    how to sign in); returns what the page says, the same either way. Refused: the clinic does not allow it, bad
    fields, too many tries."""
    errors = Errors()
    first = clean_text(errors, "first_name", "First name", first_name, max_length=NAME_MAX)
    last = clean_text(errors, "last_name", "Last name", last_name, max_length=NAME_MAX)
    address = clean_email(errors, "email", email)
    if len(address) > 254 and "email" not in errors:
        errors["email"] = "That email address is too long: at most 254 characters."
    now = utcnow()
    async with uow:
        if not (await settings_row(uow)).allow_registration:
            raise NotAllowed(CLOSED)
        errors.raise_if_any()
        refusal = await _over_limit(uow, ip, address, now)
        if refusal:
            uow.audit(
                anonymous(ip), "portal.registration_refused", "portal_registration", None, f"{address}: {refusal}"
            )
            await uow.commit()  # nothing else was written: the refusal alone is kept
            raise TooManyRegistrations(refusal)
        has_login = await login_id(uow, address) is not None
        token = new_token()  # an earlier link of this email still works: whoever opens one chooses which
        row = RegistrationRow(
            email=address,
            first_name=first,
            last_name=last,
            password_hash="",  # chosen by whoever opens the emailed link (verify_registration)
            token_hash=digest(token),
            created_at=now,
            expires_at=now + LINK_LIFE,
            ip=ip,
        )
        uow.session.add(row)
        await uow.session.flush()
        clinic = await clinic_row(uow.session)
        base = public_url.rstrip("/")
        if has_login:  # the link is never sent: this registration cannot finish
            subject = f"{clinic.name}: you already have a Client Portal account"
            body = (
                f"Hello,\n\nSomeone, probably you, asked to create a {clinic.name} Client Portal account with this "
                f"email address. You already have an account: sign in at {base}/portal/login\n\n"
                f"Forgot your password? {clinic_contact(clinic)}\n\n"
                "If it was not you, you can ignore this email: nothing has changed.\n"
            )
        else:
            subject = f"{clinic.name}: confirm your email for the Client Portal"
            body = (
                f"Hello,\n\nTo finish creating your {clinic.name} Client Portal account, open this link "
                f"(it works once, for 24 hours):\n{base}/portal/verify/{token}\n\n"
                "If you did not ask for an account, you can ignore this email: nothing is created without it.\n"
            )
        queue_email(uow, to=address, subject=subject, body=body, record_type="portal_registration", record_id=row.id)
        said = "already signs in: told how to sign in" if has_login else "verification link sent"
        uow.audit(anonymous(ip), "portal.registration_started", "portal_registration", row.id, f"{address}: {said}")
        uow.changed(topics.OUTBOX)
        await uow.commit()
    return check_your_email(address)


async def _over_limit(uow: UnitOfWork, ip: str | None, email: str, now: datetime) -> str:
    """Why this attempt is refused ("" when it is not): too many from this connection, or to this email."""
    counted = select(func.count()).select_from(RegistrationRow)
    if ip:
        since = now - timedelta(hours=1)
        by_ip = (
            await uow.session.execute(counted.where(RegistrationRow.ip == ip, RegistrationRow.created_at > since))
        ).scalar_one()
        if by_ip >= PER_IP_PER_HOUR:
            return "Too many accounts were asked for from this connection in the last hour. Try again in an hour."
    since = now - timedelta(days=1)
    by_email = (
        await uow.session.execute(counted.where(RegistrationRow.email == email, RegistrationRow.created_at > since))
    ).scalar_one()
    if by_email >= PER_EMAIL_PER_DAY:
        return (
            "This email address has reached today's limit of sign-up emails. Use the newest email you received, "
            "or try again tomorrow."
        )
    return ""


async def _registration_link(uow: UnitOfWork, token: str, ip: str | None) -> tuple[RegistrationRow, ClinicRow]:
    """Inside the caller's transaction, locked: the registration behind a verify link, still waiting for its email
    (awaiting_email) or for staff (awaiting_staff); otherwise InvalidLink, logged in its own commit."""
    row = (
        await uow.session.execute(
            select(RegistrationRow).where(RegistrationRow.token_hash == digest(token)).with_for_update()
        )
    ).scalar_one_or_none()
    clinic = await clinic_row(uow.session)
    if row is not None and row.state == "awaiting_staff":  # opened again: still waiting, nothing to do
        return row, clinic
    problem = await link_problem(uow, row, utcnow(), clinic)
    if problem:
        uow.audit(anonymous(ip), REFUSED_LINK, "portal_registration", row.id if row else None, problem)
        await uow.commit()
        raise InvalidLink(problem)
    assert row is not None  # no problem: the link is known
    return row, clinic


async def read_registration(uow: UnitOfWork, *, token: str, ip: str | None) -> RegistrationLink:
    """What the emailed link's page shows; opening it changes nothing (a mail scanner fetches links too): the
    password is chosen and sent with verify_registration. A bad, used or expired link: InvalidLink, audited."""
    async with uow:
        row, clinic = await _registration_link(uow, token, ip)
        waiting = awaiting(clinic.name) if row.state == "awaiting_staff" else ""
        return RegistrationLink(row.first_name, row.last_name, row.email, clinic.name, waiting)


async def verify_registration(uow: UnitOfWork, *, token: str, password: str, ip: str | None) -> Verified:
    """The emailed link's page, with the password its opener chose: a newcomer becomes an active client with a login
    (and a ticket that signs the browser in); an email on file keeps the password's hash and waits for staff. A bad,
    used or expired link: InvalidLink, audited. A link already waiting for staff keeps its password."""
    errors = Errors()
    password = clean_password(errors, "password", password)
    errors.raise_if_any()
    password_hash = await hash_password(password)  # before the transaction: no lock is held while it runs
    now = utcnow()
    async with uow:
        row, clinic = await _registration_link(uow, token, ip)
        if row.state == "awaiting_staff":  # its password was chosen already: only staff answer it now
            return Verified("awaiting_staff", awaiting(clinic.name))
        row.verified_at, row.password_hash = now, password_hash
        # Links of one email opened at once queue here (every registration row of the email, locked in id order),
        # so the later one sees what the first made: its login (refused below) or its new client.
        await uow.session.execute(
            select(RegistrationRow.id)
            .where(RegistrationRow.email == row.email)
            .order_by(RegistrationRow.id)
            .with_for_update()
        )
        if await login_id(uow, row.email) is not None:
            problem, row_id = (
                "Your account was just created from another link. Sign in with your email and password.",
                row.id,
            )
            await uow.rollback()
            uow.audit(anonymous(ip), REFUSED_LINK, "portal_registration", row_id, problem)
            await uow.commit()
            raise InvalidLink(problem)
        match = await match_for(uow, row.email)
        if match is not None:
            row.state, row.match_person_id = "awaiting_staff", match.id
            uow.audit(
                anonymous(ip),
                "portal.registration_verified",
                "portal_registration",
                row.id,
                f"{row.email}: on file as {match.first_name} {match.last_name}; waits for staff",
            )
            uow.changed(topics.PORTAL_ACCOUNTS)
            await uow.commit()
            return Verified("awaiting_staff", awaiting(clinic.name))
        person, _profile = await add_person(
            uow, first_name=row.first_name, last_name=row.last_name, email=row.email, time_zone=clinic.time_zone
        )
        person.source = SOURCE
        row.state, row.person_id, row_id = "active", person.id, row.id
        try:
            login = PortalLoginRow(email=row.email, password_hash=password_hash, primary_person_id=person.id)
            uow.session.add(login)
            await uow.session.flush()
            ticket = new_ticket(uow, person_id=person.id, login_id=login.id)
            uow.audit(anonymous(ip), "portal.registered", "person", person.id, f"{row.email}: new client")
            uow.changed(topics.PEOPLE, topics.person(person.id))
            await uow.commit()
        except IntegrityError:  # another link of this email made its login meanwhile: one login per email
            await uow.rollback()
            problem = "Your account was just created from another link. Sign in with your email and password."
            uow.audit(anonymous(ip), REFUSED_LINK, "portal_registration", row_id, problem)
            await uow.commit()
            raise InvalidLink(problem) from None
    return Verified("active", f"Welcome, {person.first_name}: your account is ready.", ticket)


async def _waiting(uow: UnitOfWork, registration_id: int) -> RegistrationRow:
    row = await uow.session.get(RegistrationRow, registration_id, with_for_update=True)
    if row is None:
        raise NotAllowed("That registration no longer exists. Reload the page.")
    if row.state != "awaiting_staff":
        raise NotAllowed("This registration was already answered. The list now shows it.")
    return row


async def confirm_registration(uow: UnitOfWork, *, actor: Actor, registration_id: int, public_url: str) -> str:
    """Link: the client on file gets the login, with the password chosen by whoever opened the emailed link (the
    inbox's owner; a prospect becomes an active client: seed 000), and is emailed that it is ready. Returns what to
    tell staff."""
    require(actor, "people.read")
    now = utcnow()
    async with uow:
        row = await _waiting(uow, registration_id)
        person = await uow.get(PersonRow, row.match_person_id, lock=True)
        name = f"{person.first_name} {person.last_name}"
        if person.status not in ("active", "prospective"):
            raise NotAllowed(f"{name} is {person.status} now. Restore them first, or decline this registration.")
        if (person.email or "").lower() != row.email:
            raise NotAllowed(f"{name}'s email is no longer {row.email}. Decline this registration, or invite them.")
        if await login_id(uow, row.email) is not None:
            raise NotAllowed(f"{row.email} signs in to the Client Portal already. Decline this registration.")
        if not row.password_hash:  # never without a password chosen on the emailed link
            raise NotAllowed(f"{row.email} has not chosen a password yet. Decline this registration, or invite them.")
        was_prospect = person.status == "prospective"
        person.status = "active"
        login = PortalLoginRow(email=row.email, password_hash=row.password_hash, primary_person_id=person.id)
        uow.session.add(login)
        try:
            await uow.session.flush()
        except IntegrityError:  # a login for this email was made meanwhile (an invitation accepted)
            raise NotAllowed(f"{row.email} signs in to the Client Portal already. Decline this registration.") from None
        await withdraw_open_invitations(uow, person.id, now)  # an open invitation of theirs has nothing left to do
        row.state, row.person_id, row.decided_at, row.decided_by = "active", person.id, now, actor.label[:120]
        await uow.session.execute(  # the same person asked twice: one answer
            update(RegistrationRow)
            .where(RegistrationRow.email == row.email, RegistrationRow.state == "awaiting_staff")
            .where(RegistrationRow.id != row.id)
            .values(state="declined", decided_at=now, decided_by="Another registration of this email was linked")
        )
        clinic = await clinic_row(uow.session)
        queue_email(
            uow,
            to=row.email,
            subject=f"{clinic.name}: your Client Portal account is ready",
            body=f"Hello {row.first_name},\n\nYour Client Portal account is ready: sign in at "
            f"{public_url.rstrip('/')}/portal/login with your email and the password you chose.\n",
            record_type="person",
            record_id=person.id,
        )
        uow.audit(actor, "portal.registration_linked", "person", person.id, f"{row.email} linked to {name}")
        uow.changed(topics.PORTAL_ACCOUNTS, topics.PEOPLE, topics.person(person.id), topics.OUTBOX)
        await uow.commit()
    now_active = f" {name} is now an active client." if was_prospect else ""
    return f"Linked: {name} can sign in to the Client Portal.{now_active} {row.first_name} was emailed."


async def decline_registration(uow: UnitOfWork, *, actor: Actor, registration_id: int) -> str:
    """Decline: nothing changes but the registration; the person is emailed to contact the clinic."""
    require(actor, "people.read")
    now = utcnow()
    async with uow:
        row = await _waiting(uow, registration_id)
        row.state, row.decided_at, row.decided_by = "declined", now, actor.label[:120]
        clinic = await clinic_row(uow.session)
        queue_email(
            uow,
            to=row.email,
            subject=f"{clinic.name}: about your Client Portal account",
            body=f"Hello {row.first_name},\n\n{clinic.name} could not set up a Client Portal account from your "
            f"request. {clinic_contact(clinic)}\n",
            record_type="portal_registration",
            record_id=row.id,
        )
        uow.audit(actor, "portal.registration_declined", "portal_registration", row.id, row.email)
        uow.changed(topics.PORTAL_ACCOUNTS, topics.OUTBOX)
        await uow.commit()
    return f"Declined. {row.first_name} was emailed to contact the clinic."
