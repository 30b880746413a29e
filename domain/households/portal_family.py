"""My Account > Family Members in the Client Portal (seed 002): the current profile's family members, what *I* let
each of them do (never what they let me do: that is theirs to change), adding a family member (when the clinic allows
"Allow Patients to add related profiles"), and Remove, which ends the relationship and all permissions both ways.

A family member added here who is not on file becomes an active client at once, related both ways: they let the
booker Manage Bookings and Intake Forms, View and Pay, and receive copies of their emails and appointments (the booker
books for them: that is the point), and are emailed so; the booker lets them bill their payments to the booker's
account only when that box was ticked. An email already on file creates nothing: the clinic gets a task to check and
relate them (a client is never related to a stranger's record from the portal).

Everything goes through the one access policy: only the login's own records may "relate" (never a relative reached by
a grant); an id that is not one of my family members is answered as not found, audited."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from domain import topics
from domain.clients.persons import add_person
from domain.clinic.settings import clinic_phone
from domain.errors import NotAllowed, ValidationFailed
from domain.households.access import (
    FAMILY_RECORD,
    OWN_RECORD,
    PortalView,
    portal_actor,
    reachable_id,
    refuse,
    require_access,
)
from domain.households.relationship_rules import (
    BILL_TO_ME,
    PERMISSIONS,
    RELATION_LABELS,
    clean_flags,
    permission_labels,
    relation_label,
)
from domain.households.relationships import (
    end_pair,
    live_rows,
    notify_new_access,
    relationships_in,
    set_flags,
    summary,
    write_pair,
)
from domain.scheduling.online.settings import settings_row
from domain.validation import Errors, clean_email, clean_text
from storage.audit import AuditEntryRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.relationships import RelationshipRow
from storage.tasks import TaskRow
from storage.types import utcnow
from storage.uow import UnitOfWork

NAME_MAX = 80  # persons.first_name / last_name
SOURCE = "portal"  # persons.source of a family member added in the Client Portal
PER_DAY = 10  # family members one record may add (or ask the clinic to add) in a day
# What a family member added here lets the booker do on their record: everything the seed's booking for them needs.
FOR_THE_BOOKER = frozenset(PERMISSIONS)


@dataclass(frozen=True)
class FamilyMember:
    """One family member as My Account shows it: what *I* let them do, never what they let me do."""

    other_id: int
    other_name: str
    relation_label: str  # what they are to me
    gives: frozenset[str]  # what I let them do (the five permissions and billing to my account)

    @property
    def gives_labels(self) -> list[str]:
        return permission_labels(self.gives, bill="Bill their payments to your account")


def contact_the_clinic(clinic_name: str, phone: str) -> str:
    """What a client reads when the clinic does not let clients add family members online."""
    return f"To add a family member, contact {clinic_name}" + (f" ({phone})." if phone else ".")


async def family_adding_open(uow: UnitOfWork) -> bool:
    """Whether clients may add family members (Setup > Online Booking > "Allow Patients to add related profiles")."""
    async with uow:
        return bool((await settings_row(uow)).allow_related_profiles)


async def portal_family_members(uow: UnitOfWork, *, who: PortalView, ip: str | None = None) -> list[FamilyMember]:
    """The current profile's family members, by name."""
    async with uow:
        household = await require_access(uow, who, "relate", ip=ip)
        views = await relationships_in(uow, household.current_person_id)
    return [FamilyMember(v.other_id, v.other_name, v.relation_label, v.gives) for v in views]


def _clean_member(relation: str, first_name: str, last_name: str, email: str) -> tuple[str, str, str, str]:
    errors = Errors()
    if relation not in RELATION_LABELS:
        errors["relation"] = "Choose how they are related to you."
    first = clean_text(errors, "first_name", "First name", first_name, max_length=NAME_MAX)
    last = clean_text(errors, "last_name", "Last name", last_name, max_length=NAME_MAX)
    address = clean_email(errors, "email", email)
    if len(address) > 254 and "email" not in errors:
        errors["email"] = "That email address is too long: at most 254 characters."
    errors.raise_if_any()
    return relation, first, last, address


async def _own_emails(uow: UnitOfWork, person_ids: list[int]) -> set[str]:
    rows = await uow.session.execute(select(PersonRow.email).where(PersonRow.id.in_(person_ids)))
    return {(e or "").lower() for e in rows.scalars()}


