"""The one access policy: may this portal login do this action to this person's record, and why?

Every portal page and action asks `require_access` (a person's record) or `require_profile_access` (a shared
profile the current record is a member of: seed 000's "Portal booking on behalf" toggle). Family records (seed 001:
the primary's sub-records under one login) and relationship grants (seed 002: what a relative granted any record
under this login) only widen `household_of`. A refusal looks exactly like a record that does not exist (NotFound),
is audited in a transaction of its own, and changes nothing.

The rules themselves (`reach`, `decide`, `decide_profile`) are pure functions over plain data in access_rules.py
(re-exported here), property-tested without a database (tests/unit/test_access_policy.py) and through every portal
service (tests/integration).
"""

from dataclasses import dataclass, field
from typing import NoReturn

from sqlalchemy import or_, select, update

from domain.actor import Actor
from domain.errors import NotFound
from domain.errors import PortalSignedOut as SignedOut
from domain.households.access_rules import ACTIONS as ACTIONS  # the rules, re-exported: callers import them from here
from domain.households.access_rules import ALL_ACTIONS as ALL_ACTIONS
from domain.households.access_rules import FAMILY_RECORD as FAMILY_RECORD
from domain.households.access_rules import MEMBER as MEMBER
from domain.households.access_rules import MEMBER_BOOKING as MEMBER_BOOKING
from domain.households.access_rules import NO_LONGER_SHARED as NO_LONGER_SHARED
from domain.households.access_rules import NOT_FOUND as NOT_FOUND
from domain.households.access_rules import OWN_RECORD as OWN_RECORD
from domain.households.access_rules import RELATIVE as RELATIVE
from domain.households.access_rules import SHARED_ACTIONS as SHARED_ACTIONS
from domain.households.access_rules import SHARED_BOOKING_ACTIONS as SHARED_BOOKING_ACTIONS
from domain.households.access_rules import Decision as Decision
from domain.households.access_rules import Entitlement as Entitlement
from domain.households.access_rules import GrantFacts as GrantFacts
from domain.households.access_rules import Household as Household
from domain.households.access_rules import MemberFacts as MemberFacts
from domain.households.access_rules import PersonFacts as PersonFacts
from domain.households.access_rules import SharedGrant as SharedGrant
from domain.households.access_rules import decide as decide
from domain.households.access_rules import decide_profile as decide_profile
from domain.households.access_rules import reach as reach
from domain.tokens import digest
from storage.clients import PersonRow, ProfileRow
from storage.households import MemberRow
from storage.portal import PortalLoginRow, PortalSessionRow
from storage.relationships import RelationshipRow
from storage.types import utcnow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class PortalView:
    """Who is signed in to the portal in this browser (the page keeps it; every action re-checks the session)."""

    person_id: int  # the current profile
    first_name: str
    last_name: str
    email: str
    viewed_by_staff: bool
    login_id: int | None = None
    token: str = field(default="", repr=False)  # the cookie's value: re-checked on every action
    own_person_id: int | None = None  # the login's own (primary) record; None: the current profile
    own_name: str = ""  # its name ("Mary Smith"), for "Hello Mary" while viewing Susan's profile
    profile_count: int = 1  # the records under this login (Switch Profile when more than one)
    actions: frozenset[str] = ALL_ACTIONS  # what this login may do on the current profile (a relative's: fewer)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def viewing_other(self) -> bool:
        """The current profile is a family record, not the login's own record."""
        return self.own_person_id is not None and self.own_person_id != self.person_id


def portal_actor(who: PortalView, ip: str | None = None) -> Actor:
    """The audit log's name for a client acting in the portal."""
    label = f"Client portal: {who.name}" + (" (staff viewing)" if who.viewed_by_staff else "")
    return Actor(user_id=None, label=label, ip=ip)


async def household_of(uow: UnitOfWork, session: PortalSessionRow) -> Household:
    """Inside the caller's transaction: the records this session's login reaches (its primary record and the
    primary's sub-records, active ones only) and the current profile's shared profiles (`reach` decides; the queries
    only narrow what it reads). Relationship grants (a later issue) widen this, never the callers."""
    login = await uow.session.get(PortalLoginRow, session.login_id) if session.login_id else None
    own = login.primary_person_id if login else session.person_id
    family = or_(PersonRow.id == own, PersonRow.primary_person_id == own) if login else PersonRow.id == own
    persons = (await uow.session.execute(select(PersonRow).where(family, PersonRow.status == "active"))).scalars().all()
    members = await uow.session.execute(
        select(MemberRow.profile_id, ProfileRow.name, MemberRow.person_id, MemberRow.portal_booking)
        .join(ProfileRow, ProfileRow.id == MemberRow.profile_id)
        .where(MemberRow.person_id == session.person_id, ProfileRow.kind == "shared", ProfileRow.archived_at.is_(None))
    )
    grants = await grants_to(uow, [p.id for p in persons]) if login else []
    return reach(
        session.login_id,
        session.person_id,
        own,
        [PersonFacts(p.id, p.first_name, p.last_name, p.status, p.primary_person_id) for p in persons],
        [MemberFacts(m.profile_id, m.name, m.person_id, m.portal_booking) for m in members],
        grants,
    )


