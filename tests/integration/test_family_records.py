"""Family records (seed 001), the staff side: Add a family record, Link to primary, Make primary, Unlink record, and
what is refused (with the way out, nothing lost, audited)."""

import pytest
from sqlalchemy import select

from domain.accounts.portal import resume_portal, switch_profile
from domain.clients.details import ClientInput
from domain.clients.invitations import accept_invitation, invite_client
from domain.clients.profile import get_client
from domain.clients.register import create_test_client, update_client
from domain.errors import InvalidLink, NotAllowed, ValidationFailed
from domain.households.family import add_family_record, get_family, link_to_primary, make_primary, unlink_record
from domain.households.family_lists import family_standings, primary_choices
from storage.clients import PersonRow
from storage.portal import PortalLoginRow
from tests.integration.helpers import OWNER, URL, add, audit_entries, link_token, mary, outbox
from tests.integration.portal_helpers import portal_client


def child(first: str, **overrides) -> ClientInput:
    values = dict(first_name=first, last_name="Smith", date_of_birth="2015-05-01", email="", phone="", tags=[])
    return mary(**(values | overrides))


async def smiths(db) -> tuple[int, int, int]:
    """Mary Smith with her family records Steven and Susan."""
    mary_id = await add(db)
    steven = await add_family_record(db.uow(), actor=OWNER, primary_id=mary_id, data=child("Steven"))
    susan = await add_family_record(db.uow(), actor=OWNER, primary_id=mary_id, data=child("Susan"))
    return mary_id, steven, susan


async def person(db, person_id: int) -> PersonRow:
    async with db.uow() as uow:
        return await uow.get(PersonRow, person_id)


async def logins(db) -> dict[str, int]:
    async with db.uow() as uow:
        return dict((await uow.session.execute(select(PortalLoginRow.email, PortalLoginRow.primary_person_id))).all())


async def details(db, person_id: int, **changes) -> ClientInput:
    c = await get_client(db.uow(), actor=OWNER, person_id=person_id)
    values = dict(
        first_name=c.first_name, last_name=c.last_name, date_of_birth=c.date_of_birth, email=c.email,
        phone=c.phone, time_zone=c.time_zone, tags=c.tags,
    )  # fmt: skip
    return ClientInput(**(values | changes))


async def refusals(db) -> list[str]:
    return [e.summary for e in await audit_entries(db, "family.refused")]


async def test_add_a_family_record_shares_the_primarys_email_without_a_duplicate_warning(db):
    mary_id, steven, susan = await smiths(db)
    family = await get_family(db.uow(), actor=OWNER, person_id=susan)
    assert [(m.name, m.primary) for m in family.members] == [
        ("Mary Smith", True),
        ("Steven Smith", False),
        ("Susan Smith", False),
    ]
    assert family.email == "mary@example.com"
    typed = await add_family_record(
        db.uow(), actor=OWNER, primary_id=mary_id, data=child("Sam", email="someone.else@example.com")
    )
    assert (await person(db, typed)).email == "mary@example.com"  # the form's email is the primary's, read-only
    assert (await person(db, steven)).primary_person_id == mary_id
    assert [e.summary for e in await audit_entries(db, "family.record_added")][0] == (
        "Steven Smith, family record of Mary Smith"
    )


async def test_a_family_record_is_checked_like_any_client_and_typing_mistakes_are_not_audited(db):
    mary_id = await add(db)
    with pytest.raises(ValidationFailed) as refused:
        await add_family_record(db.uow(), actor=OWNER, primary_id=mary_id, data=child(""))
    assert "first_name" in refused.value.errors
    assert (await get_family(db.uow(), actor=OWNER, person_id=mary_id)).linked is False
    assert await refusals(db) == []


