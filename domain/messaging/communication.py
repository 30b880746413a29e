"""A profile's Communication: email or SMS to it (the primary by default, other members CC'd) through the
outbox, letters as PDFs, and the correspondence kept with the profile."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.adapters.letter_pdf import letter_pdf
from domain.billing.invoice_views import provided_to
from domain.clients.persons import profile_or_not_found
from domain.errors import ValidationFailed
from domain.messaging.outbox import message_status, queue_email
from domain.phones import sms_problem
from domain.validation import Errors, clean_note, clean_text
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.outbox import OutboxMessageRow
from storage.records import FileRow
from storage.types import utcnow
from storage.uow import UnitOfWork

SMS_LIMIT = 480  # three SMS parts


@dataclass(frozen=True)
class Reachable:
    person_id: int
    name: str
    email: str
    phone: str  # E.164, or as typed when migration 0009 could not read it (no SMS goes to that)
    primary: bool


@dataclass(frozen=True)
class Correspondence:
    when: datetime
    channel: str  # email, sms, letter
    to: str
    subject: str
    status: str
    file_id: int | None = None


async def reachable(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> list[Reachable]:
    """Who can be written to: the client, or the members (primary first: the default recipient)."""
    require(actor, "people.read")
    async with uow:
        people = await provided_to(uow, await profile_or_not_found(uow, profile_id))
        return [
            Reachable(p.id, f"{p.first_name} {p.last_name}", p.email or "", p.phone or "", i == 0)
            for i, p in enumerate(people)
        ]


async def send_to_profile(
    uow: UnitOfWork,
    *,
    actor: Actor,
    profile_id: int,
    channel: str,
    to_person_id: int | None,
    cc_person_ids: list[int],
    subject: str,
    body: str,
) -> int:
    """Queues the message (one email with CCs, or one SMS per recipient). Returns how many were queued."""
    require(actor, "people.read")
    errors = Errors()
    if channel not in ("email", "sms"):
        errors["channel"] = "Choose Email or SMS."
    subject = clean_text(errors, "subject", "Subject", subject, max_length=200, required=channel == "email")
    body = clean_note(body)
    if not body:
        errors["body"] = "Write the message first."
    elif channel == "sms" and len(body) > SMS_LIMIT:
        errors["body"] = f"An SMS can be at most {SMS_LIMIT} characters (this one has {len(body)})."
    if not to_person_id:
        errors["to"] = "Choose who the message is to."
    errors.raise_if_any()
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        people = {p.id: p for p in await provided_to(uow, profile)}
        assert to_person_id is not None  # refused above otherwise
        chosen = [to_person_id] + [i for i in cc_person_ids if i != to_person_id]
        if any(i not in people for i in chosen):
            raise ValidationFailed({"to": "Messages go to members of this profile only."})
        address = {i: (people[i].email if channel == "email" else people[i].phone) or "" for i in chosen}
        lacking = [i for i in chosen if not address[i]]
        if lacking:
            what = "email address" if channel == "email" else "phone number"
            names = ", ".join(f"{people[i].first_name} {people[i].last_name}" for i in lacking)
            raise ValidationFailed(
                {
                    "to"
                    if to_person_id in lacking
                    else "cc": f"No {what} for {names}: add it on their client profile first."
                }
            )
        for i in chosen if channel == "sms" else ():
            if problem := sms_problem(f"{people[i].first_name} {people[i].last_name}", address[i]):
                raise ValidationFailed({"to" if i == to_person_id else "cc": problem})
        if channel == "email":
            queue_email(
                uow,
                to=address[to_person_id],
                subject=subject,
                body=body,
                record_type="profile",
                record_id=profile_id,
                cc=", ".join(address[i] for i in chosen[1:]),
            )
            count = 1
        else:
            for i in chosen:
                queue_email(
                    uow,
                    to=address[i],
                    subject=subject or "SMS",
                    body=body,
                    record_type="profile",
                    record_id=profile_id,
                    channel="sms",
                )
            count = len(chosen)
        names = ", ".join(f"{people[i].first_name} {people[i].last_name}" for i in chosen)
        uow.audit(actor, f"profile.{channel}", "profile", profile_id, summary=f"{channel} to {names}: {subject}"[:300])
        uow.changed(topics.OUTBOX, topics.profile(profile_id))
        await uow.commit()
    return count


async def make_letter(
    uow: UnitOfWork, *, actor: Actor, profile_id: int, to_person_id: int | None, subject: str, body: str
) -> tuple[int, str, bytes]:
    """A letter as a PDF, kept in the profile's correspondence. Returns (file id, file name, PDF bytes)."""
    require(actor, "people.read")
    errors = Errors()
    subject = clean_text(errors, "subject", "Subject", subject, max_length=200)
    body = clean_note(body)
    if not body:
        errors["body"] = "Write the letter first."
    errors.raise_if_any()
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        people = {p.id: p for p in await provided_to(uow, profile)}
        person: PersonRow | None = people.get(to_person_id) if to_person_id else None
        if to_person_id and person is None:
            raise ValidationFailed({"to": "Letters go to members of this profile only."})
        clinic = await clinic_row(uow.session)
        addressee = f"{person.first_name} {person.last_name}" if person else profile.name
        data = letter_pdf(clinic_name=clinic.name, to=addressee, on=date.today(), subject=subject, body=body.strip())
        name = f"Letter {date.today():%Y-%m-%d} {subject}"[:190] + ".pdf"
        row = FileRow(
            profile_id=profile_id,
            kind="letter",
            name=name,
            content_type="application/pdf",
            size=len(data),
            data=data,
            uploaded_by=actor.label,
        )
        uow.session.add(row)
        await uow.session.flush()
        uow.audit(actor, "profile.letter", "profile", profile_id, summary=f"letter to {addressee}: {subject}")
        uow.changed(topics.profile(profile_id))
        await uow.commit()
    return row.id, name, data


async def correspondence(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> list[Correspondence]:
    """Emails and SMS written to the profile, and its letters, newest first."""
    require(actor, "people.read")
    now = utcnow()
    async with uow:
        messages = (
            (
                await uow.session.execute(
                    select(OutboxMessageRow).where(
                        OutboxMessageRow.record_type == "profile", OutboxMessageRow.record_id == profile_id
                    )
                )
            )
            .scalars()
            .all()
        )
        letters = (
            await uow.session.execute(
                select(FileRow.id, FileRow.name, FileRow.created_at).where(
                    FileRow.profile_id == profile_id, FileRow.kind == "letter"
                )
            )
        ).all()
    items = [
        Correspondence(
            m.created_at, m.channel, m.to_address + (f" (cc {m.cc})" if m.cc else ""), m.subject, message_status(m, now)
        )
        for m in messages
    ]
    items += [Correspondence(created, "letter", "", name, "generated", file_id) for file_id, name, created in letters]
    return sorted(items, key=lambda c: c.when, reverse=True)
