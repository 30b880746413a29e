"""Calendar subscriptions (seed 002): Mary's private iCal feed holds her upcoming appointments and those of
relatives who allow "See appointments in calendar subscriptions", parses back with `icalendar`, keeps its UIDs
across fetches and moves, hides the service and practitioner unless the clinic's setting adds them, and stops
listing a relative the moment the relationship ends. Regenerating the address kills the old one at once."""

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from domain.clients.details import ClientInput
from domain.clients.profile import get_client
from domain.clients.register import set_archived
from domain.clinic.settings import get_clinic, update_clinic
from domain.errors import NotAllowed
from domain.households.calendar_feed import (
    calendar_feed,
    calendar_subscription,
    calendar_url_token,
    regenerate_calendar,
)
from domain.households.family import add_family_record
from domain.households.members import add_member
from domain.households.relationships import end_relationship, relate
from domain.households.shared_profiles import create_shared_profile
from domain.scheduling.booking import book_appointment, move_appointment, set_appointment_status
from domain.scheduling.online.settings import read_online_settings, save_online_settings
from tests.integration.helpers import OWNER, add, at, audit_entries, booking, mary, ready_clinic
from tests.integration.portal_helpers import portal_client

NOW = datetime(2031, 3, 1, tzinfo=UTC)
HOST = "clinic.example"


async def _profile(db, person_id: int) -> int:
    return (await get_client(db.uow(), actor=OWNER, person_id=person_id)).profile_id


def child(first: str) -> ClientInput:
    return mary(first_name=first, email="", phone="", date_of_birth="2015-05-01", tags=[])


async def _setting_up(db):
    """Mary (a portal login) with one appointment; Leo grants her the calendar, Zoe only View and Pay; each has one
    appointment."""
    c = await ready_clinic(db)
    who = await portal_client(db, c.mary_person)
    leo = await add(db, mary(first_name="Leo", email="leo@example.com", date_of_birth="2010-05-05"))
    zoe = await add(db, mary(first_name="Zoe", email="zoe@example.com", date_of_birth="2012-05-05"))
    for person, gives in ((leo, {"calendar"}), (zoe, {"view_pay"})):
        await relate(db.uow(), actor=OWNER, person_id=person, other_id=c.mary_person, relation="parent", gives=gives)
    profiles = {p: await _profile(db, p) for p in (leo, zoe)}
    own = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    leos = await book_appointment(
        db.uow(), actor=OWNER, booking=booking(c, at("2031-03-04", "15:30"), profile_id=profiles[leo])
    )
    zoes = await book_appointment(
        db.uow(), actor=OWNER, booking=booking(c, at("2031-03-05", "09:00"), profile_id=profiles[zoe])
    )
    token = await calendar_url_token(db.uow(), who=who)
    return c, who, token, (leo, zoe), (own, leos, zoes)


async def _events(db, token: str) -> dict[str, object]:
    data = await calendar_feed(db.uow(), token=token, now=NOW, host=HOST)
    assert data is not None
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


async def test_feed_holds_own_and_granted_relatives_appointments_in_plain_words(db):
    _, _, token, _, (own, leos, _) = await _setting_up(db)
    data = await calendar_feed(db.uow(), token=token, now=NOW, host=HOST)
    calendar = Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    assert str(calendar["X-WR-CALNAME"]) == "Test Clinic appointments"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Australia/Sydney"]
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"appointment-{own.id}@{HOST}", f"appointment-{leos.id}@{HOST}"}  # not Zoe's: no grant
    mine, leo = events[f"appointment-{own.id}@{HOST}"], events[f"appointment-{leos.id}@{HOST}"]
    assert str(mine["SUMMARY"]) == "Appointment at Test Clinic"
    assert str(leo["SUMMARY"]) == "Appointment at Test Clinic for Leo"
    # the same instants as booked, with the clinic's zone named (calendar apps show them in their own zone)
    assert mine.decoded("DTSTART") == at("2031-03-03", "10:00")
    assert mine.decoded("DTEND") == at("2031-03-03", "11:00")
    assert leo.decoded("DTSTART") == datetime(2031, 3, 4, 4, 30, tzinfo=UTC)
    assert mine["DTSTART"].params["TZID"] == "Australia/Sydney"
    assert "DESCRIPTION" not in mine  # the service and practitioner stay at the clinic by default
    assert b"Initial consultation" not in data and b"Priya" not in data


async def test_the_setting_adds_the_service_and_practitioner(db):
    _, _, token, _, (own, _, _) = await _setting_up(db)
    settings = await read_online_settings(db.uow())
    await save_online_settings(db.uow(), actor=OWNER, settings=replace(settings, calendar_details=True))
    event = (await _events(db, token))[f"appointment-{own.id}@{HOST}"]
    assert str(event["DESCRIPTION"]) == "Initial consultation with Dr. Priya Patel"


