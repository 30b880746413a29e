"""Copies of a client's emails for relatives they allowed (seed 002): "Receive a copy of email notifications and
reminders" (booking emails and reminders) and "Receive a copy of receipts, statements, and financial emails".

Called next to the original email, inside its transaction: the copies exist exactly when the original does. A copy
goes to each active grantee with an email, never to an address that already received the original (family records
share one email), and at most once per address."""

from collections.abc import Collection
from typing import Literal

from sqlalchemy import select

from domain import topics
from domain.messaging.outbox import queue_client_email
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.outbox import OutboxMessageRow
from storage.relationships import RelationshipRow
from storage.uow import UnitOfWork

Kind = Literal["reminders", "financial"]
WHAT: dict[str, str] = {
    "reminders": "their email notifications and reminders",
    "financial": "their receipts, statements, and financial emails",
}


def copy_intro(grantee_first: str, grantor_name: str, grantor_first: str, kind: Kind, clinic: str) -> str:
    """Pure: the lines above the original text, saying why this person gets it and how it stops."""
    return (
        f"{grantee_first}, {grantor_name} lets you receive a copy of {WHAT[kind]} from {clinic}. This is a copy of an "
        f"email sent to {grantor_first}; to stop receiving these copies, ask {grantor_first} or {clinic}.\n\n"
        "-----\n\n"
    )


async def queue_copies(
    uow: UnitOfWork,
    person_id: int,
    kind: Kind,
    *,
    subject: str,
    body: str,
    record_type: str,
    record_id: int | None,
    attachment: tuple[str, bytes] | None = None,
    sent_to: Collection[str] = (),
) -> int:
    """Inside the caller's transaction: queues a copy of an email about `person_id` for every live relationship in
    which that client grants `kind`. `sent_to`: the addresses the original went to (the client's own is always
    one). Returns how many copies were queued."""
    if kind not in WHAT:
        raise ValueError(f"unknown kind of copy {kind!r}")
    grantor = await uow.session.get(PersonRow, person_id)
    if grantor is None:
        return 0
    flag = RelationshipRow.reminders if kind == "reminders" else RelationshipRow.financial
    grantees = (
        (
            await uow.session.execute(
                select(PersonRow)
                .join(RelationshipRow, RelationshipRow.grantee_id == PersonRow.id)
                .where(
                    RelationshipRow.grantor_id == person_id,
                    RelationshipRow.ended_at.is_(None),
                    flag.is_(True),
                    PersonRow.status == "active",
                )
                .order_by(PersonRow.id)
            )
        )
        .scalars()
        .all()
    )
    if not grantees:
        return 0
    done = {a.strip().casefold() for a in (*sent_to, grantor.email or "") if a and a.strip()}
    clinic = (await clinic_row(uow.session)).name
    grantor_name = f"{grantor.first_name} {grantor.last_name}"
    queued = 0
    for grantee in grantees:
        address = (grantee.email or "").strip().casefold()
        if not address or address in done:
            continue
        intro = copy_intro(grantee.first_name, grantor_name, grantor.first_name, kind, clinic)
        row = queue_client_email(
            uow,
            grantee,
            subject=f"Copy: {subject}",
            body=intro + body,
            automated=True,
            record_type=record_type,
            record_id=record_id if record_id is not None else person_id,
            attachment=attachment,
        )
        if row is not None:
            done.add(address)
            queued += 1
    if queued:
        uow.changed(topics.OUTBOX)
    return queued


async def email_with_copies(
    uow: UnitOfWork,
    person: PersonRow,
    kind: Kind,
    *,
    subject: str,
    body: str,
    automated: bool,
    record_type: str,
    record_id: int | None = None,
    attachment: tuple[str, bytes] | None = None,
    about: int | None = None,
) -> OutboxMessageRow | None:
    """Inside the caller's transaction: `queue_client_email` to `person`, and when it was queued, the copies for
    the relatives whom the client it is about (`about`, by default `person`) allows to receive them."""
    row = queue_client_email(
        uow,
        person,
        subject=subject,
        body=body,
        automated=automated,
        record_type=record_type,
        record_id=record_id,
        attachment=attachment,
    )
    if row is not None:
        await queue_copies(
            uow,
            person.id if about is None else about,
            kind,
            subject=subject,
            body=body,
            record_type=record_type,
            record_id=record_id,
            attachment=attachment,
            sent_to=[row.to_address],
        )
    return row


async def copy_payment_email(
    uow: UnitOfWork, person_id: int | None, payment_id: int | None, to: str, subject: str, body: str
) -> None:
    """Inside the caller's transaction: copies of a payment's email (a receipt, a refund) for the relatives the payer
    allowed "receipts, statements, and financial emails" (seed 002); none for a payer who is not a client."""
    if person_id:
        await queue_copies(
            uow,
            person_id,
            "financial",
            subject=subject,
            body=body,
            record_type="payment",
            record_id=payment_id,
            sent_to=[to],
        )
