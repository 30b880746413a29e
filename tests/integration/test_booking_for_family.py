"""Booking for a family member (issue 19, items 2 and 4; seed 001 "Bookings Sessions for Child/Sub Records" and
"Using the Invite to Book option"): "I'm booking for a family member" on the Bookings Page makes the request for the
family member; the seed's three scenarios add one or two family records; links made by name alone wait for staff
("Possible family: …"); the visitor is told the same in every case; Invite to Book for a sub-record goes to the
primary and its request is the sub-record's."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from domain.billing.online.sandbox import PAID, SandboxProvider, pay_sandbox_checkout
from domain.clinic.settings import update_clinic
from domain.errors import NotAllowed, ValidationFailed
from domain.households.family import add_family_record, get_family
from domain.scheduling.calendar import profile_appointments
from domain.scheduling.online.family_requests import resolve_family
from domain.scheduling.online.handling import confirm_request, list_requests, resolve_match
from domain.scheduling.online.invites import read_booking_invite, send_booking_invite
from domain.scheduling.online.prepaid import start_prepaid_request
from domain.scheduling.online.settings import read_online_settings, save_online_settings, set_service_prepay
from storage.billing import InvoiceRow
from storage.clients import PersonRow, ProfileRow
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow
from tests.integration.helpers import OWNER, URL, add, at, audit_entries, link_token, mary, outbox
from tests.integration.online_helpers import NOW, online_clinic, request, visit

TEN = at("2031-03-04", "10:00")
FOR_STEVEN = dict(for_family=True, family_first_name="Steven", family_last_name="Smith")
ANNA = dict(first_name="Anna", last_name="Jones", email="anna@example.com", phone="0412 999 000")


async def rows(db, model):
    async with db.uow() as uow:
        return list((await uow.session.execute(select(model).order_by(model.id))).scalars())


async def person(db, person_id: int) -> PersonRow:
    async with db.uow() as uow:
        return await uow.session.get(PersonRow, person_id)


async def profile_of(db, person_id: int) -> int:
    async with db.uow() as uow:
        return (await uow.session.execute(select(ProfileRow.id).where(ProfileRow.person_id == person_id))).scalar_one()


async def the_request(db) -> BookingRequestRow:
    [row] = await rows(db, BookingRequestRow)
    return row


async def appointment_profile(db) -> int:
    [appointment] = await rows(db, AppointmentRow)
    return appointment.profile_id


async def steven_primary(db, email: str = "steven@example.com", **changes) -> int:
    """Steven Smith with a record of his own: a primary record."""
    return await add(db, mary(first_name="Steven", last_name="Smith", email=email, tags=[], **changes))


# --- Scenario 1: neither exists ---------------------------------------------------------------------------------


async def test_neither_exists_both_are_added_the_family_member_a_sub_record_of_the_booker(db):
    c = await online_clinic(db)
    done = await request(db, c, TEN, **ANNA, for_family=True, family_first_name="Tom", family_last_name="Jones")
    assert done.state == "requested" and done.email == "anna@example.com"
    *_, anna, tom = await rows(db, PersonRow)
    assert (anna.first_name, anna.status, anna.primary_person_id) == ("Anna", "prospective", None)
    assert (tom.first_name, tom.status, tom.primary_person_id, tom.email) == (
        "Tom",
        "prospective",
        anna.id,
        "anna@example.com",
    )
    req = await the_request(db)
    assert (req.booker_person_id, req.for_person_id) == (anna.id, tom.id)
    assert (req.first_name, req.email, req.match_state, req.family_match_state) == ("Anna", "anna@example.com",
                                                                                    "none", "none")  # fmt: skip
    assert await appointment_profile(db) == await profile_of(db, tom.id)  # the appointment is the family member's
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert (pending.person_name, pending.booker_name, pending.for_family) == ("Tom Jones", "Anna Jones", True)
    assert not pending.needs_match and not pending.needs_family
    family = await get_family(db.uow(), actor=OWNER, person_id=tom.id)
    assert [m.name for m in family.members] == ["Anna Jones", "Tom Jones"] and family.primary.person_id == anna.id
    said = await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    assert "Anna was emailed" in said
    [email] = [m for m in await outbox(db) if m.to_address == "anna@example.com"]
    assert email.body.startswith("Hello Anna,") and "for Tom" in email.body


async def test_with_add_new_clients_automatically_both_are_active(db):
    c = await online_clinic(db)
    await update_clinic(db.uow(), actor=OWNER, name="Test Clinic", time_zone="Australia/Sydney", auto_add_clients=True)
    await request(db, c, TEN, **ANNA, for_family=True, family_first_name="Tom", family_last_name="Jones")
    *_, anna, tom = await rows(db, PersonRow)
    assert (anna.status, tom.status) == ("active", "active")


async def test_the_family_members_name_is_required_and_nothing_is_stored_when_it_is_missing(db):
    c = await online_clinic(db)
    with pytest.raises(ValidationFailed) as refused:
        await request(db, c, TEN, **ANNA, for_family=True, family_first_name=" ", family_last_name="")
    assert set(refused.value.errors) == {"family_first_name", "family_last_name"}
    assert refused.value.errors["family_last_name"] == "The family member's last name is required."
    with pytest.raises(ValidationFailed) as both:  # the booker's own mistakes are told at the same time
        await request(db, c, TEN, **(ANNA | {"email": "nope"}), for_family=True, family_first_name="Tom")
    assert set(both.value.errors) == {"email", "family_last_name"}
    assert await rows(db, BookingRequestRow) == [] and len(await rows(db, PersonRow)) == 1  # Mary alone
    # Unticked, the family member's fields are ignored: a request for the visitor, as ever.
    await request(db, c, TEN, **ANNA, for_family=False, family_first_name="Tom")
    req = await the_request(db)
    assert req.booker_person_id == req.for_person_id


# --- Scenario 2: only the booker exists -------------------------------------------------------------------------


async def test_only_the_booker_exists_staff_link_and_only_the_sub_record_is_added(db):
    c = await online_clinic(db)  # Mary Smith, mary@example.com, is a client
    done = await request(db, c, TEN, first_name="Mary", last_name="Smith", email="mary@example.com", **FOR_STEVEN)
    assert done.state == "requested"
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.needs_match and [m.person_id for m in pending.matches] == [c.mary_person]
    assert pending.person_name == "Steven Smith" and not pending.needs_family
    made, steven = pending.booker_person_id, pending.person_id
    assert made != c.mary_person and (await person(db, steven)).primary_person_id == made  # not linked silently
    with pytest.raises(ValidationFailed):
        await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    said = await resolve_match(db.uow(), actor=OWNER, request_id=pending.id, person_id=c.mary_person, now=NOW)
    assert said == "Request linked to Mary Smith; Steven Smith is now a family record of Mary Smith."
    steven_row, made_row = await person(db, steven), await person(db, made)
    assert (steven_row.primary_person_id, steven_row.email) == (c.mary_person, "mary@example.com")
    assert (made_row.status, made_row.primary_person_id) == ("dismissed", None)  # the booker's new record
    req = await the_request(db)
    assert (req.booker_person_id, req.for_person_id) == (c.mary_person, steven)
    assert await appointment_profile(db) == await profile_of(db, steven)
    family = await get_family(db.uow(), actor=OWNER, person_id=c.mary_person)
    assert [m.name for m in family.members] == ["Mary Smith", "Steven Smith"]
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    assert len(await profile_appointments(db.uow(), actor=OWNER, profile_id=await profile_of(db, steven))) == 1


async def test_only_the_booker_exists_but_staff_keep_as_new(db):
    c = await online_clinic(db)
    await request(db, c, TEN, first_name="Mary", last_name="Smith", email="mary@example.com", **FOR_STEVEN)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    await resolve_match(db.uow(), actor=OWNER, request_id=pending.id, person_id=None, now=NOW)
    made, steven = await person(db, pending.booker_person_id), await person(db, pending.person_id)
    assert (made.status, steven.primary_person_id) == ("prospective", made.id)
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)


# --- Scenario 3: the family member's name matches an existing primary record ------------------------------------


async def test_a_family_member_named_like_a_primary_waits_for_staff_then_the_booker_joins_that_family(db):
    c = await online_clinic(db)
    steven = await steven_primary(db)
    done = await request(db, c, TEN, **ANNA, for_family=True, family_first_name="stéven", family_last_name="SMITH")
    assert done.state == "requested"  # the visitor is told the same as anyone
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.needs_family and not pending.needs_match
    [family] = pending.families
    assert family.person_id == steven
    assert family.label == "Steven Smith (primary record, client, same family member name, steven@example.com)"
    made_member = pending.person_id
    assert made_member != steven and await appointment_profile(db) == await profile_of(db, made_member)
    with pytest.raises(ValidationFailed) as refused:
        await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    assert "family" in refused.value.errors
    with pytest.raises(ValidationFailed):
        await resolve_family(db.uow(), actor=OWNER, request_id=pending.id, person_id=c.mary_person, now=NOW)
    said = await resolve_family(db.uow(), actor=OWNER, request_id=pending.id, person_id=steven, now=NOW)
    assert said.startswith("Request linked to Steven Smith's family; Anna Jones is now a family record of Steven")
    anna = await person(db, pending.booker_person_id)
    assert (anna.primary_person_id, anna.email, anna.status) == (steven, "steven@example.com", "prospective")
    assert (await person(db, made_member)).status == "dismissed"
    req = await the_request(db)
    assert (req.for_person_id, req.booker_person_id, req.family_match_state) == (steven, anna.id, "linked")
    assert await appointment_profile(db) == await profile_of(db, steven)
    assert [e.summary for e in await audit_entries(db, "booking.family")][0].startswith("linked to Steven Smith's")
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    members = (await get_family(db.uow(), actor=OWNER, person_id=steven)).members
    assert [(m.name, m.primary) for m in members] == [("Steven Smith", True), ("Anna Jones", False)]
    with pytest.raises(NotAllowed):  # answered once
        await resolve_family(db.uow(), actor=OWNER, request_id=pending.id, person_id=None, now=NOW)


async def test_keep_apart_leaves_the_new_family(db):
    c = await online_clinic(db)
    await steven_primary(db)
    await request(db, c, TEN, **ANNA, **FOR_STEVEN)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    said = await resolve_family(db.uow(), actor=OWNER, request_id=pending.id, person_id=None, now=NOW)
    assert said == "Request kept Steven Smith apart from existing families."
    member = await person(db, pending.person_id)
    assert member.primary_person_id == pending.booker_person_id and member.status == "prospective"
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)


async def test_a_name_matching_several_primaries_lists_them_all_and_staff_choose_one(db):
    c = await online_clinic(db)
    first = await steven_primary(db)
    second = await steven_primary(db, email="steven.smith@example.com", date_of_birth="2015-01-02")
    await add_family_record(  # a sub-record named alike is not a primary: not listed
        db.uow(), actor=OWNER, primary_id=c.mary_person, data=mary(first_name="Steven", email="", tags=[])
    )
    await request(db, c, TEN, **ANNA, **FOR_STEVEN)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert [f.person_id for f in pending.families] == [first, second]  # not `sub`
    await resolve_family(db.uow(), actor=OWNER, request_id=pending.id, person_id=second, now=NOW)
    assert (await person(db, pending.booker_person_id)).primary_person_id == second
    assert await appointment_profile(db) == await profile_of(db, second)


async def test_booker_and_family_member_both_match_staff_answer_both_in_either_order(db):
    c = await online_clinic(db)  # Mary exists (booker match) and Steven has a primary record (possible family)
    steven = await steven_primary(db)
    await request(db, c, TEN, first_name="Mary", last_name="Smith", email="mary@example.com", **FOR_STEVEN)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.needs_match and pending.needs_family
    await resolve_family(db.uow(), actor=OWNER, request_id=pending.id, person_id=steven, now=NOW)
    await resolve_match(db.uow(), actor=OWNER, request_id=pending.id, person_id=c.mary_person, now=NOW)
    mary_row, made = await person(db, c.mary_person), await person(db, pending.booker_person_id)
    assert (mary_row.primary_person_id, mary_row.email) == (steven, "steven@example.com")
    assert (made.status, made.primary_person_id) == ("dismissed", None)
    req = await the_request(db)
    assert (req.booker_person_id, req.for_person_id) == (c.mary_person, steven)
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)


async def test_a_booker_with_family_records_of_their_own_cannot_join_another_family(db):
    c = await online_clinic(db)
    await add_family_record(db.uow(), actor=OWNER, primary_id=c.mary_person, data=mary(first_name="Susan", tags=[]))
    steven = await steven_primary(db)
    await request(db, c, TEN, first_name="Mary", last_name="Smith", email="mary@example.com", **FOR_STEVEN)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    await resolve_match(db.uow(), actor=OWNER, request_id=pending.id, person_id=c.mary_person, now=NOW)
    with pytest.raises(NotAllowed, match="primary of other family records"):
        await resolve_family(db.uow(), actor=OWNER, request_id=pending.id, person_id=steven, now=NOW)
    assert (await the_request(db)).family_match_state == "open"  # nothing changed; Keep apart is the way out
    await resolve_family(db.uow(), actor=OWNER, request_id=pending.id, person_id=None, now=NOW)
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)


async def test_the_visitor_is_told_the_same_in_every_scenario(db):
    c = await online_clinic(db)
    await steven_primary(db)
    times = [at("2031-03-04", t) for t in ("10:00", "11:00", "12:00")]
    told = [
        await request(db, c, times[0], **ANNA, for_family=True, family_first_name="Tom", family_last_name="Jones"),
        await request(db, c, times[1], first_name="Mary", last_name="Smith", email="mary@example.com", **FOR_STEVEN),
        await request(db, c, times[2], **(ANNA | {"email": "anna2@example.com"}), **FOR_STEVEN),
    ]
    assert {(t.state, t.message) for t in told} == {(told[0].state, told[0].message)}


async def test_book_at_once_emails_the_booker_about_the_family_member(db):
    c = await online_clinic(db)
    settings = await read_online_settings(db.uow())
    await save_online_settings(db.uow(), actor=OWNER, settings=replace(settings, confirm_mode="instant"))
    await update_clinic(db.uow(), actor=OWNER, name="Test Clinic", time_zone="Australia/Sydney", auto_add_clients=True)
    done = await request(db, c, TEN, **ANNA, for_family=True, family_first_name="Tom", family_last_name="Jones")
    assert done.state == "booked"
    [email] = [m for m in await outbox(db) if m.to_address == "anna@example.com"]
    assert email.body.startswith("Hello Anna,") and "for Tom" in email.body


# --- Prepaid: the same request, held for its payment ------------------------------------------------------------


async def test_a_prepaid_booking_for_a_family_member_moves_its_payment_when_staff_link_the_family(db):
    c = await online_clinic(db)
    await set_service_prepay(db.uow(), actor=OWNER, service_id=c.service, prepay=True)
    steven = await steven_primary(db)
    sandbox = SandboxProvider(URL)
    url = await start_prepaid_request(
        db.uow(), visit=visit(c, TEN, **ANNA, **FOR_STEVEN), provider=sandbox, public_url=URL, ip="203.0.113.5", now=NOW
    )
    await pay_sandbox_checkout(db.uow(), provider=sandbox, ref=url.rsplit("/", 1)[-1], card_number=PAID, ip=None)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.paid and pending.needs_family
    await resolve_family(db.uow(), actor=OWNER, request_id=pending.id, person_id=steven, now=NOW)
    [invoice] = await rows(db, InvoiceRow)
    assert (invoice.profile_id, invoice.payee_person_id) == (await profile_of(db, steven), steven)
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)


# --- Invite to Book for a sub-record ----------------------------------------------------------------------------


async def test_invite_to_book_for_a_sub_record_goes_to_the_primary_and_books_for_the_sub_record(db):
    c = await online_clinic(db)
    steven = await add_family_record(
        db.uow(), actor=OWNER, primary_id=c.mary_person, data=mary(first_name="Steven", email="", tags=[])
    )
    said = await send_booking_invite(db.uow(), actor=OWNER, person_id=steven, public_url=URL)
    assert said == (
        "Invitation to book for Steven Smith sent to mary@example.com "
        "(Mary Smith's email: the family's primary record)."
    )
    [email] = [m for m in await outbox(db) if "invites you to book" in m.subject]
    assert (
        email.to_address == "mary@example.com" and email.subject == "Test Clinic invites you to book for Steven Smith"
    )
    assert email.body.startswith("Hello Mary,") and "Book for Steven Smith" in email.body
    token = link_token(email.body, "/book/invite/")
    invited = await read_booking_invite(db.uow(), token=token, ip=None)
    assert invited.first_name == "Steven"  # the page greets "Booking for Steven"
    await request(db, c, TEN, first_name="", last_name="", email="", phone="", date_of_birth=None, invite_token=token)
    req = await the_request(db)
    assert (req.for_person_id, req.booker_person_id, req.source) == (steven, c.mary_person, "invite")
    assert (req.first_name, req.email) == ("Mary", "mary@example.com")
    assert await appointment_profile(db) == await profile_of(db, steven)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert (pending.person_name, pending.booker_name) == ("Steven Smith", "Mary Smith")
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    [confirmed] = [m for m in await outbox(db) if "confirmed" in m.subject]
    assert confirmed.to_address == "mary@example.com" and "for Steven" in confirmed.body
