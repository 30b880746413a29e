"""The one access policy's pure rules (domain/households/access.py), property-tested with generated households:
families (a primary and sub-records, some archived), shared profiles with random member toggles, unrelated
clients, relationships with random grants in random directions (seed 002), and ids nobody has. Whatever the world, a
login reaches its own record and its primary's active sub-records with every action, active relatives who granted
one of its records View and Pay (pay) or Manage Bookings and Intake Forms (view, book, cancel, forms) with exactly
those, and the current profile exactly the shared profiles it is a member of (booking and cancelling only with
"Portal booking on behalf"); every other id and action is refused."""

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.households.access import (
    ACTIONS,
    ALL_ACTIONS,
    GrantFacts,
    Household,
    MemberFacts,
    PersonFacts,
    decide,
    decide_profile,
    reach,
)
from domain.households.relationship_rules import PERMISSIONS

STATUSES = ("active", "active", "active", "archived", "prospective", "dismissed")
TAMPERED = (0, -1, -(2**31), 2**31, 2**63, 10**12)
SHARED_ONLY = ("view", "book", "cancel")  # what a membership may ever give; invoices, forms, documents never
RELATIVE_ACTIONS = {"view_pay": {"pay"}, "manage": {"view", "book", "cancel", "forms"}}  # the seed's words, said again


@dataclass(frozen=True)
class World:
    persons: list[PersonFacts]
    members: list[MemberFacts]
    grants: list[tuple[int, int, frozenset[str]]]  # (grantor, grantee, permissions)
    login_id: int | None
    own_id: int
    current_id: int


@st.composite
def worlds(draw) -> World:
    count = draw(st.integers(1, 12))
    ids = list(range(1, count + 1))
    persons = []
    for pid in ids:
        primary = draw(st.one_of(st.none(), st.sampled_from(ids)))
        persons.append(
            PersonFacts(
                pid, f"First{pid}", f"Last{pid}", draw(st.sampled_from(STATUSES)), None if primary == pid else primary
            )
        )
    profiles = draw(st.lists(st.tuples(st.integers(100, 106), st.booleans()), max_size=5, unique_by=lambda t: t[0]))
    members = [
        MemberFacts(profile, f"Shared {profile}", pid, draw(st.booleans()), archived)
        for profile, archived in profiles
        for pid in draw(st.lists(st.sampled_from(ids), max_size=4, unique=True))
    ]
    grants = draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.sampled_from(ids), st.frozensets(st.sampled_from(list(PERMISSIONS)))),
            max_size=8,
            unique_by=lambda g: (g[0], g[1]),
        ).map(lambda gs: [g for g in gs if g[0] != g[1]])
    )
    own = draw(st.sampled_from(ids))
    login = draw(st.one_of(st.none(), st.integers(1, 50)))
    return World(persons, members, grants, login, own, draw(st.sampled_from(ids)))


def household(w: World) -> Household:
    by_id = {p.id: p for p in w.persons}
    grants = [GrantFacts(by_id[a], b, flags) for a, b, flags in w.grants]
    return reach(w.login_id, w.current_id, w.own_id, w.persons, w.members, grants)


def entitled_persons(w: World) -> set[int]:
    """The rule, said plainly: the login's own record and (with a login) its sub-records, active ones only; nothing
    when the login's own record is not active (archived or dismissed: the family's portal is closed)."""
    if not any(p.id == w.own_id and p.status == "active" for p in w.persons):
        return set()
    return {
        p.id
        for p in w.persons
        if p.status == "active" and (p.id == w.own_id or (w.login_id is not None and p.primary_person_id == w.own_id))
    }


def entitled_actions(w: World, person_id: int) -> set[str]:
    """Every action on a family record; on an active relative, what its grants to any family record allow (a
    grant to the login's own staff-viewed record counts too: staff see what the client would); else nothing."""
    family = entitled_persons(w)
    if person_id in family:
        return set(ALL_ACTIONS)
    if not family or not any(p.id == person_id and p.status == "active" for p in w.persons):
        return set()
    actions: set[str] = set()
    for grantor, grantee, flags in w.grants:
        if grantor == person_id and grantee in family:
            for key, allowed in RELATIVE_ACTIONS.items():
                if key in flags:
                    actions |= allowed
    return actions