async def test_only_a_primary_record_can_have_family_records(db):
    mary_id, steven, _susan = await smiths(db)
    with pytest.raises(NotAllowed, match="Steven Smith is a family record of Mary Smith: add it to Mary Smith"):
        await add_family_record(db.uow(), actor=OWNER, primary_id=steven, data=child("Sam"))
    liam = await add(db, mary(first_name="Liam", last_name="Jones", email="liam@example.com"))
    with pytest.raises(NotAllowed, match="only a primary record can have family records"):
        await link_to_primary(db.uow(), actor=OWNER, person_id=liam, primary_id=steven)
    with pytest.raises(NotAllowed, match="Mary Smith is the primary of other family records"):
        await link_to_primary(db.uow(), actor=OWNER, person_id=mary_id, primary_id=liam)
    assert (await person(db, liam)).primary_person_id is None
    assert (await person(db, liam)).email == "liam@example.com"
    assert len(await refusals(db)) == 3
    choices = await primary_choices(db.uow(), actor=OWNER, person_id=liam, text="smith")
    assert [c.name for c in choices] == ["Mary Smith"]  # her family records are no primaries to choose
    assert choices[0].sub_records == 2


async def test_link_to_primary_takes_the_primarys_email_and_ends_the_records_own_login(db):
    mary_id = await add(db)
    steven = await add(db, child("Steven", email="mary.secondary@example.com"))
    who = await portal_client(db, steven)
    before = (await family_standings(db.uow(), actor=OWNER, person_ids=[steven]))[steven]
    assert before.own_login and before.actions == ("add", "link")
    message = await link_to_primary(db.uow(), actor=OWNER, person_id=steven, primary_id=mary_id)
    assert message == "Steven Smith is now a family record of Mary Smith. Their own portal sign-in was ended."
    assert await resume_portal(db.uow(), token=who.token) is None  # signed out at once
    assert "mary.secondary@example.com" not in await logins(db)
    after = await family_standings(db.uow(), actor=OWNER, person_ids=[steven, mary_id])
    assert (after[steven].primary_name, after[steven].own_login, after[steven].actions) == (
        "Mary Smith",
        False,
        ("make", "unlink"),
    )
    assert (after[mary_id].sub_records, after[mary_id].actions) == (1, ("add",))
    assert (await person(db, steven)).email == "mary@example.com"
    [entry] = await audit_entries(db, "family.linked")
    assert "was mary.secondary@example.com; its portal login ended" in entry.summary


async def test_linking_withdraws_an_invitation_sent_to_the_records_own_email(db):
    mary_id = await add(db)
    steven = await add(db, child("Steven", email="steven@example.com"))
    await invite_client(db.uow(), actor=OWNER, person_id=steven, public_url=URL)
    token = link_token((await outbox(db))[-1].body, "/invite/")
    await link_to_primary(db.uow(), actor=OWNER, person_id=steven, primary_id=mary_id)
    with pytest.raises(InvalidLink, match="withdrawn"):
        await accept_invitation(db.uow(), token=token, password="a long enough password", ip=None)
    assert await logins(db) == {}


async def test_a_login_of_the_primarys_very_email_stays_and_becomes_the_familys(db):
    steven = await add(db, child("Steven", email="smiths@example.com"))
    await portal_client(db, steven)
    mary_id = await add(db, mary(email="smiths@example.com"), allow_duplicate=True)
    message = await link_to_primary(db.uow(), actor=OWNER, person_id=steven, primary_id=mary_id)
    assert "ended" not in message
    assert await logins(db) == {"smiths@example.com": mary_id}


async def test_a_test_client_and_a_real_client_cannot_be_one_family(db):
    mary_id = await add(db)
    tester = await create_test_client(
        db.uow(), actor=OWNER, first_name="Test", last_name="Client", email="tester@example.com", public_url=URL
    )
    with pytest.raises(NotAllowed, match="A test client and a real client cannot be in one family"):
        await link_to_primary(db.uow(), actor=OWNER, person_id=tester, primary_id=mary_id)
    with pytest.raises(NotAllowed, match="A test client and a real client"):
        await link_to_primary(db.uow(), actor=OWNER, person_id=mary_id, primary_id=tester)
    assert await primary_choices(db.uow(), actor=OWNER, person_id=tester) == []
    assert (await person(db, tester)).email == "tester@example.com"
    assert len(await refusals(db)) == 2


