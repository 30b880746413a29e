"""Switch Profile and shared profiles in the Client Portal (issue 19, seeds 001 and 000): Mary switches to Susan
and sees, completes and books Susan's things; My Documents shows what was shared with Mary and her sub-records,
labelled, and nothing else; a member with "Portal booking on behalf" books, cancels and reschedules a joint
session, one without only sees it; reminders follow "Receives appointment reminders"."""

import pytest
from sqlalchemy import select

from domain.accounts.portal import portal_profiles, resume_portal, switch_profile
from domain.clients.details import ClientInput
from domain.clients.persons import add_person
from domain.clients.profile import pending_forms
from domain.errors import NotFound
from domain.households.members import set_member_flag
from domain.records.form_answers import submit_portal_form
from domain.records.shared_files import portal_documents
from domain.scheduling.booking import book_appointment
from domain.scheduling.online.portal_bookings import cancel_from_portal, portal_appointments
from domain.scheduling.online.portal_for import portal_booking_choices
from domain.scheduling.online.requests import request_booking
from domain.scheduling.online.settings import set_online_offer
from domain.scheduling.reminders import recipients_for_appointment
from storage.clients import PersonRow, ProfileRow
from storage.forms import FormRequestRow
from storage.online_booking import BookingRequestRow
from storage.records import FileRow
from storage.scheduling import AppointmentRow
from tests.integration.helpers import OWNER, add, at, audit_entries, booking, intake_form, member_ids, taylors
from tests.integration.online_helpers import NOW, online_clinic, visit
from tests.integration.portal_helpers import portal_client


async def rows(db, model):
    async with db.uow() as uow:
        return list((await uow.session.execute(select(model).order_by(model.id))).scalars())


async def sub_record(db, primary_id: int, first_name: str) -> tuple[int, int]:
    """A family record under `primary_id` (person id, profile id)."""
    async with db.uow() as uow:
        person, profile = await add_person(
            uow, first_name=first_name, last_name="Smith", time_zone="Australia/Sydney", email="mary@example.com"
        )
        person.primary_person_id = primary_id
        await uow.commit()
        return person.id, profile.id


async def share(db, profile_id: int, name: str) -> int:
    async with db.uow() as uow:
        by = "Dr. Priya Patel"
        row = FileRow(profile_id=profile_id, kind="record", name=name, content_type="application/pdf", size=3,
                      data=b"pdf", uploaded_by=by, shared_at=NOW, shared_by=by)  # fmt: skip
        uow.session.add(row)
        await uow.commit()
        return row.id


async def smiths(db):
    c = await online_clinic(db)
    steven, steven_profile = await sub_record(db, c.mary_person, "Steven")
    susan, susan_profile = await sub_record(db, c.mary_person, "Susan")
    mary = await portal_client(db, c.mary_person)
    return c, mary, (steven, steven_profile), (susan, susan_profile)


async def test_mary_switches_to_susan_completes_her_form_and_books_for_her(db):
    c, mary, _steven, (susan, susan_profile) = await smiths(db)
    assert mary.profile_count == 3 and not mary.viewing_other
    choices = await portal_profiles(db.uow(), who=mary)
    assert [(p.name, p.current) for p in choices] == [
        ("Mary Smith", True),
        ("Steven Smith", False),
        ("Susan Smith", False),
    ]
    template = await intake_form(db)
    async with db.uow() as uow:
        uow.session.add(FormRequestRow(template_id=template.id, person_id=susan, token_hash="susan-form"))
        await uow.commit()
    assert await pending_forms(db.uow(), who=mary) == []  # Mary's own Home: not Susan's form

    said = await switch_profile(db.uow(), who=mary, person_id=susan)
    assert said == "You are now viewing Susan Smith's profile."
    as_susan = await resume_portal(db.uow(), token=mary.token)
    assert as_susan is not None and as_susan.name == "Susan Smith" and as_susan.viewing_other
    assert as_susan.own_name == "Mary Smith" and as_susan.email == "mary@example.com"
    [form] = await pending_forms(db.uow(), who=as_susan)
    await submit_portal_form(
        db.uow(),
        who=as_susan,
        request_id=form.id,
        answers={"what_brings_you_here": "Speech", "preferred_day": "Monday", "i_agree_to_the_privacy_policy": True},
        ip=None,
    )
    assert await pending_forms(db.uow(), who=as_susan) == []

    done = await request_booking(db.uow(), visit=visit(c, at("2031-03-04", "10:00"), portal=as_susan), ip=None, now=NOW)
    assert done.state == "requested"
    [request] = await rows(db, BookingRequestRow)
    [appointment] = await rows(db, AppointmentRow)
    assert (request.source, request.for_person_id, appointment.profile_id) == ("portal", susan, susan_profile)
    [shown] = await portal_appointments(db.uow(), who=as_susan, now=NOW)
    assert shown.id == appointment.id and shown.for_name == "Susan Smith"
    [entry] = await audit_entries(db, "portal.profile_switched")
    assert entry.summary == "Susan Smith"


async def test_switching_to_another_login_s_record_is_not_found_audited_and_changes_nothing(db):
    c, mary, _steven, _susan = await smiths(db)
    john = await add(db, ClientInput(first_name="John", last_name="Brown", email="john@example.com"))
    for tampered in (john, 0, -1, 2**40):
        with pytest.raises(NotFound):
            await switch_profile(db.uow(), who=mary, person_id=tampered)
    still = await resume_portal(db.uow(), token=mary.token)
    assert still is not None and still.person_id == c.mary_person
    assert len(await audit_entries(db, "portal.refused")) == 4


