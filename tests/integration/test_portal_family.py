"""My Account > Family Members (seed 002), the services: a client adds a family member (a new client, related both
ways; an email on file only asks the clinic), changes what *they* share, removes a family member (both ways, kept),
and what is refused: the clinic's setting off, tampered ids, a relative's profile reached through a grant."""

import pytest
from sqlalchemy import select

from domain.accounts.portal import resume_portal, switch_profile
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.households.portal_family import (
    add_family_member,
    edit_my_grants,
    portal_family_members,
    remove_family_member,
)
from domain.households.relationship_rules import BILL_TO_ME, PERMISSIONS
from domain.scheduling.online.settings import settings_row
from storage.clients import PersonRow
from storage.relationships import RelationshipRow
from storage.tasks import TaskRow
from tests.integration.helpers import add, audit_entries, count, mary, outbox
from tests.integration.portal_helpers import portal_client

LEO = dict(relation="child", first_name="Leo", last_name="Smith", email="Leo.Smith@example.com")


async def allow(db, on: bool = True) -> None:
    async with db.uow() as uow:
        (await settings_row(uow)).allow_related_profiles = on
        await uow.commit()


async def rows(db) -> list[RelationshipRow]:
    async with db.uow() as uow:
        return list((await uow.session.execute(select(RelationshipRow).order_by(RelationshipRow.id))).scalars())


async def by_email(db, email: str) -> list[PersonRow]:
    async with db.uow() as uow:
        return list((await uow.session.execute(select(PersonRow).where(PersonRow.email == email))).scalars())


async def mary_in_portal(db):
    await allow(db)
    mary_id = await add(db)
    return mary_id, await portal_client(db, mary_id)


def flags(row: RelationshipRow) -> set[str]:
    return {k for k in (*PERMISSIONS, BILL_TO_ME) if getattr(row, k)}


async def test_mary_adds_her_son_who_becomes_a_client_she_can_book_for(db):
    mary_id, who = await mary_in_portal(db)
    said = await add_family_member(db.uow(), who=who, bill_to_me=True, **LEO)
    assert said.startswith("Added: Leo Smith, your child.")

    [leo] = await by_email(db, "leo.smith@example.com")
    assert (leo.status, leo.source, leo.time_zone) == ("active", "portal", "Australia/Sydney")
    given = {r.grantor_id: r for r in await rows(db)}
    assert given[leo.id].grantee_id == mary_id and given[leo.id].relation == "parent"
    assert flags(given[leo.id]) == set(PERMISSIONS)  # Leo lets Mary book for him, pay, and get copies
    assert given[mary_id].relation == "child" and flags(given[mary_id]) == {BILL_TO_ME}
    [email] = [m for m in await outbox(db) if m.to_address == "leo.smith@example.com"]
    assert "Mary Smith has new access to your information" in email.subject
    assert "Manage Bookings and Intake Forms" in email.body
    assert [e.summary for e in await audit_entries(db, "relationship.added")][0].startswith("Leo Smith (child)")

    [member] = await portal_family_members(db.uow(), who=who)
    assert (member.other_name, member.relation_label, member.gives) == ("Leo Smith", "Child", {BILL_TO_ME})
    assert not hasattr(member, "receives")  # what Leo lets Mary do is his to see, not shown here
    again = await resume_portal(db.uow(), token=who.token)
    assert again is not None and again.profile_count == 2  # Switch Profile offers Leo: she books for him


async def test_an_email_on_file_creates_nothing_and_asks_the_clinic(db):
    _mary_id, who = await mary_in_portal(db)
    await add(db, mary(first_name="Leo", email="leo.smith@example.com", date_of_birth="2010-01-01"))
    people = await count(db, PersonRow)
    said = await add_family_member(db.uow(), who=who, bill_to_me=False, **LEO)
    assert "will check and add Leo Smith" in said
    await add_family_member(db.uow(), who=who, bill_to_me=False, **LEO)  # asked twice: one task
    assert await count(db, PersonRow) == people
    assert await rows(db) == []
    async with db.uow() as uow:
        tasks = list((await uow.session.execute(select(TaskRow))).scalars())
    [task] = [t for t in tasks if "asked to add" in t.title]
    assert task.details == (
        "Mary Smith asked to add Leo Smith (leo.smith@example.com) as their child in the Client Portal: a client "
        "with this email exists. Relate them on the profile if it is right."
    )
    assert len(await audit_entries(db, "relationship.requested")) == 2


async def test_the_fields_are_required_and_my_own_email_is_refused(db):
    _mary_id, who = await mary_in_portal(db)
    with pytest.raises(ValidationFailed) as refused:
        await add_family_member(
            db.uow(), who=who, relation="boss", first_name=" ", last_name="", email="nope", bill_to_me=False
        )
    assert set(refused.value.errors) == {"relation", "first_name", "last_name", "email"}
    with pytest.raises(ValidationFailed) as refused:
        await add_family_member(db.uow(), who=who, **(LEO | {"email": "MARY@example.com"}), bill_to_me=False)
    assert "your own email" in refused.value.errors["email"]
    await add_family_member(db.uow(), who=who, bill_to_me=False, **LEO)
    with pytest.raises(ValidationFailed) as refused:
        await add_family_member(db.uow(), who=who, bill_to_me=False, **LEO)
    assert refused.value.errors["email"] == "Leo Smith is already one of your family members."