async def add_family_member(
    uow: UnitOfWork,
    *,
    who: PortalView,
    relation: str,
    first_name: str,
    last_name: str,
    email: str,
    bill_to_me: bool,
    ip: str | None = None,
) -> str:
    """Adds a family member to the current profile (`relation`: what they are to me); returns what to tell the
    client. An email on file creates nothing: the clinic is asked (a task) to check and relate them."""
    actor = portal_actor(who, ip)
    async with uow:
        household = await require_access(uow, who, "relate", ip=ip)
        clinic = await clinic_row(uow.session)
        if not (await settings_row(uow)).allow_related_profiles:
            raise NotAllowed(contact_the_clinic(clinic.name, clinic_phone(clinic)))
        relation, first, last, address = _clean_member(relation, first_name, last_name, email)
        booker = await uow.get(PersonRow, household.current_person_id, lock=True)
        added_today = (
            await uow.session.execute(
                select(func.count())
                .select_from(AuditEntryRow)
                .where(
                    AuditEntryRow.action.in_(("relationship.added", "relationship.requested")),
                    AuditEntryRow.record_type == "person",
                    AuditEntryRow.record_id == booker.id,
                    AuditEntryRow.at > utcnow() - timedelta(days=1),
                )
            )
        ).scalar_one()
        if added_today >= PER_DAY:  # each one makes a client and emails an address: never a script's tool
            raise NotAllowed(
                f"You have added {PER_DAY} family members today: try again tomorrow. "
                + contact_the_clinic(clinic.name, clinic_phone(clinic))
            )
        own = [r.person_id for r in household.records if r.why in (OWN_RECORD, FAMILY_RECORD)]
        if address in await _own_emails(uow, own):
            raise ValidationFailed(
                {
                    "email": "That is your own email: enter your family member's own email, or ask the clinic to add "
                    "them as a family record under your login."
                }
            )
        on_file = (
            (
                await uow.session.execute(
                    select(PersonRow).where(func.lower(PersonRow.email) == address).order_by(PersonRow.id)
                )
            )
            .scalars()
            .all()
        )
        related = {v.other_id: v for v in await relationships_in(uow, booker.id)}
        for person in on_file:
            if person.id in related:
                raise ValidationFailed(
                    {"email": f"{related[person.id].other_name} is already one of your family members."}
                )
        name, booker_name = f"{first} {last}", f"{booker.first_name} {booker.last_name}"
        if on_file:
            await _ask_the_clinic(uow, booker, booker_name, name, address, relation)
            uow.audit(
                actor,
                "relationship.requested",
                "person",
                booker.id,
                summary=f"{name} <{address}> ({relation_label(relation).lower()}): on file; a task asks the clinic",
            )
            await uow.commit()
            return (
                f"Thank you: {clinic.name} will check and add {name} as your family member. They will show here "
                "once the clinic has added them."
            )
        member, _profile = await add_person(
            uow, first_name=first, last_name=last, email=address, time_zone=booker.time_zone, is_test=booker.is_test
        )
        member.source = SOURCE
        gives = frozenset({BILL_TO_ME}) if bill_to_me else frozenset()
        await write_pair(uow, actor, booker, member, relation, gives, FOR_THE_BOOKER, new=True)
        uow.audit(
            actor,
            "relationship.added",
            "person",
            booker.id,
            summary=summary(booker, member, relation, gives, FOR_THE_BOOKER),
        )
        uow.changed(topics.PEOPLE, topics.person(member.id))
        await uow.commit()
    return f"Added: {name}, your {relation_label(relation).lower()}. You can now book for them; {first} was emailed."


async def _ask_the_clinic(
    uow: UnitOfWork, booker: PersonRow, booker_name: str, name: str, address: str, relation: str
) -> None:
    """Inside the caller's transaction: a task for staff to relate a client on file (once: asking again adds none)."""
    text = (
        f"{booker_name} asked to add {name} ({address}) as their {relation_label(relation).lower()} in the Client "
        "Portal: a client with this email exists. Relate them on the profile if it is right."
    )
    title = text[:200]
    profile_id = (
        await uow.session.execute(
            select(ProfileRow.id).where(ProfileRow.person_id == booker.id, ProfileRow.kind == "individual")
        )
    ).scalar_one_or_none()
    asked = (
        await uow.session.execute(select(TaskRow.id).where(TaskRow.title == title, TaskRow.done_at.is_(None)))
    ).first()
    if asked is None:
        uow.session.add(TaskRow(title=title, details=text, profile_id=profile_id))
        await uow.session.flush()
        uow.changed(topics.TASKS)


async def _my_row_with(
    uow: UnitOfWork, who: PortalView, other_id: int, ip: str | None
) -> tuple[int, dict[int, RelationshipRow]]:
    """Inside the caller's transaction: the current profile's id and its live rows with `other_id` (locked); an id
    that is not one of its family members is refused (audited) as not found."""
    await reachable_id(uow, who, other_id, "family member", ip=ip)
    household = await require_access(uow, who, "relate", ip=ip)
    me = household.current_person_id
    rows = await live_rows(uow, me, other_id, lock=True)
    if me not in rows:
        await refuse(uow, who, f"family member {other_id}: not related to person {me}", ip=ip)
    return me, rows


async def edit_my_grants(
    uow: UnitOfWork, *, who: PortalView, other_id: int, gives: object, ip: str | None = None
) -> str:
    """Sets what I let this family member do (only my direction: what they let me do is theirs to change)."""
    flags = clean_flags(gives)
    actor = portal_actor(who, ip)
    async with uow:
        me, rows = await _my_row_with(uow, who, other_id, ip)
        mine = rows[me]
        person, other = await uow.get(PersonRow, me), await uow.get(PersonRow, other_id)
        added = set_flags(mine, flags)
        notify_new_access(uow, person, other, added, (await clinic_row(uow.session)).name)
        name = f"{other.first_name} {other.last_name}"
        uow.audit(
            actor,
            "relationship.edited",
            "person",
            me,
            summary=f"{person.first_name} {person.last_name} lets {name} "
            f"({relation_label(mine.relation).lower()}): {', '.join(permission_labels(flags)) or 'nothing'}"[:500],
        )
        uow.changed(topics.person(me), topics.person(other_id), topics.RELATIONSHIPS)
        await uow.commit()
    return f"Saved: what you share with {name}."


async def remove_family_member(uow: UnitOfWork, *, who: PortalView, other_id: int, ip: str | None = None) -> str:
    """Ends the relationship and all permissions between our profiles, both ways (kept, with when and by whom)."""
    actor = portal_actor(who, ip)
    async with uow:
        me, _rows = await _my_row_with(uow, who, other_id, ip)
        other = await uow.get(PersonRow, other_id)
        await end_pair(uow, me, other_id, actor.label)
        name = f"{other.first_name} {other.last_name}"
        uow.audit(actor, "relationship.removed", "person", me, summary=f"with {name}: all permissions both ways ended")
        await uow.commit()
    return f"Removed: you and {name} no longer share anything."
