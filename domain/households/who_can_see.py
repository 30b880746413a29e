"""Who can see my information (issue 20: the household model's promise of privacy): everyone who can see or act on a
client's record and why (a relationship and its permissions, the family record's login, shared profiles, the clinic's
staff), with Revoke for what this client granted. The client asks in the Client Portal (My Account); staff see the
same list on the profile. Revoke takes back every permission this client granted that person (the relationship and
what the other person granted stay: they are theirs)."""

from dataclasses import dataclass

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import ROLE_LABELS, require
from domain.actor import Actor
from domain.clients.persons import person_or_not_found
from domain.errors import NotFound
from domain.households.access import PortalView, portal_actor, reachable_id, refuse, require_access
from domain.households.relationship_rules import permission_labels, relation_label
from domain.households.relationships import flags_of, live_rows, set_flags
from storage.accounts import StaffUserRow
from storage.clients import PersonRow, ProfileRow
from storage.households import MemberRow
from storage.relationships import RelationshipRow
from storage.uow import UnitOfWork

EVERYTHING = "Everything in the Client Portal under their login"


@dataclass(frozen=True)
class Access:
    """One person (or group) who can see or act on the record, why, and what."""

    name: str
    why: str
    can: tuple[str, ...]
    person_id: int | None = None  # a client; None: the clinic's staff
    revocable: bool = False  # a relationship grant this client gave: Revoke takes it back


async def access_to(uow: UnitOfWork, person: PersonRow, *, staff: bool = False) -> list[Access]:
    """Inside the caller's transaction: who can see or act on `person`'s record, and why (worded for the client
    themselves, or for staff: "Nora granted" rather than "you granted")."""
    you, your = (person.first_name, f"{person.first_name}'s") if staff else ("you", "Your")
    found: list[Access] = []
    if person.primary_person_id:  # a family record: the primary's login holds it (seed 001)
        primary = await uow.session.get(PersonRow, person.primary_person_id)
        if primary is not None:
            found.append(
                Access(
                    f"{primary.first_name} {primary.last_name}",
                    f"{your} record is a family record under their Client Portal login",
                    (EVERYTHING,),
                    primary.id,
                )
            )
    grants = await uow.session.execute(
        select(RelationshipRow, PersonRow)
        .join(PersonRow, PersonRow.id == RelationshipRow.grantee_id)
        .where(RelationshipRow.grantor_id == person.id, RelationshipRow.ended_at.is_(None))
        .order_by(PersonRow.first_name, PersonRow.last_name, PersonRow.id)
    )
    for row, grantee in grants:
        labels = permission_labels(flags_of(row))
        if labels:
            holder = await uow.session.get(PersonRow, grantee.primary_person_id) if grantee.primary_person_id else None
            through = (  # a family record: whoever holds its login acts with what it was granted (seed 001)
                f" (through {holder.first_name} {holder.last_name}'s Client Portal login)" if holder else ""
            )
            found.append(
                Access(
                    f"{grantee.first_name} {grantee.last_name}{through}",
                    f"{relation_label(row.relation)}: a relationship, with the permissions {you} granted",
                    tuple(labels),
                    grantee.id,
                    revocable=True,
                )
            )
    shared = await uow.session.execute(
        select(ProfileRow.id, ProfileRow.name, PersonRow, MemberRow.portal_booking)
        .join(MemberRow, MemberRow.profile_id == ProfileRow.id)
        .join(PersonRow, PersonRow.id == MemberRow.person_id)
        .where(
            ProfileRow.kind == "shared",
            ProfileRow.archived_at.is_(None),
            ProfileRow.id.in_(select(MemberRow.profile_id).where(MemberRow.person_id == person.id)),
            MemberRow.person_id != person.id,
        )
        .order_by(ProfileRow.name, PersonRow.first_name)
    )
    for _profile_id, profile_name, member, booking in shared:
        can = ["See the joint appointments of " + profile_name]
        if booking:
            can.append("Book and cancel joint appointments (Portal booking on behalf)")
        found.append(
            Access(f"{member.first_name} {member.last_name}", f"A member of the shared profile {profile_name}",
                   tuple(can), member.id)
        )  # fmt: skip
    team = (
        await uow.session.execute(
            select(StaffUserRow.name, StaffUserRow.role)
            .where(StaffUserRow.active.is_(True))
            .order_by(StaffUserRow.role, StaffUserRow.name)
        )
    ).all()
    if team:
        found.append(
            Access(
                "The clinic's staff",
                ", ".join(f"{name} ({ROLE_LABELS.get(role, role)})" for name, role in team),
                (f"{your} record, appointments, forms and invoices, as their role allows",),
            )
        )
    return found


async def who_can_see(uow: UnitOfWork, *, actor: Actor, person_id: int) -> list[Access]:
    """Staff: the list on the client's profile."""
    require(actor, "people.read")
    async with uow:
        return await access_to(uow, await person_or_not_found(uow, person_id), staff=True)


async def portal_who_can_see(uow: UnitOfWork, *, who: PortalView) -> list[Access]:
    """The Client Portal's My Account > Who can see my information, for the current profile (the login's own records
    only: a relative's list is theirs)."""
    async with uow:
        household = await require_access(uow, who, "relate")
        person = await person_or_not_found(uow, household.current_person_id)
        return await access_to(uow, person)


async def _revoke(uow: UnitOfWork, actor: Actor, grantor: PersonRow, grantee: PersonRow) -> list[str]:
    """Inside the caller's transaction: takes back what `grantor` granted `grantee`; returns what was taken back."""
    row = (await live_rows(uow, grantor.id, grantee.id, lock=True)).get(grantor.id)
    taken = permission_labels(flags_of(row)) if row else []
    if row is None or not taken:
        raise NotFound(f"{grantee.first_name} {grantee.last_name} has no permissions from you any more.")
    set_flags(row, frozenset())
    uow.audit(
        actor,
        "relationship.revoked",
        "person",
        grantor.id,
        summary=f"{grantee.first_name} {grantee.last_name} no longer: {', '.join(taken)}"[:500],
    )
    uow.changed(topics.person(grantor.id), topics.person(grantee.id), topics.RELATIONSHIPS)
    return taken


async def revoke(uow: UnitOfWork, *, actor: Actor, person_id: int, other_id: int) -> str:
    """Staff: Revoke on the profile's list (at the client's request)."""
    require(actor, "people.read")
    async with uow:
        grantor = await person_or_not_found(uow, person_id)
        grantee = await person_or_not_found(uow, other_id)
        await _revoke(uow, actor, grantor, grantee)
        await uow.commit()
    name = f"{grantee.first_name} {grantee.last_name}"
    return f"Revoked: {name} can no longer see or do anything with {grantor.first_name}'s information."


async def portal_revoke(uow: UnitOfWork, *, who: PortalView, other_id: int, ip: str | None = None) -> str:
    """Revoke in the Client Portal: only what the current profile granted (a tampered id: not found, audited)."""
    async with uow:
        await reachable_id(uow, who, other_id, "revoke for person", ip=ip)
        household = await require_access(uow, who, "relate", ip=ip)
        grantor = await person_or_not_found(uow, household.current_person_id)
        grantee = await uow.session.get(PersonRow, other_id)
        row = (await live_rows(uow, grantor.id, other_id)).get(grantor.id) if grantee else None
        if grantee is None or row is None:
            await refuse(uow, who, f"revoke for person {other_id}: no relationship", ip=ip)
        await _revoke(uow, portal_actor(who, ip), grantor, grantee)
        await uow.commit()
    return f"Revoked: {grantee.first_name} {grantee.last_name} can no longer see or do anything with your information."
