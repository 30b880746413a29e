"""A shared profile's members and their three toggles: Primary (exactly one), Portal booking on behalf of
the shared profile, Receives appointment reminders."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.audit.log import refusals_audited
from domain.errors import NotAllowed, NotFound, ValidationFailed
from storage.clients import PersonRow, ProfileRow
from storage.households import MemberRow
from storage.uow import UnitOfWork

FLAGS = {
    "is_primary": "Primary",
    "portal_booking": "Portal booking on behalf of the shared profile",
    "receives_reminders": "Receives appointment reminders",
}


@dataclass(frozen=True)
class MemberView:
    id: int
    person_id: int
    name: str
    email: str
    phone: str
    date_of_birth: date | None
    status: str
    is_primary: bool
    portal_booking: bool
    receives_reminders: bool


async def shared_or_not_found(uow: UnitOfWork, profile_id: int, *, lock: bool = False) -> ProfileRow:
    """Inside the caller's transaction: the shared profile (locked for the toggles' rules when asked)."""
    profile = await uow.session.get(ProfileRow, profile_id, with_for_update=lock, populate_existing=lock)
    if profile is None or profile.kind != "shared":
        raise NotFound("That shared profile no longer exists.")
    return profile


async def members_of(uow: UnitOfWork, profile_id: int) -> list[MemberView]:
    rows = await uow.session.execute(
        select(MemberRow, PersonRow)
        .join(PersonRow, PersonRow.id == MemberRow.person_id)
        .where(MemberRow.profile_id == profile_id)
        .order_by(MemberRow.id)
    )
    return [
        MemberView(
            m.id,
            p.id,
            f"{p.first_name} {p.last_name}",
            p.email or "",
            p.phone or "",
            p.date_of_birth,
            p.status,
            m.is_primary,
            m.portal_booking,
            m.receives_reminders,
        )
        for m, p in rows
    ]


async def add_member_in(uow: UnitOfWork, actor: Actor, profile: ProfileRow, person: PersonRow) -> MemberRow:
    """Inside the caller's transaction. The first member becomes primary; the same client twice is refused."""
    name = f"{person.first_name} {person.last_name}"
    if (
        await uow.session.execute(
            select(MemberRow.id).where(MemberRow.profile_id == profile.id, MemberRow.person_id == person.id)
        )
    ).first():
        raise ValidationFailed({"member": f"{name} is already a member of {profile.name}."})
    if person.status == "dismissed":
        raise NotAllowed(f"{name} was dismissed as a prospect and cannot be added.")
    count = (await uow.session.execute(select(func.count()).where(MemberRow.profile_id == profile.id))).scalar_one()
    row = MemberRow(
        profile_id=profile.id, person_id=person.id, is_primary=count == 0, portal_booking=False, receives_reminders=True
    )
    uow.session.add(row)
    await uow.session.flush()
    uow.audit(
        actor,
        "member.added",
        "profile",
        profile.id,
        summary=f"{name} added to {profile.name}" + (" as primary" if row.is_primary else ""),
    )
    member_changed(uow, profile.id)
    return row


@refusals_audited("member.refused", "profile", "profile_id")
async def add_member(uow: UnitOfWork, *, actor: Actor, profile_id: int, person_id: int) -> int:
    """Add Member > Select an existing client."""
    require(actor, "people.read")
    async with uow:
        profile = await shared_or_not_found(uow, profile_id, lock=True)
        person = await uow.session.get(PersonRow, person_id)
        if person is None:
            raise NotFound("That client no longer exists.")
        row = await add_member_in(uow, actor, profile, person)
        await uow.commit()
    return row.id


def member_changed(uow: UnitOfWork, profile_id: int) -> None:
    """The profile's pages and the shared lists refresh (a member's "Shared profiles" card listens to the
    latter). Not topics.person(id): that redraws the member's whole page, and would wipe a details edit in progress."""
    uow.changed(topics.profile(profile_id), topics.members(profile_id), topics.SHARED)


async def _member(uow: UnitOfWork, member_id: int) -> tuple[MemberRow, ProfileRow, str]:
    member = await uow.session.get(MemberRow, member_id)
    if member is None:
        raise NotFound("That member is no longer on this shared profile.")
    profile = await shared_or_not_found(uow, member.profile_id, lock=True)
    await uow.session.refresh(member)  # read again after the profile lock: another toggle may have won
    person = await uow.get(PersonRow, member.person_id)
    return member, profile, f"{person.first_name} {person.last_name}"


@refusals_audited("member.refused", "profile_member", "member_id")
async def set_member_flag(uow: UnitOfWork, *, actor: Actor, member_id: int, flag: str, value: bool) -> None:
    """Saves one toggle at once. Switching Primary on moves it from the previous primary (the profile row is
    locked, so two staff switching at once are applied one after the other: the last one wins). Switching the
    primary off is refused: a shared profile always has one."""
    require(actor, "people.read")
    if flag not in FLAGS:
        raise ValidationFailed({flag: "Unknown setting."})
    async with uow:
        member, profile, name = await _member(uow, member_id)
        if flag == "is_primary":
            if not value:
                if member.is_primary:
                    raise NotAllowed(
                        f"{profile.name} needs a primary member: switch Primary on for another "
                        f"member instead, and {name} stops being primary."
                    )
                return
            await uow.session.execute(
                update(MemberRow)
                .where(MemberRow.profile_id == profile.id, MemberRow.id != member.id)
                .values(is_primary=False)
            )
            await uow.session.execute(update(MemberRow).where(MemberRow.id == member.id).values(is_primary=True))
        else:
            await uow.session.execute(update(MemberRow).where(MemberRow.id == member.id).values({flag: value}))
        uow.audit(
            actor, "member.flag", "profile", profile.id, summary=f"{name}: {FLAGS[flag]} {'on' if value else 'off'}"
        )
        member_changed(uow, profile.id)
        await uow.commit()


@refusals_audited("member.refused", "profile_member", "member_id")
async def remove_member(uow: UnitOfWork, *, actor: Actor, member_id: int) -> None:
    require(actor, "people.read")
    async with uow:
        member, profile, name = await _member(uow, member_id)
        count = (await uow.session.execute(select(func.count()).where(MemberRow.profile_id == profile.id))).scalar_one()
        if count == 1:
            raise NotAllowed(
                f"{name} is the only member of {profile.name}. Add another member first, or "
                "archive the shared profile in Admin > Manage."
            )
        if member.is_primary:
            raise NotAllowed(f"{name} is the primary member. Make another member primary first, then remove {name}.")
        if profile.default_payee_person_id == member.person_id:
            profile.default_payee_person_id = None  # the payee goes back to the primary
        await uow.session.delete(member)
        uow.audit(actor, "member.removed", "profile", profile.id, summary=f"{name} removed from {profile.name}")
        member_changed(uow, profile.id)
        await uow.commit()
