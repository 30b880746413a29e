"""Relationships on the client profile (seed 002), staff side: relate two clients, with the relation and, in each
direction separately, the permissions granted; edit them (the pencil); end them. One transaction and one audit entry
each; whenever someone gains new access to a client's information, that client is emailed saying who can now see or
do what. Ended relationships are kept (ended_at), never deleted."""

from dataclasses import dataclass

from sqlalchemy import or_, select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.audit.log import refusals_audited
from domain.clients.persons import person_or_not_found
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.households.relationship_rules import (
    FLAGS,
    INVERSE,
    RELATION_LABELS,
    Grant,
    clean_flags,
    permission_labels,
    relation_label,
)
from domain.messaging.outbox import queue_client_email
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.relationships import RelationshipRow
from storage.types import utcnow
from storage.uow import UnitOfWork

REFUSED = "relationship.refused"


@dataclass(frozen=True)
class RelationshipView:
    """A relationship as one client's profile shows it."""

    other_id: int
    other_name: str
    other_status: str
    relation: str  # what the other client is to this one
    gives: frozenset[str]  # what this client grants the other
    receives: frozenset[str]  # what the other grants this client

    @property
    def relation_label(self) -> str:
        return relation_label(self.relation)


def flags_of(row: RelationshipRow) -> frozenset[str]:
    return frozenset(key for key in FLAGS if getattr(row, key))


def grant_of(row: RelationshipRow) -> Grant:
    return Grant(row.grantor_id, row.grantee_id, row.relation, flags_of(row))


async def live_rows(
    uow: UnitOfWork, person_id: int, other_id: int, *, lock: bool = False
) -> dict[int, RelationshipRow]:
    """Inside the caller's transaction: the live rows between two clients, by grantor (none, or both)."""
    query = select(RelationshipRow).where(
        RelationshipRow.ended_at.is_(None),
        or_(
            (RelationshipRow.grantor_id == person_id) & (RelationshipRow.grantee_id == other_id),
            (RelationshipRow.grantor_id == other_id) & (RelationshipRow.grantee_id == person_id),
        ),
    )
    if lock:
        query = query.with_for_update()
    return {r.grantor_id: r for r in (await uow.session.execute(query)).scalars()}


async def relationships_in(uow: UnitOfWork, person_id: int) -> list[RelationshipView]:
    """Inside the caller's transaction: this client's live relationships, by the other client's name."""
    rows = (
        await uow.session.execute(
            select(RelationshipRow, PersonRow)
            .join(PersonRow, PersonRow.id == RelationshipRow.grantee_id)
            .where(RelationshipRow.grantor_id == person_id, RelationshipRow.ended_at.is_(None))
        )
    ).all()
    back = {  # what each of them grants this client, read once (not a query per relationship)
        r.grantor_id: r
        for r in (
            await uow.session.execute(
                select(RelationshipRow).where(
                    RelationshipRow.grantee_id == person_id, RelationshipRow.ended_at.is_(None)
                )
            )
        ).scalars()
    }
    views = [
        RelationshipView(
            other.id,
            f"{other.first_name} {other.last_name}",
            other.status,
            given.relation,
            flags_of(given),
            flags_of(back[other.id]) if other.id in back else frozenset(),
        )
        for given, other in rows
    ]
    return sorted(views, key=lambda v: (v.other_name.casefold(), v.other_id))


async def relationships_of(uow: UnitOfWork, *, actor: Actor, person_id: int) -> list[RelationshipView]:
    require(actor, "people.read")
    async with uow:
        await person_or_not_found(uow, person_id)
        return await relationships_in(uow, person_id)


def _relation(relation: str) -> str:
    if relation not in RELATION_LABELS:
        raise ValidationFailed({"relation": "Choose how they are related."})
    return relation


async def _pair(uow: UnitOfWork, person_id: int, other_id: int) -> tuple[PersonRow, PersonRow]:
    person = await person_or_not_found(uow, person_id)
    if other_id == person_id:
        raise ValidationFailed({"other": "A client cannot be related to themselves: choose someone else."})
    try:
        other = await person_or_not_found(uow, other_id)
    except NotFound:
        raise ValidationFailed({"other": "That client no longer exists: search again."}) from None
    if person.is_test != other.is_test:
        raise NotAllowed("A test client cannot be related to a real client.")
    for p in (person, other):
        if p.status == "dismissed":
            raise NotAllowed(f"{p.first_name} {p.last_name} is dismissed: restore them before relating them.")
    return person, other


def notify_new_access(
    uow: UnitOfWork, grantor: PersonRow, grantee: PersonRow, added: frozenset[str], clinic: str
) -> bool:
    """Inside the caller's transaction: tells the grantor who can now see or do what (seed 002's privacy email).
    Sent even to a client who gets no automated messages: it is about their information. False: it could not be
    sent (the grantor has no email address), for the caller to say so."""
    labels = permission_labels(added, bill="Bill their payments to your account (your saved cards)")
    if not labels:
        return True
    body = (
        f"Hello {grantor.first_name},\n\n{clinic} has recorded that {grantee.first_name} {grantee.last_name} can now "
        "do the following with your information:\n\n"
        + "".join(f"  - {label}\n" for label in labels)
        + f"\nIf this is not what you want, contact {clinic}. If you use {clinic}'s Client Portal, My Account > Who "
        "can see my information lists everyone who can see your information, with Revoke.\n"
    )
    return None is not queue_client_email(
        uow,
        grantor,
        subject=f"{grantee.first_name} {grantee.last_name} has new access to your information at {clinic}",
        body=body,
        automated=False,
        record_type="person",
        record_id=grantor.id,
    )


