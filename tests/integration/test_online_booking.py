"""The Bookings Page's requests (issue 16): a request holds its time as an appointment row 'requested', staff
Confirm or Decline it (emails), possible matches are never linked silently, requests expire, Invite to Book."""

import asyncio
from dataclasses import replace

import pytest
from sqlalchemy import select

from domain.billing.invoices import create_invoice
from domain.billing.pack_uses import PackUnavailable
from domain.billing.packs import use_pack
from domain.clients.prospects import dismiss_prospect
from domain.errors import InvalidLink, NotAllowed, ValidationFailed
from domain.scheduling.booking import book_appointment, set_appointment_status
from domain.scheduling.calendar import profile_appointments
from domain.scheduling.clashes import Clash
from domain.scheduling.online.expiry import expire_due_requests
from domain.scheduling.online.handling import (
    confirm_request,
    decline_request,
    list_requests,
    pending_request_count,
    resolve_match,
)
from domain.scheduling.online.invites import read_booking_invite, send_booking_invite, withdraw_booking_invite
from domain.scheduling.online.requests import PER_IP_PER_HOUR, TimeTaken, TooManyRequests, request_booking
from domain.scheduling.online.settings import read_online_settings, save_online_settings
from domain.scheduling.online.slots import day_times
from domain.scheduling.service_change import change_appointment_service
from storage.clients import PersonRow
from storage.engine import Database
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow, ReminderRow
from tests.integration.helpers import OWNER, URL, at, audit_entries, booking, link_token, outbox, ten_session_pack
from tests.integration.online_helpers import NOW, minutes, online_clinic, request, visit
from tests.support import spaces


async def rows(db, model):
    async with db.uow() as uow:
        return list((await uow.session.execute(select(model).order_by(model.id))).scalars())


async def free_starts(db, c, day="2031-03-04", practitioner=None):
    times = await day_times(
        db.uow(), service_id=c.service, practitioner_id=practitioner, day=at(day, "00:00").date(), now=NOW
    )
    return [t.start for t in times]


async def test_a_visitors_request_holds_its_time_and_waits_for_staff(db):
    c = await online_clinic(db)
    ten = at("2031-03-04", "10:00")
    assert ten in await free_starts(db, c, practitioner=c.priya)
    done = await request(db, c, ten)
    assert done.state == "requested" and "confirm it by email" in done.message
    [appointment] = [a for a in await rows(db, AppointmentRow) if a.status == "requested"]
    assert appointment.starts_at == ten and appointment.practitioner_id == c.priya
    assert ten not in await free_starts(db, c, practitioner=c.priya)
    vera = (await rows(db, PersonRow))[-1]
    assert (vera.first_name, vera.status, vera.source) == ("Vera", "prospective", "booking_request")
    # Staff cannot book over it: the database's no-overlap rule counts requests.
    with pytest.raises(Clash):
        await book_appointment(db.uow(), actor=OWNER, booking=booking(c, ten), now=NOW)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.person_name == "Vera Visitor" and pending.person_status == "prospective"
    assert await pending_request_count(db.uow(), actor=OWNER) == 1
    # Not an appointment yet: not in the client's history, no status changes, no reminders, no outbox mail.
    assert await profile_appointments(db.uow(), actor=OWNER, profile_id=appointment.profile_id) == []
    with pytest.raises(NotAllowed, match="Confirm or Decline"):
        await set_appointment_status(db.uow(), actor=OWNER, appointment_id=appointment.id, status="arrived")
    assert [m for m in await outbox(db) if m.to_address == "vera@example.com"] == []


