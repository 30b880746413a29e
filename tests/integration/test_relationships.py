"""Relationships on the client profile (seed 002), staff side: relate two clients with the relation and the
permissions in each direction, edit them, end them; what is refused (clear message, nothing stored, audited); the
privacy email to whoever grants new access; and the two Setup > Online Booking switches."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from domain.clients.register import create_test_client
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.households.relationships import end_relationship, relate, relationships_of
from domain.scheduling.online.settings import read_online_settings, save_online_settings
from storage.relationships import RelationshipRow
from tests.integration.helpers import OWNER, URL, add, audit_entries, mary, outbox

BEN = "ben@example.com"


async def mary_and_ben(db) -> tuple[int, int]:
    return await add(db), await add(db, mary(first_name="Ben", email=BEN, phone="0413 000 111"))


async def rows(db) -> list[RelationshipRow]:
    async with db.uow() as uow:
        return list((await uow.session.execute(select(RelationshipRow).order_by(RelationshipRow.id))).scalars())


async def test_relate_with_one_way_grants_reads_right_from_both_sides(db):
    mary_id, ben_id = await mary_and_ben(db)
    said = await relate(
        db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="child", gives=["view_pay", "manage"]
    )
    assert said == "Related: Ben Smith is Mary's child."
    [from_mary] = await relationships_of(db.uow(), actor=OWNER, person_id=mary_id)
    assert (from_mary.other_name, from_mary.relation) == ("Ben Smith", "child")
    assert (from_mary.gives, from_mary.receives) == (frozenset({"view_pay", "manage"}), frozenset())
    [from_ben] = await relationships_of(db.uow(), actor=OWNER, person_id=ben_id)
    assert (from_ben.other_name, from_ben.relation) == ("Mary Smith", "parent")
    assert (from_ben.gives, from_ben.receives) == (frozenset(), frozenset({"view_pay", "manage"}))
    [entry] = await audit_entries(db, "relationship.added")
    assert entry.record_id == mary_id
    assert "Mary Smith grants: View and Pay, Manage Bookings and Intake Forms" in entry.summary
    assert "Ben Smith grants: nothing" in entry.summary


async def test_the_privacy_email_goes_to_the_grantor_only_on_new_access(db):
    mary_id, ben_id = await mary_and_ben(db)
    await relate(db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="child", gives=["view_pay"])
    [email] = await outbox(db)
    assert email.to_address == "mary@example.com"  # Mary granted; Ben granted nothing: no email to Ben
    assert "Ben Smith" in email.subject and "View and Pay" in email.body
    # The same grants saved again, or fewer: no new access, no email.
    await relate(
        db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="child", gives=["view_pay"], edit=True
    )
    await relate(db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="child", gives=[], edit=True)
    assert len(await outbox(db)) == 1
    # Ben now lets Mary see his reminders: Ben is told, and only of that.
    await relate(
        db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="child", receives=["reminders"], edit=True
    )
    sent = await outbox(db)
    assert [m.to_address for m in sent] == ["mary@example.com", BEN]
    assert "Receive a copy of email notifications and reminders" in sent[1].body
    assert "View and Pay" not in sent[1].body
    assert len(await audit_entries(db, "relationship.edited")) == 3


async def test_edit_changes_the_relation_and_grants_both_ways(db):
    mary_id, ben_id = await mary_and_ben(db)
    await relate(db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="child", gives=["view_pay"])
    said = await relate(
        db.uow(),
        actor=OWNER,
        person_id=ben_id,
        other_id=mary_id,
        relation="carer",
        gives=["calendar", "bill_to_me"],
        receives=[],
        edit=True,
    )
    assert said == "Saved: Mary Smith is Ben's carer."
    [from_mary] = await relationships_of(db.uow(), actor=OWNER, person_id=mary_id)
    assert from_mary.relation == "cared_for"
    assert (from_mary.gives, from_mary.receives) == (frozenset(), frozenset({"calendar", "bill_to_me"}))
    assert len(await rows(db)) == 2  # edited in place, not stored again


async def test_a_client_cannot_be_related_to_themselves_and_the_refusal_is_audited(db):
    mary_id, _ben = await mary_and_ben(db)
    with pytest.raises(ValidationFailed) as refused:
        await relate(db.uow(), actor=OWNER, person_id=mary_id, other_id=mary_id, relation="spouse")
    assert refused.value.errors == {"other": "A client cannot be related to themselves: choose someone else."}
    assert await rows(db) == []
    [entry] = await audit_entries(db, "relationship.refused")
    assert entry.record_id == mary_id and "themselves" in entry.summary


async def test_relating_the_same_clients_twice_is_refused_with_the_way_out(db):
    mary_id, ben_id = await mary_and_ben(db)
    await relate(db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="child", gives=["manage"])
    with pytest.raises(ValidationFailed) as refused:
        await relate(db.uow(), actor=OWNER, person_id=ben_id, other_id=mary_id, relation="parent")
    assert refused.value.errors["other"] == "Mary Smith is already related: edit it with the pencil."
    stored = await rows(db)
    assert len(stored) == 2 and stored[0].manage  # nothing lost
    assert len(await audit_entries(db, "relationship.refused")) == 1


async def test_an_unknown_relation_is_refused_at_its_field(db):
    mary_id, ben_id = await mary_and_ben(db)
    with pytest.raises(ValidationFailed) as refused:
        await relate(db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="landlord")
    assert set(refused.value.errors) == {"relation"}
    assert await rows(db) == []


async def test_a_test_client_cannot_be_related_to_a_real_client(db):
    mary_id = await add(db)
    tester = await create_test_client(
        db.uow(), actor=OWNER, first_name="Test", last_name="Client", email="tester@example.com", public_url=URL
    )
    with pytest.raises(NotAllowed, match="A test client cannot be related to a real client"):
        await relate(db.uow(), actor=OWNER, person_id=tester, other_id=mary_id, relation="sibling", gives=["manage"])
    assert await rows(db) == []
    assert [e.record_id for e in await audit_entries(db, "relationship.refused")] == [tester]
    assert not [m for m in await outbox(db) if "has new access to your information" in m.subject]


async def test_ending_keeps_both_rows_with_ended_at_and_a_new_relationship_can_follow(db):
    mary_id, ben_id = await mary_and_ben(db)
    await relate(db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="child", gives=["view_pay"])
    said = await end_relationship(db.uow(), actor=OWNER, person_id=ben_id, other_id=mary_id)
    assert said == "Removed: Mary Smith and Ben no longer share anything."
    assert await relationships_of(db.uow(), actor=OWNER, person_id=mary_id) == []
    ended = await rows(db)
    assert len(ended) == 2 and all(r.ended_at is not None and r.ended_by for r in ended)
    [entry] = await audit_entries(db, "relationship.removed")
    assert entry.record_id == ben_id and "all permissions both ways ended" in entry.summary
    with pytest.raises(NotFound, match="already ended"):
        await end_relationship(db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id)
    with pytest.raises(NotFound, match="ended meanwhile"):
        await relate(db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="child", edit=True)
    await relate(db.uow(), actor=OWNER, person_id=mary_id, other_id=ben_id, relation="child", gives=["view_pay"])
    assert len(await rows(db)) == 4  # the ended pair stays on record beside the new one
    assert len([m for m in await outbox(db) if m.to_address == "mary@example.com"]) == 2  # new access again


async def test_the_related_profiles_and_calendar_switches_are_saved_and_audited(db):
    settings = await read_online_settings(db.uow())
    assert (settings.allow_related_profiles, settings.calendar_details) == (False, False)
    await save_online_settings(
        db.uow(), actor=OWNER, settings=replace(settings, allow_related_profiles=True, calendar_details=True)
    )
    saved = await read_online_settings(db.uow())
    assert (saved.allow_related_profiles, saved.calendar_details) == (True, True)
    assert saved.allow_registration is False  # the other switches stay as they were
    [entry] = await audit_entries(db, "online_booking.settings")
    assert "related profiles allowed" in entry.summary
    assert "calendar feeds with service and practitioner" in entry.summary
