"""Add Client: validation, likely duplicates, tags, archive and restore."""

import pytest

from domain.clients.persons import search_people
from domain.clients.profile import get_client
from domain.clients.register import LikelyDuplicate, set_archived, update_client
from domain.errors import NotAllowed, ValidationFailed
from storage.clients import PersonRow, ProfileRow
from tests.integration.helpers import OWNER, add, audit_entries, count, mary, outbox


async def test_profile_only_client_is_added_with_tags_and_no_email(db):
    person_id = await add(db)
    client = await get_client(db.uow(), actor=OWNER, person_id=person_id)
    assert (client.name, client.status, client.tags, client.portal.state) == (
        "Mary Smith",
        "active",
        ["Family"],
        "not_sent",
    )
    assert await outbox(db) == []
    [entry] = await audit_entries(db, "client.added")
    assert entry.record_id == person_id and "profile only" in entry.summary
    assert await count(db, ProfileRow) == 1


@pytest.mark.parametrize(
    "overrides, field, words",
    [
        ({"first_name": " "}, "first_name", "First name is required."),
        ({"last_name": ""}, "last_name", "Last name is required."),
        ({"email": "mary@"}, "email", "not valid"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth", "cannot be in the future"),
        ({"date_of_birth": "1899-12-31"}, "date_of_birth", "cannot be before 1900"),
        ({"date_of_birth": "12/03"}, "date_of_birth", "not a whole date"),
        ({"date_of_birth": "1990-02-29"}, "date_of_birth", "There is no 29 February in 1990"),
        ({"date_of_birth": "1985-04-31"}, "date_of_birth", "There is no 31 April"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Unknown time zone"),
        ({"phone": "call me maybe"}, "phone", "not a phone number we can call"),
        ({"phone": "(((("}, "phone", "give it as 0412 345 678 or +61 412 345 678"),
    ],
)
async def test_each_bad_field_is_refused_and_nothing_is_saved(db, overrides, field, words):
    with pytest.raises(ValidationFailed) as refused:
        await add(db, mary(**overrides))
    assert words in refused.value.errors[field]
    assert await count(db, PersonRow) == 0 and await count(db, ProfileRow) == 0


async def test_inviting_needs_an_email(db):
    with pytest.raises(ValidationFailed) as refused:
        await add(db, mary(email=""), invite=True)
    assert refused.value.errors == {"email": "An email address is needed to invite the client to the Client Portal."}


@pytest.mark.parametrize(
    "overrides, reason",
    [
        ({"first_name": "Maria", "date_of_birth": None}, "same email"),
        ({"email": "other@example.com", "first_name": "MARY"}, "same name and date of birth"),
    ],
)
async def test_likely_duplicates_are_flagged_before_saving(db, overrides, reason):
    first = await add(db)
    with pytest.raises(LikelyDuplicate) as flagged:
        await add(db, mary(**overrides))
    assert [(m.id, m.reason) for m in flagged.value.matches] == [(first, reason)]
    assert await count(db, PersonRow) == 1
    await add(db, mary(**overrides), allow_duplicate=True)  # "Add anyway"
    assert await count(db, PersonRow) == 2


async def test_archived_clients_leave_the_list_and_come_back(db):
    person_id = await add(db)
    await set_archived(db.uow(), actor=OWNER, person_id=person_id, archived=True)
    assert (await search_people(db.uow(), actor=OWNER)).total == 0
    assert (await search_people(db.uow(), actor=OWNER, status="archived")).total == 1
    with pytest.raises(NotAllowed):
        await set_archived(db.uow(), actor=OWNER, person_id=person_id, archived=True)
    await set_archived(db.uow(), actor=OWNER, person_id=person_id, archived=False)
    assert (await search_people(db.uow(), actor=OWNER, status="active")).total == 1
    assert [e.action for e in await audit_entries(db) if e.action.startswith("client.")] == [
        "client.added",
        "client.archived",
        "client.restored",
    ]


async def test_editing_details_updates_search_and_tags(db):
    person_id = await add(db)
    await update_client(
        db.uow(), actor=OWNER, person_id=person_id, data=mary(last_name="Ødegård", tags=["NDIS", "Family"])
    )
    found = await search_people(db.uow(), actor=OWNER, text="odegard", tag="ndis")
    assert [(p.name, p.tags) for p in found.people] == [("Mary Ødegård", ("Family", "NDIS"))]


async def test_filters_by_tag_and_status(db):
    await add(db)
    await add(db, mary(first_name="John", email="john@example.com", date_of_birth=None, tags=[]))
    assert (await search_people(db.uow(), actor=OWNER, tag="family")).total == 1
    assert (await search_people(db.uow(), actor=OWNER, status="prospective")).total == 0
    assert (await search_people(db.uow(), actor=OWNER, status="test")).total == 0