async def test_mary_changes_only_what_she_shares(db):
    mary_id, who = await mary_in_portal(db)
    await add_family_member(db.uow(), who=who, bill_to_me=False, **LEO)
    [leo] = await by_email(db, "leo.smith@example.com")
    said = await edit_my_grants(db.uow(), who=who, other_id=leo.id, gives=["view_pay", "calendar", "made_up"])
    assert said == "Saved: what you share with Leo Smith."
    given = {r.grantor_id: r for r in await rows(db)}
    assert flags(given[mary_id]) == {"view_pay", "calendar"}
    assert flags(given[leo.id]) == set(PERMISSIONS)  # Leo's grant to Mary is his: untouched
    [notice] = [m for m in await outbox(db) if m.to_address == "mary@example.com" and "has new access" in m.subject]
    assert "View and Pay" in notice.body and "calendar subscriptions" in notice.body
    await edit_my_grants(db.uow(), who=who, other_id=leo.id, gives=[])
    given = {r.grantor_id: r for r in await rows(db)}
    assert flags(given[mary_id]) == set() and flags(given[leo.id]) == set(PERMISSIONS)
    assert len(await audit_entries(db, "relationship.edited")) == 2


async def test_remove_ends_both_ways_and_keeps_the_rows(db):
    mary_id, who = await mary_in_portal(db)
    await add_family_member(db.uow(), who=who, bill_to_me=True, **LEO)
    [leo] = await by_email(db, "leo.smith@example.com")
    assert await remove_family_member(db.uow(), who=who, other_id=leo.id) == (
        "Removed: you and Leo Smith no longer share anything."
    )
    ended = await rows(db)
    assert len(ended) == 2 and all(r.ended_at is not None and "Client portal: Mary" in r.ended_by for r in ended)
    assert await portal_family_members(db.uow(), who=who) == []
    [entry] = await audit_entries(db, "relationship.removed")
    assert entry.record_id == mary_id
    with pytest.raises(NotFound):  # a second tab removing it again: not found (audited), nothing else
        await remove_family_member(db.uow(), who=who, other_id=leo.id)


async def test_tampered_ids_are_not_found_and_audited(db):
    _mary_id, who = await mary_in_portal(db)
    stranger = await add(db, mary(first_name="Ann", last_name="Other", email="ann@example.com"))
    for other_id in (stranger, 2**40, -1):
        with pytest.raises(NotFound):
            await edit_my_grants(db.uow(), who=who, other_id=other_id, gives=["view_pay"])
        with pytest.raises(NotFound):
            await remove_family_member(db.uow(), who=who, other_id=other_id)
    assert len(await audit_entries(db, "portal.refused")) == 6
    assert await rows(db) == []


async def test_with_the_setting_off_mary_is_told_to_contact_the_clinic(db):
    _mary_id, who = await mary_in_portal(db)
    await allow(db, on=False)
    with pytest.raises(NotAllowed) as refused:
        await add_family_member(db.uow(), who=who, bill_to_me=False, **LEO)
    assert refused.value.message.startswith("To add a family member, contact ")
    assert await by_email(db, "leo.smith@example.com") == [] and await rows(db) == []


async def test_a_relatives_profile_reached_through_a_grant_cannot_manage_relationships(db):
    mary_id, who = await mary_in_portal(db)
    await add_family_member(db.uow(), who=who, bill_to_me=False, **LEO)
    [leo] = await by_email(db, "leo.smith@example.com")
    await switch_profile(db.uow(), who=who, person_id=leo.id)  # Leo granted Mary Manage Bookings: she may view him
    as_leo = await resume_portal(db.uow(), token=who.token)
    assert as_leo is not None and as_leo.person_id == leo.id and "relate" not in as_leo.actions
    refused = len(await audit_entries(db, "portal.refused"))
    with pytest.raises(NotFound):
        await portal_family_members(db.uow(), who=as_leo)
    with pytest.raises(NotFound):
        await add_family_member(db.uow(), who=as_leo, **(LEO | {"email": "kim@example.com"}), bill_to_me=False)
    with pytest.raises(NotFound):  # Leo's grant to Mary is Leo's to change
        await edit_my_grants(db.uow(), who=as_leo, other_id=mary_id, gives=list(PERMISSIONS))
    with pytest.raises(NotFound):
        await remove_family_member(db.uow(), who=as_leo, other_id=mary_id)
    assert len(await audit_entries(db, "portal.refused")) == refused + 4
    assert len(await rows(db)) == 2 and all(r.ended_at is None for r in await rows(db))


async def test_a_day_s_additions_are_limited(db):
    """Each addition makes a client and emails an address: ten a day per record, then a clear refusal."""
    _mary_id, who = await mary_in_portal(db)
    for n in range(10):
        await add_family_member(db.uow(), who=who, bill_to_me=False, **(LEO | {"email": f"kid{n}@example.com"}))
    people = await count(db, PersonRow)
    with pytest.raises(NotAllowed) as refused:
        await add_family_member(db.uow(), who=who, bill_to_me=False, **(LEO | {"email": "kid10@example.com"}))
    assert refused.value.message.startswith("You have added 10 family members today: try again tomorrow.")
    assert await count(db, PersonRow) == people