async def test_make_primary_moves_the_login_and_the_other_family_records(db):
    mary_id, steven, susan = await smiths(db)
    await portal_client(db, mary_id)
    message = await make_primary(db.uow(), actor=OWNER, person_id=steven)
    assert message == "Steven Smith is now the primary record; Mary Smith is a family record."
    family = await get_family(db.uow(), actor=OWNER, person_id=susan)
    assert [(m.name, m.primary) for m in family.members] == [
        ("Steven Smith", True),
        ("Mary Smith", False),
        ("Susan Smith", False),
    ]
    assert await logins(db) == {"mary@example.com": steven}
    assert [(await person(db, p)).primary_person_id for p in (mary_id, steven, susan)] == [steven, None, steven]
    with pytest.raises(NotAllowed, match="Steven Smith is already the primary record"):
        await make_primary(db.uow(), actor=OWNER, person_id=steven)
    assert await refusals(db) == ["Make primary: Steven Smith is already the primary record."]
    assert [e.summary for e in await audit_entries(db, "family.primary")] == [
        "Steven Smith is now the primary record (was Mary Smith)"
    ]


async def test_unlink_record_needs_an_email_of_its_own_first(db):
    mary_id, steven, _susan = await smiths(db)
    chloe = await add(db, mary(first_name="Chloe", last_name="Brown", email="chloe@example.com"))
    await portal_client(db, chloe)
    for email, says in (
        ("", "Email is required."),
        ("mary@example.com", "That is Mary Smith's email: give Steven their own."),
        ("CHLOE@example.com", "Another Client Portal login uses that email."),
    ):
        with pytest.raises(ValidationFailed) as refused:
            await unlink_record(db.uow(), actor=OWNER, person_id=steven, email=email)
        assert says in refused.value.errors["email"]
    steven_row = await person(db, steven)
    assert (steven_row.primary_person_id, steven_row.email) == (mary_id, "mary@example.com")  # nothing changed
    assert len(await refusals(db)) == 3
    message = await unlink_record(db.uow(), actor=OWNER, person_id=steven, email="steven@example.com")
    assert message.startswith("Steven Smith is no longer a family record of Mary Smith.")
    steven_row = await person(db, steven)
    assert (steven_row.primary_person_id, steven_row.email) == (None, "steven@example.com")
    assert [m.name for m in (await get_family(db.uow(), actor=OWNER, person_id=mary_id)).members] == [
        "Mary Smith",
        "Susan Smith",
    ]
    await invite_client(db.uow(), actor=OWNER, person_id=steven, public_url=URL)  # Invite to the Client Portal
    assert (await outbox(db))[-1].to_address == "steven@example.com"
    with pytest.raises(NotAllowed, match="Steven Smith is not a family record of anyone"):
        await unlink_record(db.uow(), actor=OWNER, person_id=steven, email="steven2@example.com")
    assert [e.summary for e in await audit_entries(db, "family.unlinked")] == [
        "Steven Smith left the family of Mary Smith; own email steven@example.com"
    ]


async def test_a_family_browser_showing_the_unlinked_record_goes_back_to_the_primary(db):
    mary_id, steven, _susan = await smiths(db)
    who = await portal_client(db, mary_id)
    await switch_profile(db.uow(), who=who, person_id=steven)
    assert (await resume_portal(db.uow(), token=who.token)).person_id == steven
    await unlink_record(db.uow(), actor=OWNER, person_id=steven, email="steven@example.com")
    assert (await resume_portal(db.uow(), token=who.token)).person_id == mary_id


async def test_editing_a_family_records_email_is_refused_with_the_way_out(db):
    _mary_id, steven, _susan = await smiths(db)
    with pytest.raises(ValidationFailed) as refused:
        await update_client(
            db.uow(), actor=OWNER, person_id=steven, data=await details(db, steven, email="steven@example.com")
        )
    assert "use Unlink record" in refused.value.errors["email"]
    assert (await person(db, steven)).email == "mary@example.com"


async def test_a_primarys_new_email_reaches_its_family_records(db):
    mary_id, steven, susan = await smiths(db)
    await update_client(
        db.uow(), actor=OWNER, person_id=mary_id, data=await details(db, mary_id, email="mary.new@example.com")
    )
    assert [(await person(db, p)).email for p in (steven, susan)] == ["mary.new@example.com"] * 2
    assert (await get_family(db.uow(), actor=OWNER, person_id=steven)).email == "mary.new@example.com"