async def test_confirm_books_it_and_emails_the_visitor(db):
    c = await online_clinic(db)
    await request(db, c, at("2031-03-04", "10:00"))
    [pending] = await list_requests(db.uow(), actor=OWNER)
    said = await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    assert said.startswith("Confirmed: Initial consultation with Dr. Priya Patel") and "Vera was emailed" in said
    [appointment] = await rows(db, AppointmentRow)
    assert appointment.status == "booked"
    [mail] = [m for m in await outbox(db) if m.to_address == "vera@example.com"]
    assert "confirmed" in mail.subject
    assert "Tue, 4 Mar 2031, 10:00 – 11:00 am" in spaces(mail.body)
    assert len(await profile_appointments(db.uow(), actor=OWNER, profile_id=appointment.profile_id)) == 1
    with pytest.raises(NotAllowed, match="already confirmed"):
        await decline_request(db.uow(), actor=OWNER, request_id=pending.id, reason="x", now=NOW)


async def test_decline_needs_a_reason_frees_the_time_and_emails_it(db):
    c = await online_clinic(db)
    ten = at("2031-03-04", "10:00")
    await request(db, c, ten)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    with pytest.raises(ValidationFailed) as refused:
        await decline_request(db.uow(), actor=OWNER, request_id=pending.id, reason="  ", now=NOW)
    assert "reason" in refused.value.errors
    await decline_request(db.uow(), actor=OWNER, request_id=pending.id, reason="Fully booked that day", now=NOW)
    [mail] = [m for m in await outbox(db) if m.to_address == "vera@example.com"]
    assert "Fully booked that day" in mail.body
    assert ten in await free_starts(db, c, practitioner=c.priya)
    [appointment] = await rows(db, AppointmentRow)
    assert appointment.status == "cancelled" and appointment.cancel_reason == "Request declined: Fully booked that day"
    assert await list_requests(db.uow(), actor=OWNER) == []
    [declined] = await list_requests(db.uow(), actor=OWNER, state="declined")
    assert declined.decline_reason == "Fully booked that day"
    with pytest.raises(NotAllowed, match="cannot be restored"):
        await set_appointment_status(db.uow(), actor=OWNER, appointment_id=appointment.id, status="booked")


async def test_two_visitors_racing_for_one_time_make_one_request(db, db_url):
    c = await online_clinic(db)
    ten = at("2031-03-04", "10:00")
    other = Database(db_url)

    async def one(n):
        database = other if n % 2 else db
        try:
            return await request_booking(
                database.uow(), visit=visit(c, ten, email=f"v{n}@example.com"), ip=f"198.51.100.{n}", now=NOW
            )
        except TimeTaken as exc:
            return exc

    try:
        results = await asyncio.gather(*(one(n) for n in range(8)))
    finally:
        await other.dispose()
    taken = [r for r in results if isinstance(r, TimeTaken)]
    assert len(taken) == 7 and len([r for r in results if not isinstance(r, TimeTaken)]) == 1
    assert all("was just taken" in t.message for t in taken)
    assert all(t.nearest and ten not in [n.start for n in t.nearest] for t in taken)
    assert len([a for a in await rows(db, AppointmentRow) if a.status == "requested"]) == 1
    assert len([p for p in await rows(db, PersonRow) if p.source == "booking_request"]) == 1  # nothing half-written


async def test_any_practitioner_books_the_first_free_in_alphabetical_order(db):
    c = await online_clinic(db)
    ten = at("2031-03-04", "10:00")
    done = await request(db, c, ten, practitioner_id=None)
    assert done.practitioner_name == "Dr. Priya Patel"
    done = await request(db, c, ten, practitioner_id=None, email="other@example.com", ip="198.51.100.9")
    assert done.practitioner_name == "Sam O'Connor"
    assert ten not in await free_starts(db, c)


