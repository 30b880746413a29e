"""The one access policy's pure rules (domain/households/access.py), property-tested with generated households:
families (a primary and sub-records, some archived), shared profiles with random member toggles, unrelated
clients, and ids nobody has. Whatever the world, a login reaches exactly its own record and its primary's active
sub-records, and the current profile exactly the shared profiles it is a member of (booking and cancelling only
with "Portal booking on behalf"); every other id is refused, for every action."""

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.households.access import ACTIONS, Household, MemberFacts, PersonFacts, decide, decide_profile, reach

STATUSES = ("active", "active", "active", "archived", "prospective", "dismissed")
TAMPERED = (0, -1, -(2**31), 2**31, 2**63, 10**12)
SHARED_ONLY = ("view", "book", "cancel")  # what a membership may ever give; invoices, forms, documents never


@dataclass(frozen=True)
class World:
    persons: list[PersonFacts]
    members: list[MemberFacts]
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
    own = draw(st.sampled_from(ids))
    return World(persons, members, draw(st.one_of(st.none(), st.integers(1, 50))), own, draw(st.sampled_from(ids)))


def household(w: World) -> Household:
    return reach(w.login_id, w.current_id, w.own_id, w.persons, w.members)


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
def test_a_login_reaches_its_own_record_and_its_active_sub_records_and_nothing_else(w: World):
    h = household(w)
    allowed = entitled_persons(w)
    for person in w.persons:
        for action in ACTIONS:
            assert decide(h, action, person.id).allowed == (person.id in allowed), (person, action)
    for action in ACTIONS:
        assert set(h.person_ids(action)) == allowed
        for tampered in TAMPERED:
            assert not decide(h, action, tampered).allowed


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
    assert all(r.why == "a family record under your login" for r in h.records if r.person_id != w.own_id)
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
