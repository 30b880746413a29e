"""The one access policy: may this portal login do this action to this person's record, and why?

Every portal page and action asks `require_access` (a person's record) or `require_profile_access` (a shared
profile the current record is a member of: seed 000's "Portal booking on behalf" toggle). Family records (seed 001:
the primary's sub-records under one login) and relationship grants (seed 002: what a relative granted any record
under this login) only widen `household_of`. A refusal
looks exactly like a record that does not exist (NotFound), is audited in a transaction of its own, and changes
nothing.

The rules themselves (`reach`, `decide`, `decide_profile`) are pure functions over plain data, property-tested
without a database (tests/unit/test_access_policy.py) and through every portal service (tests/integration).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NoReturn

from sqlalchemy import or_, select, update

from domain.actor import Actor
from domain.errors import NotFound
from domain.errors import PortalSignedOut as SignedOut
from domain.households.relationship_rules import permission_labels, portal_actions
from domain.tokens import digest
from storage.clients import PersonRow, ProfileRow
from storage.households import MemberRow
from storage.portal import PortalLoginRow, PortalSessionRow
from storage.relationships import RelationshipRow
from storage.types import utcnow
from storage.uow import UnitOfWork

# What a portal login may do on a record: see it (Home, appointments), book for it, cancel or reschedule its
# appointments, pay its invoices, complete its forms, open documents shared with it, tick its tasks, and manage its
# relationships (Family Members, "Who can see my information": only the login's own records, never a relative's).
ACTIONS = ("view", "book", "cancel", "pay", "forms", "documents", "tasks", "relate")
ALL_ACTIONS = frozenset(ACTIONS)
OWN_RECORD = "your own record"
FAMILY_RECORD = "a family record under your login"
MEMBER = "a member of this shared profile"
MEMBER_BOOKING = "a member with Portal booking on behalf"
RELATIVE = "a relationship"  # Entitlement.why starts with it: "a relationship: Leo Smith granted View and Pay"
# On a shared profile: every member sees its joint appointments; "Portal booking on behalf" also books for it and
# cancels or reschedules its appointments. Its invoices, forms and documents stay the clinic's (seed 000).
SHARED_ACTIONS = frozenset({"view"})
SHARED_BOOKING_ACTIONS = frozenset({"view", "book", "cancel"})
NOT_FOUND = "Not found: it may have been removed, or the link is incomplete."
NO_LONGER_SHARED = "That profile is no longer shared with you: the Client Portal is back on your own profile."


@dataclass(frozen=True)
class Entitlement:
    """What a login may do on one record, and why (said on 'Who can see my information' later)."""

    person_id: int
    first_name: str
    last_name: str
    actions: frozenset[str]
    why: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class SharedGrant:
    """What the current profile may do on a shared profile it is a member of, and why."""

    profile_id: int
    name: str
    actions: frozenset[str]
    why: str


@dataclass(frozen=True)
class Household:
    """A portal session's reach: the login, the current profile, every record it may act on, and the shared
    profiles the current profile is a member of."""

    login_id: int | None  # None: staff viewing a test client's portal
    current_person_id: int
    records: tuple[Entitlement, ...] = field(default_factory=tuple)
    shared: tuple[SharedGrant, ...] = field(default_factory=tuple)

    @property
    def current(self) -> Entitlement:
        return next(r for r in self.records if r.person_id == self.current_person_id)

    def person_ids(self, action: str) -> list[int]:
        return [r.person_id for r in self.records if action in r.actions]

    def profile_ids(self, action: str) -> list[int]:
        """The shared profiles on which the current profile may do `action`."""
        return [g.profile_id for g in self.shared if action in g.actions]


@dataclass(frozen=True)
class Decision:
    allowed: bool
    why: str


def decide(household: Household, action: str, person_id: int) -> Decision:
    """Pure: may this household's login do `action` on `person_id`'s record, and why (or why not)?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown portal action {action!r}")
    for record in household.records:
        if record.person_id == person_id:
            if action in record.actions:
                return Decision(True, record.why)
            return Decision(False, f"{record.why} does not allow {action}")
    return Decision(False, "not a record of this login")