async def test_bad_and_tampered_requests_are_refused_at_their_fields_and_leave_nothing(db):
    c = await online_clinic(db)
    ten = at("2031-03-04", "10:00")
    cases = [
        (dict(first_name="", email="not an email"), {"first_name", "email"}),
        (dict(phone="(((("), {"phone"}),
        (dict(date_of_birth="31/02/1990"), {"date_of_birth"}),
        (dict(service_id=999), {"service"}),
        (dict(practitioner_id=OWNER.user_id or 1), {"practitioner"}),
        (dict(start=at("2031-03-03", "09:00")), {"start"}),  # an hour away: closer than the notice
        (dict(start=at("2031-06-03", "10:00")), {"start"}),  # beyond 60 days
    ]
    for changes, fields in cases:
        with pytest.raises(ValidationFailed) as refused:
            await request(db, c, changes.pop("start", ten), **changes)
        assert fields <= set(refused.value.errors), (changes, refused.value.errors)
    for start in (at("2031-03-04", "10:07"), at("2031-03-04", "20:00")):  # off the grid; outside working hours
        with pytest.raises(ValidationFailed) as refused:
            await request(db, c, start)
        assert refused.value.errors == {"start": "That time is not offered online. Choose one of the times shown."}
    refusals = await audit_entries(db, "booking.refused")  # tampering is logged; typing mistakes are not
    assert len(refusals) == 6 and all(r.ip == "203.0.113.5" for r in refusals)
    assert await rows(db, BookingRequestRow) == [] and len(await rows(db, PersonRow)) == 1


async def test_a_honeypot_request_books_nothing_and_is_audited(db):
    c = await online_clinic(db)
    done = await request(db, c, at("2031-03-04", "10:00"), website="http://spam.example")
    assert done.state == "requested"
    assert await rows(db, BookingRequestRow) == []


async def test_requests_are_rate_limited_per_ip_and_per_email(db):
    c = await online_clinic(db)
    for n in range(3):
        await request(db, c, at("2031-03-04", f"1{n}:00"), ip=f"198.51.100.{n}")
    with pytest.raises(TooManyRequests, match="reached today's limit"):
        await request(db, c, at("2031-03-04", "14:00"), ip="198.51.100.50")
    for n in range(PER_IP_PER_HOUR):  # one connection, many people
        who = c.priya if n % 2 else c.sam
        await request(db, c, at("2031-03-05", f"{10 + n // 2}:00"), practitioner_id=who, email=f"x{n}@example.com")
    with pytest.raises(TooManyRequests, match="this connection"):
        await request(db, c, at("2031-03-06", "10:00"), email="y@example.com")


async def test_an_existing_clients_email_is_a_possible_match_never_a_silent_link(db):
    c = await online_clinic(db)
    done = await request(
        db, c, at("2031-03-04", "10:00"), first_name="Mary", last_name="Smith", email="mary@example.com"
    )
    assert done.state == "requested"  # the visitor is told the same as anyone
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.needs_match and pending.person_id != c.mary_person
    assert [m.person_id for m in pending.matches] == [c.mary_person]
    assert pending.matches[0].why == "same email and name"
    with pytest.raises(ValidationFailed) as refused:
        await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    assert "match" in refused.value.errors
    await resolve_match(db.uow(), actor=OWNER, request_id=pending.id, person_id=c.mary_person, now=NOW)
    [linked] = await list_requests(db.uow(), actor=OWNER)
    assert linked.person_id == c.mary_person and not linked.needs_match
    made = (await rows(db, PersonRow))[-1]
    assert made.status == "dismissed"  # the record made for the request is kept, out of the lists
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    assert len(await profile_appointments(db.uow(), actor=OWNER, profile_id=c.mary_profile)) == 1


async def test_keep_as_new_leaves_the_prospect(db):
    c = await online_clinic(db)
    await request(db, c, at("2031-03-04", "10:00"), first_name="Máry", last_name="SMITH", email="other@example.com")
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.matches[0].why == "same name"
    await resolve_match(db.uow(), actor=OWNER, request_id=pending.id, person_id=None, now=NOW)
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    assert (await rows(db, PersonRow))[-1].status == "prospective"


async def test_an_unconfirmed_request_expires_at_its_start_and_frees_the_time(db):
    c = await online_clinic(db)
    ten = at("2031-03-04", "10:00")
    await request(db, c, ten)
    assert await expire_due_requests(db.uow(), now=ten - minutes(1)) == 0
    assert await expire_due_requests(db.uow(), now=ten) == 1  # at its start
    [appointment] = await rows(db, AppointmentRow)
    assert appointment.status == "cancelled" and "expired" in appointment.cancel_reason
    [expired] = await list_requests(db.uow(), actor=OWNER, state="expired")
    with pytest.raises(NotAllowed, match="already expired"):
        await confirm_request(db.uow(), actor=OWNER, request_id=expired.id, now=ten)
    assert ten in await free_starts(db, c, practitioner=c.priya)  # offered again


