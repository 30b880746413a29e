"""Who can see my information (issue 20), and what a relative's grants do in the Client Portal: View and Pay alone
pays the relative's invoice but shows no appointments or history; Manage Bookings and Intake Forms opens their
profile (Switch Profile, appointments, history) but never their documents; Revoke takes back what the client granted
(staff or the client themselves); a relationship removed while the other side is on the relative's profile takes
effect on their next action."""

import pytest
from sqlalchemy import select

from domain.accounts.portal import portal_profiles, resume_portal, switch_profile
from domain.billing.online.portal_invoices import portal_invoice, portal_invoices
from domain.errors import NotFound
from domain.households.access import NO_LONGER_SHARED
from domain.households.relationships import end_relationship, relate
from domain.households.who_can_see import portal_revoke, portal_who_can_see, revoke, who_can_see
from domain.records.shared_files import portal_documents
from domain.scheduling.online.portal_bookings import portal_appointments
from domain.scheduling.online.portal_history import portal_history
from storage.billing import InvoiceRow
from storage.clients import PersonRow, ProfileRow
from storage.relationships import RelationshipRow
from tests.integration.helpers import OWNER, add, audit_entries, mary
from tests.integration.portal_helpers import portal_client


async def invoice_for(db, person_id: int) -> int:
    async with db.uow() as uow:
        profile = (await uow.session.execute(select(ProfileRow).where(ProfileRow.person_id == person_id))).scalar_one()
        row = InvoiceRow(profile_id=profile.id, number=900 + person_id, status="issued")
        uow.session.add(row)
        await uow.commit()
        return row.id


async def family(db) -> tuple[int, int, int]:
    """Mary (a portal login), her son Leo and her neighbour Nora (clients of their own)."""
    mary_id = await add(db)
    leo_id = await add(db, mary(first_name="Leo", email="leo@example.com", date_of_birth="2012-05-01"))
    nora_id = await add(db, mary(first_name="Nora", last_name="Quill", email="nora@example.com"))
    return mary_id, leo_id, nora_id


async def test_the_list_says_who_and_why_for_the_client_and_for_staff(db):
    mary_id, leo_id, nora_id = await family(db)
    await relate(db.uow(), actor=OWNER, person_id=leo_id, other_id=mary_id, relation="parent", gives=["view_pay"])
    found = await who_can_see(db.uow(), actor=OWNER, person_id=leo_id)
    [by_mary] = [a for a in found if a.person_id == mary_id]
    assert by_mary.can == ("View and Pay",) and by_mary.revocable
    assert by_mary.why == "Parent: a relationship, with the permissions Leo granted"
    assert nora_id not in {a.person_id for a in found}
    # Mary granted Leo nothing: Leo is not on Mary's list.
    assert leo_id not in {a.person_id for a in await who_can_see(db.uow(), actor=OWNER, person_id=mary_id)}


async def test_view_and_pay_alone_pays_the_invoice_but_shows_no_appointments(db):
    mary_id, leo_id, _ = await family(db)
    leos_invoice = await invoice_for(db, leo_id)
    await relate(db.uow(), actor=OWNER, person_id=leo_id, other_id=mary_id, relation="parent", gives=["view_pay"])
    who = await portal_client(db, mary_id)
    assert leos_invoice in {i.id for i in await portal_invoices(db.uow(), who=who)}
    assert (await portal_invoice(db.uow(), who=who, invoice_id=leos_invoice)).id == leos_invoice
    assert leo_id not in {p.person_id for p in await portal_profiles(db.uow(), who=who)}  # nothing to switch to
    with pytest.raises(NotFound):
        await switch_profile(db.uow(), who=who, person_id=leo_id)
    assert (await audit_entries(db, "portal.refused"))[-1].summary.startswith("view on person")


