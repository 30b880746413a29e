"""Booking, moving and cancelling appointments, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from sqlalchemy import text

from domain.clients.register import set_archived
from domain.errors import ValidationFailed
from domain.scheduling.bookable_services import save_service
from domain.scheduling.booking import book_appointment, get_appointment, move_appointment, set_appointment_status
from domain.scheduling.calendar import calendar_range, profile_appointments
from domain.scheduling.clashes import Clash, OutsideHours, StaleAppointment
from tests.integration.helpers import OFFICE_HOURS, OWNER, at, audit_entries, booking, ready_clinic
from tests.support import spaces


async def test_a_booking_shows_on_the_calendar_with_client_service_and_price(db):
    c = await ready_clinic(db)
    view = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    assert (view.client_name, view.service_name, view.price_label) == ("Mary Smith", "Initial consultation", "$150.00")
    week = await calendar_range(db.uow(), actor=OWNER, start=at("2031-03-03", "00:00"), end=at("2031-03-10", "00:00"))
    assert [a.id for a in week.appointments] == [view.id]
    assert [p.name for p in week.practitioners] == ["Dr. Priya Patel", "Sam O'Connor"]
    assert "Mary Smith with Dr. Priya Patel" in (await audit_entries(db, "appointment.booked"))[0].summary


async def test_an_overlapping_booking_is_refused_naming_what_it_clashes_with(db):
    c = await ready_clinic(db)
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    with pytest.raises(Clash) as refused:
        await book_appointment(
            db.uow(),
            actor=OWNER,
            booking=booking(
                c, at("2031-03-03", "10:30"), kind="meeting", profile_id=None, service_id=None, title="Team meeting"
            ),
        )
    assert "Mary Smith (Initial consultation), Mon, 3 Mar, 10:00 – 11:00 am" in spaces(str(refused.value))
    # back to back is fine, and so is another practitioner at the same time
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "11:00")))
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:30"), practitioner=c.sam))


async def test_the_database_itself_refuses_an_overlap_that_skips_the_service(db):
    c = await ready_clinic(db)
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    first = (
        await calendar_range(db.uow(), actor=OWNER, start=at("2031-03-03", "00:00"), end=at("2031-03-04", "00:00"))
    ).appointments[0]
    columns = (
        "practitioner_id, kind, title, starts_at, ends_at, status, notes, outside_hours, version, "
        "created_at, updated_at"
    )
    copy = f"INSERT INTO appointments ({columns}) SELECT {columns} FROM appointments WHERE id = {first.id}"
    with pytest.raises(Exception, match=r"overlap|23P01|exclusion|no_overlap"):
        async with db.engine.begin() as conn:
            await conn.execute(text(copy.replace("SELECT practitioner_id, kind", "SELECT practitioner_id, 'meeting'")))


async def test_cancelling_keeps_the_appointment_in_history_and_frees_the_slot(db):
    c = await ready_clinic(db)
    first = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    with pytest.raises(ValidationFailed, match="reason"):
        await set_appointment_status(db.uow(), actor=OWNER, appointment_id=first.id, status="cancelled")
    await set_appointment_status(
        db.uow(), actor=OWNER, appointment_id=first.id, status="cancelled", reason="Client is unwell"
    )
    second = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    history = await profile_appointments(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert {(a.id, a.status, a.cancel_reason) for a in history} == {
        (first.id, "cancelled", "Client is unwell"),
        (second.id, "booked", ""),
    }
    with pytest.raises(Clash, match="cannot be restored"):
        await set_appointment_status(db.uow(), actor=OWNER, appointment_id=first.id, status="booked")


async def test_moving_to_another_practitioner_and_a_clash_on_move(db):
    c = await ready_clinic(db)
    a = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    b = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00"), practitioner=c.sam))
    moved = await move_appointment(
        db.uow(),
        actor=OWNER,
        appointment_id=a.id,
        version=a.version,
        start=at("2031-03-03", "12:00"),
        end=at("2031-03-03", "13:30"),
        practitioner_id=c.sam,
    )
    assert (moved.practitioner_name, moved.version, moved.ends_at - moved.starts_at) == (
        "Sam O'Connor",
        2,
        timedelta(minutes=90),
    )
    with pytest.raises(Clash, match="clashes with Mary Smith"):
        await move_appointment(
            db.uow(),
            actor=OWNER,
            appointment_id=b.id,
            version=b.version,
            start=at("2031-03-03", "13:00"),
            end=at("2031-03-03", "14:00"),
        )
    assert (await get_appointment(db.uow(), appointment_id=b.id)).starts_at == at("2031-03-03", "10:00")


async def test_a_stale_browser_cannot_move_an_appointment_someone_else_just_moved(db):
    c = await ready_clinic(db)
    a = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    await move_appointment(
        db.uow(),
        actor=OWNER,
        appointment_id=a.id,
        version=a.version,
        start=at("2031-03-03", "14:00"),
        end=at("2031-03-03", "15:00"),
    )
    with pytest.raises(StaleAppointment, match="Someone else changed"):
        await move_appointment(
            db.uow(),
            actor=OWNER,
            appointment_id=a.id,
            version=a.version,
            start=at("2031-03-03", "16:00"),
            end=at("2031-03-03", "17:00"),
        )
    assert (await get_appointment(db.uow(), appointment_id=a.id)).starts_at == at("2031-03-03", "14:00")


@pytest.mark.parametrize(
    "change, field",
    [(dict(minutes=0), "end"), (dict(minutes=-30), "end"), (dict(start=at("2020-01-06", "10:00")), "start")],
)
async def test_bad_times_are_refused_with_a_message_and_nothing_is_stored(db, change, field):
    c = await ready_clinic(db)
    change = dict(change)
    start = change.pop("start", at("2031-03-03", "10:00"))
    with pytest.raises(ValidationFailed) as refused:
        await book_appointment(db.uow(), actor=OWNER, booking=booking(c, start, **change))
    assert field in refused.value.errors
    assert not (await profile_appointments(db.uow(), actor=OWNER, profile_id=c.mary_profile))


async def test_a_deactivated_service_and_an_archived_client_are_refused(db):
    c = await ready_clinic(db)
    await save_service(
        db.uow(),
        actor=OWNER,
        service_id=c.service,
        name="Initial consultation",
        duration_minutes=60,
        price="150",
        active=False,
    )
    with pytest.raises(ValidationFailed, match="no longer offered"):
        await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    await set_archived(db.uow(), actor=OWNER, person_id=c.mary_person, archived=True)
    with pytest.raises(ValidationFailed, match="Mary Smith is archived"):
        await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00"), service_id=None))


async def test_outside_working_hours_needs_confirmation_and_is_audited(db):
    c = await ready_clinic(db, hours=OFFICE_HOURS)
    evening = booking(c, at("2031-03-03", "18:00"))
    with pytest.raises(OutsideHours, match=r"outside Dr\. Priya Patel's working hours"):
        await book_appointment(db.uow(), actor=OWNER, booking=evening)
    view = await book_appointment(db.uow(), actor=OWNER, booking=evening, confirmed_outside_hours=True)
    assert view.outside_hours
    assert "outside working hours, confirmed" in (await audit_entries(db, "appointment.booked"))[-1].summary
    inside = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "09:00")))
    assert not inside.outside_hours
