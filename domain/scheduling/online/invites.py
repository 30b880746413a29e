"""Invite to Book (seed 001): staff email a client a link that opens the Bookings Page with the client known (no
login, no contact step); the request made with it is linked to that client. One client per link; it expires,
works once, and staff can withdraw it (sending a new one withdraws the old)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor, anonymous
from domain.clients.persons import person_or_not_found
from domain.errors import InvalidLink, NotAllowed
from domain.formats import current
from domain.messaging.outbox import queue_client_email
from domain.scheduling import rules
from domain.tokens import digest, new_token
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.online_booking import BookingInviteRow
from storage.types import utcnow
from storage.uow import UnitOfWork, rows_changed

VALID_FOR = timedelta(days=14)


@dataclass(frozen=True)
class OpenInvite:
    row: BookingInviteRow
    person: PersonRow


@dataclass(frozen=True)
class InvitedClient:
    first_name: str
    last_name: str
    email: str
    clinic_name: str


@dataclass(frozen=True)
class BookingInviteState:
    """The client's latest Invite to Book, for the profile: open (sent_at, expires_at), or none open."""

    open: bool
    sent_at: datetime | None = None
    expires_at: datetime | None = None
    used_at: datetime | None = None

    @property
    def label(self) -> str:
        f = current()
        if self.open and self.expires_at:
            return f"Invitation to book sent {f.date(self.sent_at)}; the link works until {f.date(self.expires_at)}."
        if self.used_at:
            return f"The last invitation to book was used on {f.date(self.used_at)}."
        return "No open invitation to book."


async def booking_invite_state(uow: UnitOfWork, *, actor: Actor, person_id: int) -> BookingInviteState:
    require(actor, "people.read")
    async with uow:
        row = (
            await uow.session.execute(
                select(BookingInviteRow)
                .where(BookingInviteRow.person_id == person_id)
                .order_by(BookingInviteRow.id.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        tz = await rules.clinic_zone(uow)
    if row is None:
        return BookingInviteState(False)
    is_open = row.used_at is None and row.withdrawn_at is None and utcnow() < row.expires_at
    local = [m.astimezone(tz) if m else None for m in (row.created_at, row.expires_at, row.used_at)]
    return BookingInviteState(is_open, *local)  # the clinic's dates, not UTC's


async def send_booking_invite(uow: UnitOfWork, *, actor: Actor, person_id: int, public_url: str) -> str:
    """Emails the client a link to the Bookings Page (an earlier open link stops working). Returns what to say."""
    require(actor, "people.read")
    async with uow:
        person = await person_or_not_found(uow, person_id)
        if person.status not in ("active", "prospective"):
            raise NotAllowed(f"{person.first_name} {person.last_name} is archived. Restore them first.")
        if not person.email:
            raise NotAllowed("Add an email address to the client's details before inviting them to book.")
        now = utcnow()
        await withdraw_open(uow, person_id, now)
        token = new_token()
        uow.session.add(
            BookingInviteRow(
                person_id=person.id,
                token_hash=digest(token),
                created_by=actor.user_id,
                created_at=now,
                expires_at=now + VALID_FOR,
            )
        )
        clinic = await clinic_row(uow.session)
        until = current().date((now + VALID_FOR).astimezone(await rules.clinic_zone(uow)))
        # A sub-record (seed 001) shares its primary's email: the invitation goes to the primary, to book for it.
        primary = await uow.get(PersonRow, person.primary_person_id) if person.primary_person_id else None
        name = f"{person.first_name} {person.last_name}"
        queue_client_email(
            uow,
            person,
            automated=False,
            subject=f"{clinic.name} invites you to book" + (f" for {name}" if primary else ""),
            body=(
                f"Hello {primary.first_name if primary else person.first_name},\n\n{clinic.name} invites you to book "
                + (f"a session for {name}. Book for {name}" if primary else "a session. Choose a service and a time")
                + f" here (the link is yours alone, works once, until {until}):\n{public_url}/book/invite/{token}\n"
            ),
        )
        uow.audit(actor, "booking.invited", "person", person.id, summary=person.email)
        uow.changed(topics.person(person.id))
        await uow.commit()
    if primary:
        owner = f"{primary.first_name} {primary.last_name}"
        return f"Invitation to book for {name} sent to {person.email} ({owner}'s email: the family's primary record)."
    return f"Invitation to book sent to {person.email}."


async def withdraw_open(uow: UnitOfWork, person_id: int, now: datetime) -> int:
    result = await uow.session.execute(
        update(BookingInviteRow)
        .where(
            BookingInviteRow.person_id == person_id,
            BookingInviteRow.used_at.is_(None),
            BookingInviteRow.withdrawn_at.is_(None),
            BookingInviteRow.expires_at > now,
        )
        .values(withdrawn_at=now)
    )
    return rows_changed(result)


async def withdraw_booking_invite(uow: UnitOfWork, *, actor: Actor, person_id: int) -> str:
    require(actor, "people.read")
    async with uow:
        if not await withdraw_open(uow, person_id, utcnow()):
            raise NotAllowed("There is no open invitation to book to withdraw.")
        uow.audit(actor, "booking.invite_withdrawn", "person", person_id)
        uow.changed(topics.person(person_id))
        await uow.commit()
    return "Invitation to book withdrawn: its link no longer works."


async def open_invite(uow: UnitOfWork, token: str | None, ip: str | None, *, audit: bool = True) -> OpenInvite:
    """Inside the caller's transaction: the invite behind a link (locked), or InvalidLink. audit=True: the refusal
    is logged and committed, so this must be the transaction's only work (read_booking_invite); a caller with
    other work reads the link that way first, then opens it here with audit=False."""
    row = (
        await uow.session.execute(
            select(BookingInviteRow).where(BookingInviteRow.token_hash == digest(token or "")).with_for_update()
        )
    ).scalar_one_or_none()
    if row is None:
        raise InvalidLink(
            "This booking link is not valid. Check that you copied all of it, or ask the clinic for a new one."
        )
    problem = None
    tz = await rules.clinic_zone(uow)

    def day(moment: datetime) -> str:
        return current().date(moment.astimezone(tz))

    if row.withdrawn_at:
        problem = "This booking link was withdrawn by the clinic. Ask them for a new one."
    elif row.used_at:
        problem = f"This booking link was already used on {day(row.used_at)}. Ask the clinic for a new one."
    elif utcnow() >= row.expires_at:
        problem = f"This booking link expired on {day(row.expires_at)}. Ask the clinic for a new one."
    person = await uow.get(PersonRow, row.person_id)
    if problem is None and (person.status not in ("active", "prospective") or not person.email):
        problem = "This booking link can no longer be used. Please contact the clinic."
    if problem:
        if audit:
            uow.audit(anonymous(ip), "booking.invite_refused", "person", row.person_id, summary=problem)
            await uow.commit()
        raise InvalidLink(problem)
    return OpenInvite(row, person)


async def read_booking_invite(uow: UnitOfWork, *, token: str, ip: str | None) -> InvitedClient:
    """For the Bookings Page opened from an invitation: whom it is for (or InvalidLink)."""
    async with uow:
        invite = await open_invite(uow, token, ip)
        clinic = await clinic_row(uow.session)
        p = invite.person
        return InvitedClient(p.first_name, p.last_name, p.email or "", clinic.name)