def set_flags(row: RelationshipRow, flags: frozenset[str]) -> frozenset[str]:
    """Sets a row's permissions; returns those it did not have before (new access)."""
    before = flags_of(row)
    for key in FLAGS:
        setattr(row, key, key in flags)
    row.updated_at = utcnow()
    return flags - before


async def write_pair(
    uow: UnitOfWork,
    actor: Actor,
    person: PersonRow,
    other: PersonRow,
    relation: str,
    gives: frozenset[str],
    receives: frozenset[str],
    *,
    new: bool,
) -> list[str]:
    """Inside the caller's transaction: makes or edits both directions and emails whoever grants new access.
    Returns the first names of those who gained a new grant but could not be emailed (no email address)."""
    rows = await live_rows(uow, person.id, other.id, lock=True)
    if new and rows:
        raise ValidationFailed(
            {"other": f"{other.first_name} {other.last_name} is already related: edit it with the pencil."}
        )
    if not new and not rows:
        raise NotFound("That relationship has ended meanwhile: add it again if it is still right.")
    clinic = (await clinic_row(uow.session)).name
    untold: list[str] = []
    directions = ((person, other, relation, gives), (other, person, INVERSE[relation], receives))
    for grantor, grantee, rel, flags in directions:
        row = rows.get(grantor.id)
        if row is None:
            row = RelationshipRow(grantor_id=grantor.id, grantee_id=grantee.id, created_by=actor.label)
            uow.session.add(row)
        row.relation = rel
        if not notify_new_access(uow, grantor, grantee, set_flags(row, flags), clinic):
            untold.append(grantor.first_name)
    await uow.session.flush()
    for p in (person, other):
        uow.changed(topics.person(p.id))
    uow.changed(topics.RELATIONSHIPS)
    return untold


def summary(person: PersonRow, other: PersonRow, relation: str, gives: frozenset[str], receives: frozenset[str]) -> str:
    name, other_name = f"{person.first_name} {person.last_name}", f"{other.first_name} {other.last_name}"
    return (
        f"{other_name} ({relation_label(relation).lower()}) of {name}; {name} grants: "
        f"{', '.join(permission_labels(gives)) or 'nothing'}; {other_name} grants: "
        f"{', '.join(permission_labels(receives)) or 'nothing'}"
    )[:500]


@refusals_audited(REFUSED, "person", "person_id")
async def relate(
    uow: UnitOfWork,
    *,
    actor: Actor,
    person_id: int,
    other_id: int,
    relation: str,
    gives: object = (),
    receives: object = (),
    edit: bool = False,
) -> str:
    """Relates two clients (or, `edit`, changes how): `relation` is what the other client is to this one;
    `gives` what this client grants the other, `receives` what the other grants this client."""
    require(actor, "people.read")
    relation = _relation(relation)
    gives, receives = clean_flags(gives), clean_flags(receives)
    async with uow:
        person, other = await _pair(uow, person_id, other_id)
        untold = await write_pair(uow, actor, person, other, relation, gives, receives, new=not edit)
        uow.audit(
            actor,
            "relationship.edited" if edit else "relationship.added",
            "person",
            person.id,
            summary=summary(person, other, relation, gives, receives),
        )
        await uow.commit()
    verb = "Saved" if edit else "Related"
    said = f"{verb}: {other.first_name} {other.last_name} is {person.first_name}'s {relation_label(relation).lower()}."
    if untold:
        said += f" {' and '.join(untold)} has no email address, so nobody was emailed about the new access: tell them."
    return said


async def end_pair(uow: UnitOfWork, person_id: int, other_id: int, by: str) -> list[RelationshipRow]:
    """Inside the caller's transaction: ends both directions at once (kept, with who ended them)."""
    rows = list((await live_rows(uow, person_id, other_id, lock=True)).values())
    now = utcnow()
    for row in rows:
        row.ended_at, row.ended_by = now, by[:160]
    uow.changed(topics.person(person_id), topics.person(other_id), topics.RELATIONSHIPS)
    return rows


@refusals_audited(REFUSED, "person", "person_id")
async def end_relationship(uow: UnitOfWork, *, actor: Actor, person_id: int, other_id: int) -> str:
    """Ends the relationship and all permissions both ways."""
    require(actor, "people.read")
    async with uow:
        person = await person_or_not_found(uow, person_id)
        other = await person_or_not_found(uow, other_id)
        if not await end_pair(uow, person.id, other.id, actor.label):
            raise NotFound("That relationship has already ended.")
        uow.audit(
            actor,
            "relationship.removed",
            "person",
            person.id,
            summary=f"with {other.first_name} {other.last_name}: all permissions both ways ended",
        )
        await uow.commit()
    return f"Removed: {other.first_name} {other.last_name} and {person.first_name} no longer share anything."