def entitled_profiles(w: World, action: str) -> set[int]:
    if w.current_id not in entitled_persons(w) or action not in SHARED_ONLY:
        return set()
    return {
        m.profile_id
        for m in w.members
        if m.person_id == w.current_id and not m.archived and (action == "view" or m.portal_booking)
    }


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_a_login_reaches_its_family_with_everything_and_relatives_with_their_grants_and_nothing_else(w: World):
    h = household(w)
    for person in w.persons:
        expected = entitled_actions(w, person.id)
        for action in ACTIONS:
            assert decide(h, action, person.id).allowed == (action in expected), (person, action)
    for action in ACTIONS:
        assert set(h.person_ids(action)) == {p.id for p in w.persons if action in entitled_actions(w, p.id)}
        for tampered in TAMPERED:
            assert not decide(h, action, tampered).allowed


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_a_relative_never_gives_documents_tasks_or_relationships_and_ended_grants_give_nothing(w: World):
    h = household(w)
    family = entitled_persons(w)
    for record in h.records:
        if record.person_id not in family:
            assert not record.actions & {"documents", "tasks", "relate"}
            assert record.why.startswith("a relationship: ")
    ended = World(w.persons, w.members, [], w.login_id, w.own_id, w.current_id)  # every relationship removed
    assert {r.person_id for r in household(ended).records} == family


@settings(max_examples=300, deadline=None)
@given(worlds())
def test_a_shared_profile_is_seen_by_its_members_and_booked_only_with_portal_booking_on_behalf(w: World):
    h = household(w)
    profiles = {m.profile_id for m in w.members} | {100, 101, 102, 103, 104, 105, 106}
    for action in ACTIONS:
        expected = entitled_profiles(w, action)
        for profile in profiles:
            assert decide_profile(h, action, profile).allowed == (profile in expected), (profile, action)
        assert set(h.profile_ids(action)) == expected
        for tampered in TAMPERED:
            assert not decide_profile(h, action, tampered).allowed
    for action in ("pay", "forms", "documents", "tasks"):  # the clinic's, never a member's through the portal
        assert h.profile_ids(action) == []


@settings(max_examples=200, deadline=None)
@given(worlds())
def test_the_login_s_own_record_comes_first_and_each_record_says_why(w: World):
    h = household(w)
    ids = [r.person_id for r in h.records]
    assert len(ids) == len(set(ids))
    if w.own_id in ids:
        assert ids[0] == w.own_id and h.records[0].why == "your own record"
    family = entitled_persons(w)
    assert all(
        r.why == "a family record under your login"
        for r in h.records
        if r.person_id != w.own_id and r.person_id in family
    )
    for grant in h.shared:
        assert grant.why.startswith("a member")


@given(worlds(), st.text(min_size=1).filter(lambda a: a not in ACTIONS))
def test_an_unknown_action_is_a_programming_error_not_a_refusal(w: World, action: str):
    h = household(w)
    with pytest.raises(ValueError):
        decide(h, action, w.own_id)
    with pytest.raises(ValueError):
        decide_profile(h, action, 100)


def test_staff_viewing_a_test_client_s_portal_reach_that_one_record_even_with_sub_records():
    persons = [PersonFacts(1, "Tess", "Test", "active", None), PersonFacts(2, "Sub", "Record", "active", 1)]
    h = reach(None, 1, 1, persons, [])
    assert h.person_ids("view") == [1]
    logged_in = reach(7, 1, 1, persons, [])
    assert logged_in.person_ids("view") == [1, 2]


def test_a_member_without_the_toggle_sees_the_joint_appointments_but_may_not_book_or_cancel():
    persons = [PersonFacts(1, "Alex", "Taylor", "active", None), PersonFacts(2, "Sam", "Taylor", "active", None)]
    members = [MemberFacts(9, "Alex & Sam Taylor", 1, True), MemberFacts(9, "Alex & Sam Taylor", 2, False)]
    alex, sam = reach(1, 1, 1, persons, members), reach(2, 2, 2, persons, members)
    assert [decide_profile(alex, a, 9).allowed for a in ("view", "book", "cancel")] == [True, True, True]
    assert [decide_profile(sam, a, 9).allowed for a in ("view", "book", "cancel")] == [True, False, False]
    assert "without Portal booking on behalf" in decide_profile(sam, "book", 9).why