async def test_manage_opens_the_profile_and_history_but_never_documents_and_ends_on_the_next_action(db):
    mary_id, leo_id, _ = await family(db)
    await relate(db.uow(), actor=OWNER, person_id=leo_id, other_id=mary_id, relation="parent", gives=["manage"])
    who = await portal_client(db, mary_id)
    said = await switch_profile(db.uow(), who=who, person_id=leo_id)
    assert said == "You are now viewing Leo Smith's profile."
    as_leo = await resume_portal(db.uow(), token=who.token)
    assert as_leo is not None and as_leo.actions == {"view", "book", "cancel", "forms"}
    assert await portal_appointments(db.uow(), who=as_leo) == []
    assert (await portal_history(db.uow(), who=as_leo)).appointments == []
    with pytest.raises(NotFound):
        await portal_documents(db.uow(), who=as_leo)  # files shared with Leo stay in Leo's own login
    with pytest.raises(NotFound):
        await portal_who_can_see(db.uow(), who=as_leo)  # Leo's list is Leo's

    # Staff remove the relationship while Mary is on Leo's profile: her next action says so and she is back home.
    await end_relationship(db.uow(), actor=OWNER, person_id=leo_id, other_id=mary_id)
    with pytest.raises(NotFound) as ended:
        await portal_appointments(db.uow(), who=as_leo)
    assert ended.value.message == NO_LONGER_SHARED
    back = await resume_portal(db.uow(), token=who.token)
    assert back is not None and back.person_id == mary_id


async def test_revoke_takes_back_only_what_the_client_granted(db):
    mary_id, leo_id, nora_id = await family(db)
    await relate(
        db.uow(), actor=OWNER, person_id=mary_id, other_id=leo_id, relation="child", gives=["view_pay", "calendar"],
        receives=["manage"],
    )  # fmt: skip
    who = await portal_client(db, mary_id)
    [by_leo] = [a for a in await portal_who_can_see(db.uow(), who=who) if a.person_id == leo_id]
    assert by_leo.why == "Child: a relationship, with the permissions you granted"
    said = await portal_revoke(db.uow(), who=who, other_id=leo_id)
    assert said == "Revoked: Leo Smith can no longer see or do anything with your information."
    async with db.uow() as uow:
        rows = {r.grantor_id: r for r in (await uow.session.execute(select(RelationshipRow))).scalars()}
    assert not (rows[mary_id].view_pay or rows[mary_id].calendar) and rows[mary_id].ended_at is None
    assert rows[leo_id].manage  # what Leo granted Mary is Leo's
    assert leo_id not in {a.person_id for a in await portal_who_can_see(db.uow(), who=who)}
    [entry] = await audit_entries(db, "relationship.revoked")
    assert entry.summary == "Leo Smith no longer: View and Pay, See appointments in calendar subscriptions"
    # Nothing left to revoke, or someone unrelated, or a made-up id: not found, audited.
    refused = len(await audit_entries(db, "portal.refused"))
    with pytest.raises(NotFound):
        await portal_revoke(db.uow(), who=who, other_id=nora_id)
    with pytest.raises(NotFound):
        await portal_revoke(db.uow(), who=who, other_id=2**40)
    assert len(await audit_entries(db, "portal.refused")) == refused + 2
    with pytest.raises(NotFound):
        await revoke(db.uow(), actor=OWNER, person_id=mary_id, other_id=leo_id)


async def test_a_grant_to_a_family_record_names_the_login_that_holds_it(db):
    mary_id, leo_id, nora_id = await family(db)
    async with db.uow() as uow:
        (await uow.get(PersonRow, leo_id)).primary_person_id = mary_id  # Leo: a family record under Mary's login
        await uow.commit()
    await relate(db.uow(), actor=OWNER, person_id=nora_id, other_id=leo_id, relation="other", gives=["view_pay"])
    [by_leo] = [a for a in await who_can_see(db.uow(), actor=OWNER, person_id=nora_id) if a.person_id == leo_id]
    assert by_leo.name == "Leo Smith (through Mary Smith's Client Portal login)"
