"""Whom a Client Portal booking is for: the current profile (a family record after Switch Profile, seed 001), or a
shared profile the current profile is a member of with "Portal booking on behalf" on (seed 000, e.g. a couples
session). The Book page asks "Who is this for?"; the request re-checks the choice through the one access policy
inside its own transaction, so a tampered profile id is refused (audited, not found) and books nothing."""

from dataclasses import dataclass

from sqlalchemy import select

from domain.errors import NotAllowed
from domain.households.access import PortalView, reachable_id, require_access, require_profile_access
from domain.scheduling.online.visitors import Visit
from storage.clients import PersonRow, ProfileRow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class BookingFor:
    """One answer to "Who is this for?"."""

    profile_id: int | None  # None: the current profile's own record
    name: str
    shared: bool  # a shared profile (a joint appointment)


async def portal_booking_choices(uow: UnitOfWork, *, who: PortalView) -> list[BookingFor]:
    """The current profile first, then the shared profiles it may book for (by name)."""
    async with uow:
        household = await require_access(uow, who, "book")
        return [BookingFor(None, household.current.name, False)] + [
            BookingFor(g.profile_id, g.name, True) for g in household.shared if "book" in g.actions
        ]


@dataclass(frozen=True)
class PortalTarget:
    """Inside a portal request: who books (the current profile) and, for a joint appointment, the shared profile."""

    person: PersonRow
    shared: ProfileRow | None


async def portal_target(uow: UnitOfWork, visit: Visit, ip: str | None) -> PortalTarget | None:
    """Inside the request's transaction: None for the public Bookings Page (its profile id, if any, is ignored);
    for the portal, the current profile ("book" on its record) and the shared profile chosen, if any ("book" on
    it: the member's "Portal booking on behalf" toggle). Anything else: not found, audited, nothing booked."""
    if visit.portal is None:
        return None
    who = visit.portal
    household = await require_access(uow, who, "book", ip=ip)
    if household.current_person_id != who.person_id:  # Switch Profile in another tab since this page was drawn
        current = household.current.name
        raise NotAllowed(
            f"You switched to {current}'s profile in another tab. Reload this page to book for {current}, or "
            "switch back first."
        )
    shared = None
    if visit.profile_id is not None:
        await reachable_id(uow, who, visit.profile_id, "book for profile", ip=ip)
        await require_profile_access(uow, who, "book", visit.profile_id, ip=ip)
        shared = (
            await uow.session.execute(
                select(ProfileRow).where(ProfileRow.id == visit.profile_id, ProfileRow.kind == "shared")
            )
        ).scalar_one()  # the policy granted it: a shared profile, not archived, of which the current record is member
    return PortalTarget(await uow.get(PersonRow, household.current_person_id), shared)
