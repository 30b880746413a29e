"""Shared profiles: created from People > Add > Shared, named, commented; what a member belongs to."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import ValidationFailed
from domain.households.members import MemberView, members_of, shared_or_not_found
from domain.validation import Errors, clean_note, clean_text
from storage.clients import ProfileRow
from storage.households import MemberRow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class SharedDetail:
    profile_id: int
    name: str
    comments: str
    archived_at: datetime | None
    members: list[MemberView]

    @property
    def primary(self) -> MemberView | None:
        return next((m for m in self.members if m.is_primary), None)


@dataclass(frozen=True)
class Membership:
    profile_id: int
    name: str
    is_primary: bool
    archived: bool


def _clean_name(name: str) -> str:
    errors = Errors()
    name = clean_text(errors, "name", "Profile name", name, max_length=160)
    errors.raise_if_any()
    return name


async def create_shared_profile(uow: UnitOfWork, *, actor: Actor, name: str) -> int:
    """People > Add > Shared: the profile name, then Next opens its Details page to add members."""
    require(actor, "people.read")
    name = _clean_name(name)
    async with uow:
        row = ProfileRow(kind="shared", name=name, comments="")
        uow.session.add(row)
        await uow.session.flush()
        uow.audit(actor, "shared.created", "profile", row.id, summary=name)
        uow.changed(topics.SHARED)
        await uow.commit()
    return row.id


async def get_shared(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> SharedDetail:
    require(actor, "people.read")
    async with uow:
        profile = await shared_or_not_found(uow, profile_id)
        return SharedDetail(
            profile.id, profile.name, profile.comments or "", profile.archived_at, await members_of(uow, profile.id)
        )


async def update_shared(uow: UnitOfWork, *, actor: Actor, profile_id: int, name: str, comments: str) -> None:
    """The Details page's name and Additional Comments."""
    require(actor, "people.read")
    name = _clean_name(name)
    comments = clean_note(comments, max_length=100_000)
    if len(comments) > 4000:
        raise ValidationFailed(
            {"comments": f"Additional Comments must be at most 4000 characters (it has {len(comments)})."}
        )
    async with uow:
        profile = await shared_or_not_found(uow, profile_id)
        old = profile.name
        profile.name, profile.comments = name, comments
        uow.audit(
            actor,
            "shared.updated",
            "profile",
            profile_id,
            summary=name if old == name else f"renamed from {old} to {name}",
        )
        uow.changed(topics.profile(profile_id), topics.details(profile_id), topics.SHARED)
        await uow.commit()


async def memberships(uow: UnitOfWork, *, actor: Actor, person_id: int) -> list[Membership]:
    """The shared profiles a client belongs to (shown on their own profile)."""
    require(actor, "people.read")
    async with uow:
        rows = await uow.session.execute(
            select(ProfileRow, MemberRow.is_primary)
            .join(MemberRow, MemberRow.profile_id == ProfileRow.id)
            .where(MemberRow.person_id == person_id)
            .order_by(ProfileRow.name)
        )
        return [Membership(p.id, p.name, primary, p.archived_at is not None) for p, primary in rows]