def decide_profile(household: Household, action: str, profile_id: int) -> Decision:
    """Pure: may this household's current profile do `action` on the shared profile `profile_id`, and why?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown portal action {action!r}")
    for grant in household.shared:
        if grant.profile_id == profile_id:
            if action in grant.actions:
                return Decision(True, grant.why)
            return Decision(False, f"{grant.why}, without Portal booking on behalf, may not {action}")
    return Decision(False, "not a shared profile of the current record")


@dataclass(frozen=True)
class PersonFacts:
    """What the policy reads of a client record."""

    id: int
    first_name: str
    last_name: str
    status: str
    primary_person_id: int | None


@dataclass(frozen=True)
class MemberFacts:
    """What the policy reads of a shared profile's member (seed 000's toggles)."""

    profile_id: int
    profile_name: str
    person_id: int
    portal_booking: bool
    archived: bool = False


@dataclass(frozen=True)
class GrantFacts:
    """What the policy reads of one direction of a relationship: `grantor` lets `grantee_id` do `flags`."""

    grantor: PersonFacts
    grantee_id: int
    flags: frozenset[str]


def reach(
    login_id: int | None,
    current_person_id: int,
    own_id: int,
    persons: Iterable[PersonFacts],
    members: Iterable[MemberFacts],
    grants: Iterable[GrantFacts] = (),
) -> Household:
    """Pure: a session's household. A login reaches its own (primary) record and the primary's sub-records; staff
    viewing a test client's portal (no login) reach that one record. Only active records, and none at all when the
    login's own record is not active (its sign-in is refused: its open sessions end too). The current profile's
    memberships of shared profiles that are not archived give it "view", and "book" and "cancel" when its
    "Portal booking on behalf" toggle is on. A relationship grant to any record under the login (seed 002) reaches
    the active grantor with what its permissions allow (View and Pay: pay; Manage Bookings and Intake Forms: view,
    book, cancel, forms; never documents, tasks or relationships); a grantor already under the login keeps its
    family rights. `persons`, `members` and `grants` may hold anything: only these are kept."""
    persons = list(persons)
    if not any(p.id == own_id and p.status == "active" for p in persons):
        persons = []  # the login's own record is archived or dismissed: the family's portal is closed with it
    family = [
        p
        for p in persons
        if p.status == "active" and (p.id == own_id or (login_id is not None and p.primary_person_id == own_id))
    ]
    family.sort(key=lambda p: (p.id != own_id, p.first_name, p.last_name, p.id))
    records = tuple(
        Entitlement(p.id, p.first_name, p.last_name, ALL_ACTIONS, OWN_RECORD if p.id == own_id else FAMILY_RECORD)
        for p in family
    )  # a relative (below) is never the current profile's shared-profile source: only family records are
    family_ids = {r.person_id for r in records}
    granted: dict[int, tuple[PersonFacts, frozenset[str], list[str]]] = {}
    for g in grants if family_ids else ():
        actions = portal_actions(g.flags)
        if g.grantee_id not in family_ids or g.grantor.id in family_ids or g.grantor.status != "active" or not actions:
            continue
        facts, before, labels = granted.get(g.grantor.id, (g.grantor, frozenset(), []))
        labels += [label for label in permission_labels(g.flags & {"view_pay", "manage"}) if label not in labels]
        granted[g.grantor.id] = (facts, before | actions, labels)
    relatives = tuple(
        Entitlement(p.id, p.first_name, p.last_name, actions, f"{RELATIVE}: {p.first_name} {p.last_name} granted "
                    + " and ".join(labels))
        for p, actions, labels in sorted(granted.values(), key=lambda g: (g[0].first_name, g[0].last_name, g[0].id))
    )  # fmt: skip
    records += relatives
    shared = tuple(
        SharedGrant(m.profile_id, m.profile_name, SHARED_BOOKING_ACTIONS, MEMBER_BOOKING)
        if m.portal_booking
        else SharedGrant(m.profile_id, m.profile_name, SHARED_ACTIONS, MEMBER)
        for m in sorted(members, key=lambda m: (m.profile_name, m.profile_id))
        if m.person_id == current_person_id and current_person_id in family_ids and not m.archived
    )
    return Household(login_id, current_person_id, records, shared)


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
