"""The one access policy's rules, pure: what a portal login may do on a record and why, over plain data (the records
a session reaches: its own, its family records, relatives by their grants; and the shared profiles of its current
profile). Property-tested without a database (tests/unit/test_access_policy.py); domain/households/access.py reads
the facts inside each portal service's transaction and applies these."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from domain.households.relationship_rules import permission_labels, portal_actions

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