async def test_a_request_is_held_only_as_long_as_setup_says(db):
    c = await online_clinic(db)
    settings = await read_online_settings(db.uow())
    await save_online_settings(db.uow(), actor=OWNER, settings=replace(settings, hold_hours=2))
    ten = at("2031-03-04", "10:00")
    await request(db, c, ten)  # made at NOW, Monday 08:00: held until 10:00 on Monday
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.expires_at == NOW + minutes(120)
    assert ten not in await free_starts(db, c, practitioner=c.priya)
    later = NOW + minutes(121)
    times = await day_times(db.uow(), service_id=c.service, practitioner_id=c.priya, day=ten.date(), now=later)
    assert ten in [t.start for t in times]  # a lapsed hold is free before the sweep has run
    with pytest.raises(NotAllowed, match="expired"):
        await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=later)
    assert await expire_due_requests(db.uow(), now=later) == 1
    assert await list_requests(db.uow(), actor=OWNER) == []


async def test_invite_to_book_links_the_request_to_the_client_without_a_contact_step(db):
    c = await online_clinic(db)
    said = await send_booking_invite(db.uow(), actor=OWNER, person_id=c.mary_person, public_url=URL)
    assert said == "Invitation to book sent to mary@example.com."
    [mail] = [m for m in await outbox(db) if "/book/invite/" in m.body]
    token = link_token(mail.body, "/book/invite/")
    invited = await read_booking_invite(db.uow(), token=token, ip=None)
    assert invited.first_name == "Mary"
    done = await request(db, c, at("2031-03-04", "10:00"), first_name="", last_name="", email="", invite_token=token)
    assert done.email == "mary@example.com"
    [pending] = await list_requests(db.uow(), actor=OWNER)
    assert pending.person_id == c.mary_person and pending.source == "invite" and not pending.needs_match
    with pytest.raises(InvalidLink, match="already used"):
        await read_booking_invite(db.uow(), token=token, ip=None)


async def test_a_withdrawn_invite_to_book_stops_working(db):
    c = await online_clinic(db)
    await send_booking_invite(db.uow(), actor=OWNER, person_id=c.mary_person, public_url=URL)
    token = link_token((await outbox(db))[-1].body, "/book/invite/")
    await withdraw_booking_invite(db.uow(), actor=OWNER, person_id=c.mary_person)
    with pytest.raises(InvalidLink, match="withdrawn"):
        await read_booking_invite(db.uow(), token=token, ip=None)
    with pytest.raises(InvalidLink):
        await request(db, c, at("2031-03-04", "10:00"), invite_token=token)
    assert await rows(db, BookingRequestRow) == []


async def test_a_request_is_not_invoiced_packed_or_reminded_until_confirmed(db):
    c = await online_clinic(db)
    await request(db, c, at("2031-03-04", "10:00"), first_name="Mary", last_name="Smith", email="mary2@example.com")
    [pending] = await list_requests(db.uow(), actor=OWNER)
    await resolve_match(db.uow(), actor=OWNER, request_id=pending.id, person_id=c.mary_person, now=NOW)
    template = await ten_session_pack(db, c)
    with pytest.raises(NotAllowed, match="confirm it before invoicing"):
        await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile, appointment_id=pending.appointment_id)
    with pytest.raises(PackUnavailable, match="until it is confirmed"):
        await use_pack(db.uow(), actor=OWNER, appointment_id=pending.appointment_id, template_id=template.id)
    assert await rows(db, ReminderRow) == []
    await confirm_request(db.uow(), actor=OWNER, request_id=pending.id, now=NOW)
    assert [r.appointment_id for r in await rows(db, ReminderRow)] == [pending.appointment_id]
    invoice = await create_invoice(
        db.uow(), actor=OWNER, profile_id=c.mary_profile, appointment_id=pending.appointment_id
    )
    assert invoice.items


