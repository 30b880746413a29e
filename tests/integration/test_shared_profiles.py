"""Shared profiles: members and their toggles, Primary races, deleting, searching, what a member belongs to."""

import asyncio

import pytest

from domain.billing.invoices import create_invoice
from domain.clients.classifications import add_classification, set_profile_classifications
from domain.clients.register import add_client
from domain.errors import NotAllowed, ValidationFailed
from domain.households.manage import delete_shared_profile, record_consent, set_shared_archived
from domain.households.members import add_member, remove_member, set_member_flag
from domain.households.search import SharedFilter, find_shared_for_booking, list_shared
from domain.households.shared_profiles import create_shared_profile, get_shared, memberships
from domain.scheduling.booking import book_appointment
from storage.engine import Database
from tests.integration.helpers import OWNER, URL, at, audit_entries, booking, mary, member_ids, taylors


async def test_the_first_member_is_primary_and_the_same_client_twice_is_refused(db):
    h = await taylors(db)
    shared = await get_shared(db.uow(), actor=OWNER, profile_id=h.profile)
    assert [(m.name, m.is_primary, m.receives_reminders, m.portal_booking) for m in shared.members] == [
        ("Alex Taylor", True, True, False),
        ("Sam Taylor", False, True, False),
    ]
    with pytest.raises(ValidationFailed, match="Sam Taylor is already a member of Alex & Sam Taylor"):
        await add_member(db.uow(), actor=OWNER, profile_id=h.profile, person_id=h.sam)
    assert len((await get_shared(db.uow(), actor=OWNER, profile_id=h.profile)).members) == 2


async def test_switching_primary_on_moves_it_and_switching_it_off_is_refused(db):
    h = await taylors(db)
    ids = await member_ids(db, h)
    await set_member_flag(db.uow(), actor=OWNER, member_id=ids[h.sam], flag="is_primary", value=True)
    shared = await get_shared(db.uow(), actor=OWNER, profile_id=h.profile)
    assert shared.primary.name == "Sam Taylor" and sum(m.is_primary for m in shared.members) == 1
    with pytest.raises(NotAllowed, match="needs a primary member"):
        await set_member_flag(db.uow(), actor=OWNER, member_id=ids[h.sam], flag="is_primary", value=False)
    await set_member_flag(db.uow(), actor=OWNER, member_id=ids[h.alex], flag="portal_booking", value=True)
    await set_member_flag(db.uow(), actor=OWNER, member_id=ids[h.sam], flag="receives_reminders", value=False)
    alex, sam = (await get_shared(db.uow(), actor=OWNER, profile_id=h.profile)).members
    assert (alex.portal_booking, sam.receives_reminders) == (True, False)
    assert "Sam Taylor: Primary on" in [e.summary for e in await audit_entries(db, "member.flag")]


async def test_two_staff_flipping_primary_at_once_leave_exactly_one(db, db_url):
    h = await taylors(db)
    third = await add_client(
        db.uow(),
        actor=OWNER,
        data=mary(first_name="Jo", last_name="Taylor", email=""),
        invite=False,
        form_ids=[],
        public_url=URL,
        member_of=h.profile,
    )
    ids = await member_ids(db, h)
    other = Database(db_url)  # a second server process
    try:
        for _ in range(5):
            await asyncio.gather(
                set_member_flag(db.uow(), actor=OWNER, member_id=ids[h.sam], flag="is_primary", value=True),
                set_member_flag(other.uow(), actor=OWNER, member_id=ids[third], flag="is_primary", value=True),
            )
            members = (await get_shared(db.uow(), actor=OWNER, profile_id=h.profile)).members
            assert sum(m.is_primary for m in members) == 1
            assert [m.name for m in members if m.is_primary][0] in ("Sam Taylor", "Jo Taylor")
    finally:
        await other.dispose()


async def test_a_new_client_made_in_add_member_joins_in_the_same_step(db):
    h = await taylors(db)
    person = await add_client(
        db.uow(),
        actor=OWNER,
        data=mary(first_name="Kit", last_name="Taylor", email=""),
        invite=False,
        form_ids=[],
        public_url=URL,
        member_of=h.profile,
    )
    assert [m.name for m in (await get_shared(db.uow(), actor=OWNER, profile_id=h.profile)).members][-1] == "Kit Taylor"
    assert [m.name for m in await memberships(db.uow(), actor=OWNER, person_id=person)] == ["Alex & Sam Taylor"]


async def test_removing_the_primary_or_the_only_member_is_refused(db):
    h = await taylors(db)
    ids = await member_ids(db, h)
    with pytest.raises(NotAllowed, match=r"Alex Taylor is the primary member\. Make another member primary first"):
        await remove_member(db.uow(), actor=OWNER, member_id=ids[h.alex])
    await remove_member(db.uow(), actor=OWNER, member_id=ids[h.sam])
    with pytest.raises(NotAllowed, match="only member"):
        await remove_member(db.uow(), actor=OWNER, member_id=ids[h.alex])
    assert [m.name for m in (await get_shared(db.uow(), actor=OWNER, profile_id=h.profile)).members] == ["Alex Taylor"]
    assert await memberships(db.uow(), actor=OWNER, person_id=h.sam) == []


