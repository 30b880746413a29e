"""The one access policy: may this portal login do this action to this person's record, and why?

Every portal page and action asks `require_access` (the family-records issue adds sub-records under a login, the
relationships issue adds grants; both only widen `household_of`). A refusal looks exactly like a record that does
not exist (NotFound), is audited in a transaction of its own, and changes nothing.

The rule itself (`decide`) is a pure function over plain data, unit-tested without a database.
"""

from dataclasses import dataclass, field
from typing import NoReturn

from sqlalchemy import or_, select

from domain.actor import Actor
from domain.errors import NotFound
from domain.errors import PortalSignedOut as SignedOut
from domain.tokens import digest
from storage.clients import PersonRow
from storage.portal import PortalLoginRow, PortalSessionRow
from storage.types import utcnow
from storage.uow import UnitOfWork

# What a portal login may do on a record: see it (Home, appointments), book for it, cancel or reschedule its
# appointments, pay its invoices, complete its forms, open documents shared with it, tick its tasks.
ACTIONS = ("view", "book", "cancel", "pay", "forms", "documents", "tasks")
OWN_RECORD = "your own record"
FAMILY_RECORD = "a family record under your login"
NOT_FOUND = "Not found: it may have been removed, or the link is incomplete."


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
class Household:
    """A portal session's reach: the login, the current profile, and every record it may act on."""

    login_id: int | None  # None: staff viewing a test client's portal
    current_person_id: int
    records: tuple[Entitlement, ...] = field(default_factory=tuple)

    @property
    def current(self) -> Entitlement:
        return next(r for r in self.records if r.person_id == self.current_person_id)

    def person_ids(self, action: str) -> list[int]:
        return [r.person_id for r in self.records if action in r.actions]


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

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def portal_actor(who: PortalView, ip: str | None = None) -> Actor:
    """The audit log's name for a client acting in the portal."""
    label = f"Client portal: {who.name}" + (" (staff viewing)" if who.viewed_by_staff else "")
    return Actor(user_id=None, label=label, ip=ip)


ALL_ACTIONS = frozenset(ACTIONS)


async def household_of(uow: UnitOfWork, session: PortalSessionRow) -> Household:
    """Inside the caller's transaction: the records this session's login reaches: its primary record and the
    primary's sub-records (family records, seed 001), active ones only. Relationship grants (a later issue) widen
    this, never the callers. Staff viewing a test client's portal reach that one record."""
    login = await uow.session.get(PortalLoginRow, session.login_id) if session.login_id else None
    own = login.primary_person_id if login else session.person_id
    family = or_(PersonRow.id == own, PersonRow.primary_person_id == own) if login else PersonRow.id == own
    persons = (
        (
            await uow.session.execute(
                select(PersonRow)
                .where(family, PersonRow.status == "active")
                .order_by(PersonRow.id != own, PersonRow.first_name, PersonRow.last_name, PersonRow.id)
            )
        )
        .scalars()
        .all()
    )
    records = tuple(
        Entitlement(p.id, p.first_name, p.last_name, ALL_ACTIONS, OWN_RECORD if p.id == own else FAMILY_RECORD)
        for p in persons
    )
    return Household(session.login_id, session.person_id, records)


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
        raise SignedOut()  # the current profile was archived (or left this login) meanwhile
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