async def test_a_relative_leaves_the_feed_when_the_relationship_ends_or_the_grant_is_taken_back(db):
    c, _, token, (leo, _), (_, leos, _) = await _setting_up(db)
    leos_uid = f"appointment-{leos.id}@{HOST}"
    assert leos_uid in await _events(db, token)
    await relate(db.uow(), actor=OWNER, person_id=leo, other_id=c.mary_person, relation="parent", gives=set(),
                 edit=True)  # fmt: skip
    assert leos_uid not in await _events(db, token)
    await relate(db.uow(), actor=OWNER, person_id=leo, other_id=c.mary_person, relation="parent",
                 gives={"calendar"}, edit=True)  # fmt: skip
    assert leos_uid in await _events(db, token)
    await end_relationship(db.uow(), actor=OWNER, person_id=leo, other_id=c.mary_person)
    assert leos_uid not in await _events(db, token)


async def test_uids_stay_when_fetched_again_and_when_moved_so_apps_update_not_duplicate(db):
    _, _, token, _, (own, _, _) = await _setting_up(db)
    uid = f"appointment-{own.id}@{HOST}"
    first, again = await _events(db, token), await _events(db, token)
    assert set(first) == set(again)
    before = first[uid]
    await move_appointment(db.uow(), actor=OWNER, appointment_id=own.id, version=own.version,
                                   start=at("2031-03-06", "14:00"), end=at("2031-03-06", "15:00"))  # fmt: skip
    after = (await _events(db, token))[uid]
    assert after.decoded("DTSTART") == at("2031-03-06", "14:00")
    assert after.decoded("SEQUENCE") > before.decoded("SEQUENCE")


async def test_cancelled_and_past_appointments_are_left_out(db):
    _, _, token, _, (own, leos, _) = await _setting_up(db)
    await set_appointment_status(db.uow(), actor=OWNER, appointment_id=own.id, status="cancelled", reason="Unwell")
    events = await _events(db, token)
    assert f"appointment-{own.id}@{HOST}" not in events
    later = await calendar_feed(db.uow(), token=token, now=at("2031-03-04", "17:00"), host=HOST)
    assert later is not None and f"appointment-{leos.id}@".encode() not in later


async def test_regenerate_stops_the_old_address_at_once(db):
    _, who, token, _, _ = await _setting_up(db)
    with pytest.raises(NotAllowed):  # shown once: a second address is made only by Regenerate
        await calendar_url_token(db.uow(), who=who)
    new = await regenerate_calendar(db.uow(), who=who, ip="203.0.113.9")
    assert new != token
    assert await calendar_feed(db.uow(), token=token, now=NOW) is None  # the route answers 404
    assert await calendar_feed(db.uow(), token=new, now=NOW) is not None
    assert [e.action for e in await audit_entries(db) if e.action.startswith("calendar.")] == [
        "calendar.created",
        "calendar.regenerated",
    ]


async def test_unknown_tokens_and_an_archived_owner_get_nothing(db):
    c, _, token, _, _ = await _setting_up(db)
    for bad in ("", "nope", "x" * 500):
        assert await calendar_feed(db.uow(), token=bad, now=NOW) is None
    await set_archived(db.uow(), actor=OWNER, person_id=c.mary_person, archived=True)
    assert await calendar_feed(db.uow(), token=token, now=NOW) is None


async def test_the_page_lists_whose_appointments_the_feed_holds(db):
    _, who, _, _, _ = await _setting_up(db)
    sub = await calendar_subscription(db.uow(), who=who)
    assert sub.has_address and not sub.details
    assert [(p.name, p.why) for p in sub.people] == [("Mary Smith", "You"), ("Leo Smith", "Relative who allows it")]


async def test_a_family_record_s_and_joint_appointments_are_in_the_feed_too(db):
    c, _, token, (leo, _), _ = await _setting_up(db)
    steven = await add_family_record(db.uow(), actor=OWNER, primary_id=c.mary_person, data=child("Steven"))
    stevens = await book_appointment(
        db.uow(), actor=OWNER, booking=booking(c, at("2031-03-07", "10:00"), profile_id=await _profile(db, steven))
    )
    joint = await create_shared_profile(db.uow(), actor=OWNER, name="Mary & Leo Smith")
    for person in (c.mary_person, leo):
        await add_member(db.uow(), actor=OWNER, profile_id=joint, person_id=person)
    together = await book_appointment(
        db.uow(), actor=OWNER, booking=booking(c, at("2031-03-08", "10:00"), profile_id=joint)
    )
    events = await _events(db, token)
    assert str(events[f"appointment-{stevens.id}@{HOST}"]["SUMMARY"]) == "Appointment at Test Clinic for Steven"
    assert str(events[f"appointment-{together.id}@{HOST}"]["SUMMARY"]) == "Appointment at Test Clinic"


async def test_events_say_where_once_the_clinic_gives_its_address(db):
    _, _, token, _, (own, _, _) = await _setting_up(db)
    assert "LOCATION" not in (await _events(db, token))[f"appointment-{own.id}@{HOST}"]  # none given yet
    clinic = await get_clinic(db.uow())
    await update_clinic(
        db.uow(), actor=OWNER, name=clinic.name, time_zone=clinic.time_zone, address="  12 Example St,\n Sydney  "
    )
    assert (await get_clinic(db.uow())).address == "12 Example St, Sydney"
    event = (await _events(db, token))[f"appointment-{own.id}@{HOST}"]
    assert str(event["LOCATION"]) == "12 Example St, Sydney"