async def test_delete_is_refused_with_unpaid_invoices_and_keeps_members_when_allowed(db):
    h = await taylors(db)
    await book_appointment(
        db.uow(), actor=OWNER, booking=booking(h.clinic, at("2031-03-03", "10:00"), profile_id=h.profile)
    )
    from domain.billing.invoices import issue_invoice
    from domain.scheduling.calendar import profile_appointments

    [appointment] = await profile_appointments(db.uow(), actor=OWNER, profile_id=h.profile)
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=h.profile, appointment_id=appointment.id)
    await issue_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id)
    with pytest.raises(NotAllowed, match=r"unpaid invoices: INV-00001 \(\$165.00 owing\)"):
        await delete_shared_profile(db.uow(), actor=OWNER, profile_id=h.profile)
    empty = await create_shared_profile(db.uow(), actor=OWNER, name="Made by mistake")
    await add_member(db.uow(), actor=OWNER, profile_id=empty, person_id=h.alex)
    assert await delete_shared_profile(db.uow(), actor=OWNER, profile_id=empty) == "Made by mistake"
    assert [m.name for m in await memberships(db.uow(), actor=OWNER, person_id=h.alex)] == ["Alex & Sam Taylor"]
    assert [e.summary for e in await audit_entries(db, "shared.deleted")] == [
        "Made by mistake deleted; members' records kept"
    ]


async def test_people_shared_lists_members_and_next_appointment_and_filters(db):
    h = await taylors(db)
    other = await create_shared_profile(db.uow(), actor=OWNER, name="The Nguyens")
    await add_member(db.uow(), actor=OWNER, profile_id=other, person_id=h.clinic.mary_person)
    start = at("2031-03-03", "10:00")
    await book_appointment(db.uow(), actor=OWNER, booking=booking(h.clinic, start, profile_id=h.profile))
    couples = await add_classification(db.uow(), actor=OWNER, name="Couples")
    await set_profile_classifications(db.uow(), actor=OWNER, profile_id=h.profile, ids=[couples])
    everyone = await list_shared(db.uow(), actor=OWNER, time_zone="Australia/Sydney")
    assert [(s.name, s.members, s.primary) for s in everyone] == [
        ("Alex & Sam Taylor", ["Alex Taylor", "Sam Taylor"], "Alex Taylor"),
        ("The Nguyens", ["Mary Smith"], "Mary Smith"),
    ]
    assert everyone[0].next_appointment == start and everyone[1].next_appointment is None

    async def names(**f):
        return [
            s.name
            for s in await list_shared(db.uow(), actor=OWNER, time_zone="Australia/Sydney", filters=SharedFilter(**f))
        ]

    assert await names(member_name="mary") == ["The Nguyens"]
    assert await names(member_email="SAM.TAYLOR@") == ["Alex & Sam Taylor"]
    from datetime import date

    assert await names(member_dob=date(1987, 2, 14)) == ["Alex & Sam Taylor"]
    assert await names(practitioner_id=h.clinic.priya, first=date(2031, 3, 3), last=date(2031, 3, 3)) == [
        "Alex & Sam Taylor"
    ]
    assert await names(practitioner_id=h.clinic.sam) == []
    assert await names(status="cancelled") == []
    assert await names(classification_ids=(couples,)) == ["Alex & Sam Taylor"]
    assert [s.name for s in await find_shared_for_booking(db.uow(), actor=OWNER, text="sam tay")] == [
        "Alex & Sam Taylor"
    ]
    await set_shared_archived(db.uow(), actor=OWNER, profile_id=other, archived=True)
    assert await names() == ["Alex & Sam Taylor"] and await names(archived=True) == ["The Nguyens"]
    assert await find_shared_for_booking(db.uow(), actor=OWNER, text="nguyen") == []


async def test_consent_is_recorded_with_who_when_and_how(db):
    h = await taylors(db)
    with pytest.raises(ValidationFailed) as refused:
        await record_consent(db.uow(), actor=OWNER, profile_id=h.profile, given_by="", given_on="", how="Fax")
    assert set(refused.value.errors) == {"given_by", "given_on", "how"}
    await record_consent(
        db.uow(), actor=OWNER, profile_id=h.profile, given_by="Alex Taylor", given_on="2026-11-20", how="Signed form"
    )
    [entry] = await audit_entries(db, "profile.consent")
    assert entry.summary == "personal-data consent by Alex Taylor on 20 Nov 2026, signed form"


async def test_refused_household_changes_are_audited(db):
    h = await taylors(db)
    ids = await member_ids(db, h)
    with pytest.raises(NotAllowed):
        await remove_member(db.uow(), actor=OWNER, member_id=ids[h.alex])
    with pytest.raises(ValidationFailed):
        await add_member(db.uow(), actor=OWNER, profile_id=h.profile, person_id=h.sam)
    assert [e.summary for e in await audit_entries(db, "member.refused")] == [
        "Alex Taylor is the primary member. Make another member primary first, then remove Alex Taylor.",
        "Sam Taylor is already a member of Alex & Sam Taylor.",
    ]