async def test_my_documents_of_the_primary_lists_theirs_and_their_sub_records_labelled_and_nothing_else(db):
    c, mary, (steven, steven_profile), (susan, _) = await smiths(db)
    john = await add(db, ClientInput(first_name="John", last_name="Brown", email="john@example.com"))
    async with db.uow() as uow:
        john_profile = (
            await uow.session.execute(select(ProfileRow.id).where(ProfileRow.person_id == john))
        ).scalar_one()
    await share(db, c.mary_profile, "Mary's plan.pdf")
    await share(db, steven_profile, "Speech practice.pdf")
    await share(db, john_profile, "John's plan.pdf")
    for who in (mary, await _as(db, mary, susan)):  # from any profile: the whole login's documents
        documents = await portal_documents(db.uow(), who=who)
        assert sorted((d.name, d.for_name) for d in documents) == [
            ("Mary's plan.pdf", "Mary Smith"),
            ("Speech practice.pdf", "Steven Smith"),
        ]
    async with db.uow() as uow:  # an archived sub-record's documents leave the login's list
        (await uow.session.get(PersonRow, steven)).status = "archived"
        await uow.commit()
    assert [d.name for d in await portal_documents(db.uow(), who=mary)] == ["Mary's plan.pdf"]


async def _as(db, who, person_id: int):
    await switch_profile(db.uow(), who=who, person_id=person_id)
    view = await resume_portal(db.uow(), token=who.token)
    assert view is not None
    return view


async def couple(db, *, alex_books: bool = True):
    h = await taylors(db)
    await set_online_offer(db.uow(), actor=OWNER, service_id=h.clinic.service, practitioner_ids=[h.clinic.priya])
    members = await member_ids(db, h)
    if alex_books:
        await set_member_flag(db.uow(), actor=OWNER, member_id=members[h.alex], flag="portal_booking", value=True)
    return h, members, await portal_client(db, h.alex), await portal_client(db, h.sam)


async def test_a_member_with_portal_booking_books_a_joint_session_and_reminders_follow_the_toggles(db):
    h, members, alex, sam = await couple(db)
    assert [(b.name, b.shared) for b in await portal_booking_choices(db.uow(), who=alex)] == [
        ("Alex Taylor", False),
        ("Alex & Sam Taylor", True),
    ]
    assert [b.name for b in await portal_booking_choices(db.uow(), who=sam)] == ["Sam Taylor"]
    ten = at("2031-03-04", "10:00")
    await request_booking(db.uow(), visit=visit(h.clinic, ten, portal=alex, profile_id=h.profile), ip=None, now=NOW)
    [appointment] = await rows(db, AppointmentRow)
    [request] = await rows(db, BookingRequestRow)
    assert appointment.profile_id == h.profile and (request.booker_person_id, request.source) == (h.alex, "portal")
    [entry] = await audit_entries(db, "booking.requested")
    assert "for Alex & Sam Taylor" in entry.summary and entry.actor_label == "Client portal: Alex Taylor"

    [alex_sees] = await portal_appointments(db.uow(), who=alex, now=NOW)
    [sam_sees] = await portal_appointments(db.uow(), who=sam, now=NOW)
    assert (alex_sees.for_name, alex_sees.can_change) == ("Alex & Sam Taylor", True)
    assert (sam_sees.id, sam_sees.can_change) == (appointment.id, False)

    async with db.uow() as uow:
        row = await uow.session.get(AppointmentRow, appointment.id)
        assert [r.name for r in await recipients_for_appointment(uow, row)] == ["Alex Taylor", "Sam Taylor"]
    await set_member_flag(db.uow(), actor=OWNER, member_id=members[h.sam], flag="receives_reminders", value=False)
    async with db.uow() as uow:
        row = await uow.session.get(AppointmentRow, appointment.id)
        assert [r.name for r in await recipients_for_appointment(uow, row)] == ["Alex Taylor"]


async def test_a_member_without_portal_booking_cannot_book_or_cancel_for_the_shared_profile(db):
    h, _members, alex, sam = await couple(db)
    ten = at("2031-03-04", "10:00")
    with pytest.raises(NotFound):
        await request_booking(db.uow(), visit=visit(h.clinic, ten, portal=sam, profile_id=h.profile), ip=None, now=NOW)
    assert await rows(db, AppointmentRow) == [] and await rows(db, BookingRequestRow) == []
    [refused] = await audit_entries(db, "portal.refused")
    assert "without Portal booking on behalf" in refused.summary
    joint = await book_appointment(
        db.uow(), actor=OWNER, booking=booking(h.clinic, at("2031-03-06", "10:00"), profile_id=h.profile)
    )
    with pytest.raises(NotFound):
        await cancel_from_portal(db.uow(), who=sam, appointment_id=joint.id, now=NOW)
    said = await cancel_from_portal(db.uow(), who=alex, appointment_id=joint.id, now=NOW)
    assert said == "Your appointment was cancelled."
    [row] = await rows(db, AppointmentRow)
    assert row.status == "cancelled"


async def test_switching_portal_booking_off_takes_the_right_away_at_once(db):
    h, members, alex, _sam = await couple(db)
    joint = await book_appointment(
        db.uow(), actor=OWNER, booking=booking(h.clinic, at("2031-03-06", "10:00"), profile_id=h.profile)
    )
    await set_member_flag(db.uow(), actor=OWNER, member_id=members[h.alex], flag="portal_booking", value=False)
    [shown] = await portal_appointments(db.uow(), who=alex, now=NOW)
    assert not shown.can_change and "joint appointment" in shown.why_not
    with pytest.raises(NotFound):
        await cancel_from_portal(db.uow(), who=alex, appointment_id=joint.id, now=NOW)
    ten = at("2031-03-04", "10:00")
    with pytest.raises(NotFound):
        await request_booking(db.uow(), visit=visit(h.clinic, ten, portal=alex, profile_id=h.profile), ip=None, now=NOW)