async def grants_to(uow: UnitOfWork, grantee_ids: list[int]) -> list[GrantFacts]:
    """Inside the caller's transaction: the live relationship grants to these records, with their grantors."""
    if not grantee_ids:
        return []
    rows = await uow.session.execute(
        select(RelationshipRow, PersonRow)
        .join(PersonRow, PersonRow.id == RelationshipRow.grantor_id)
        .where(RelationshipRow.grantee_id.in_(grantee_ids), RelationshipRow.ended_at.is_(None))
    )
    return [
        GrantFacts(
            PersonFacts(p.id, p.first_name, p.last_name, p.status, p.primary_person_id),
            r.grantee_id,
            frozenset(k for k in ("view_pay", "manage", "reminders", "financial", "calendar") if getattr(r, k)),
        )
        for r, p in rows
    ]


async def session_household(uow: UnitOfWork, token: str) -> Household:
    """Inside the caller's transaction: the live session behind a cookie, or SignedOut."""
    session = (
        await uow.session.execute(
            select(PortalSessionRow).where(
                PortalSessionRow.token_hash == digest(token or "-"), PortalSessionRow.kind == "session"
            )
        )
    ).scalar_one_or_none()
    if session is None or session.used_at or utcnow() >= session.expires_at:
        raise SignedOut()
    household = await household_of(uow, session)
    if not any(r.person_id == session.person_id for r in household.records):
        own = next((r for r in household.records if r.why == OWN_RECORD), None)
        if own is None:
            raise SignedOut()  # the login's own record was archived meanwhile
        # The current profile was archived, left this login, or its relationship ended meanwhile: this action is
        # refused, and the tab is back on the login's own record.
        session_id = session.id  # read before the rollback expires it
        await uow.rollback()
        await uow.session.execute(
            update(PortalSessionRow).where(PortalSessionRow.id == session_id).values(person_id=own.person_id)
        )
        await uow.commit()
        raise NotFound(NO_LONGER_SHARED)
    return household


async def require_access(
    uow: UnitOfWork, who: PortalView, action: str, person_id: int | None = None, *, ip: str | None = None
) -> Household:
    """Inside the caller's transaction: the session's household when it may do `action` on `person_id` (default:
    the current profile). Otherwise NotFound: the caller's work so far is rolled back and the refusal alone is
    audited and committed (call this before writing anything)."""
    household = await session_household(uow, who.token)
    target = household.current_person_id if person_id is None else person_id
    decision = decide(household, action, target)
    if not decision.allowed:
        await refuse(uow, who, f"{action} on person {target}: {decision.why}", ip=ip)
    return household


async def require_profile_access(
    uow: UnitOfWork, who: PortalView, action: str, profile_id: int, *, ip: str | None = None
) -> Household:
    """Inside the caller's transaction: the session's household when its current profile may do `action` on the
    shared profile `profile_id`; otherwise not found (rolled back, the refusal alone audited)."""
    household = await session_household(uow, who.token)
    decision = decide_profile(household, action, profile_id)
    if not decision.allowed:
        await refuse(uow, who, f"{action} on shared profile {profile_id}: {decision.why}", ip=ip)
    return household


MAX_ID = 2**31 - 1  # the largest id PostgreSQL's integer keys hold


async def reachable_id(uow: UnitOfWork, who: PortalView, record_id: int, what: str, *, ip: str | None = None) -> int:
    """Inside the caller's transaction: an id from the browser, checked before any query uses it (one too large
    for the database is refused, audited, like any id that is not this login's). A signed-out tab is told so."""
    await session_household(uow, who.token)
    if not 0 < record_id <= MAX_ID:
        await refuse(uow, who, f"{what} {record_id}: not a valid id", ip=ip)
    return record_id


async def refuse(uow: UnitOfWork, who: PortalView, summary: str, *, ip: str | None = None) -> NoReturn:
    """Inside the caller's transaction: a portal request for something this login may not reach (a tampered id,
    another client's record). Rolls back, audits the refusal alone, commits, and answers as not found."""
    await uow.rollback()
    uow.audit(portal_actor(who, ip), "portal.refused", "person", who.person_id, summary=summary[:500])
    await uow.commit()
    raise NotFound(NOT_FOUND)