async def test_when_the_clinic_books_at_once_a_known_client_is_booked_and_emailed(db):
    c = await online_clinic(db)
    settings = await read_online_settings(db.uow())
    await save_online_settings(db.uow(), actor=OWNER, settings=replace(settings, confirm_mode="instant"))
    await send_booking_invite(db.uow(), actor=OWNER, person_id=c.mary_person, public_url=URL)
    token = link_token((await outbox(db))[-1].body, "/book/invite/")
    done = await request(db, c, at("2031-03-04", "10:00"), invite_token=token)
    assert done.state == "booked" and done.message.startswith("Your appointment is booked.")
    [appointment] = await rows(db, AppointmentRow)
    assert appointment.status == "booked"
    assert "confirmed" in (await outbox(db))[-1].subject
    prospect = await request(db, c, at("2031-03-04", "11:00"))  # a new visitor: booked, but no automated email
    assert prospect.state == "booked" and (await outbox(db))[-1].to_address != "vera@example.com"


async def test_any_practitioner_racers_fill_every_diary_before_anyone_is_turned_away(db, db_url):
    c = await online_clinic(db)
    ten = at("2031-03-04", "10:00")
    other = Database(db_url)

    async def one(n):
        try:
            return await request_booking(
                (other if n % 2 else db).uow(),
                visit=visit(c, ten, practitioner_id=None, email=f"a{n}@example.com"),
                ip=f"198.51.100.{n}",
                now=NOW,
            )
        except TimeTaken as exc:
            return exc

    try:
        results = await asyncio.gather(*(one(n) for n in range(6)))
    finally:
        await other.dispose()
    made = [r for r in results if not isinstance(r, TimeTaken)]
    assert sorted(r.practitioner_name for r in made) == ["Dr. Priya Patel", "Sam O'Connor"]


async def test_at_once_booking_looks_the_same_whether_or_not_someone_matches(db):
    c = await online_clinic(db)
    settings = await read_online_settings(db.uow())
    await save_online_settings(db.uow(), actor=OWNER, settings=replace(settings, confirm_mode="instant"))
    stranger = await request(db, c, at("2031-03-04", "10:00"))
    known = await request(db, c, at("2031-03-04", "11:00"), first_name="Mary", last_name="Smith", ip="198.51.100.7")
    assert (
        (stranger.state, stranger.message)
        == (known.state, known.message)
        == ("booked", "Your appointment is booked. Test Clinic looks forward to seeing you.")
    )
    [linked] = [r for r in await list_requests(db.uow(), actor=OWNER, state="confirmed") if r.first_name == "Mary"]
    assert linked.match_state == "open"  # staff can still link the booked request to Mary
    await resolve_match(db.uow(), actor=OWNER, request_id=linked.id, person_id=c.mary_person, now=NOW)
    assert len(await profile_appointments(db.uow(), actor=OWNER, profile_id=c.mary_profile)) == 1


async def test_dismissing_a_prospect_withdraws_their_requests_and_frees_the_time(db):
    c = await online_clinic(db)
    ten = at("2031-03-04", "10:00")
    await request(db, c, ten)
    [pending] = await list_requests(db.uow(), actor=OWNER)
    await dismiss_prospect(db.uow(), actor=OWNER, person_id=pending.person_id)
    assert await list_requests(db.uow(), actor=OWNER) == []
    assert ten in await free_starts(db, c, practitioner=c.priya)
    assert [m for m in await outbox(db) if m.to_address == "vera@example.com"] == []  # withdrawn quietly


async def test_a_requests_service_cannot_be_changed_before_it_is_confirmed(db):
    c = await online_clinic(db)
    await request(db, c, at("2031-03-04", "10:00"))
    [appointment] = await rows(db, AppointmentRow)
    with pytest.raises(NotAllowed, match="Confirm or Decline"):
        await change_appointment_service(
            db.uow(), actor=OWNER, appointment_id=appointment.id, version=appointment.version, service_id=c.service
        )
