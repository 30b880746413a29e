"""Appointment reminders: stored at booking, sent once through the outbox, even across a restart."""

from datetime import timedelta

from domain.scheduling.booking import book_appointment, move_appointment, set_appointment_status
from domain.scheduling.reminders import reminder_hours, send_due_reminders, set_reminder_hours
from storage.engine import Database
from tests.integration.helpers import OWNER, at, booking, outbox, ready_clinic
from tests.support import spaces


def reminders_to(messages, address="mary@example.com"):
    return [m for m in messages if m.to_address == address and m.subject.startswith("Reminder")]


async def test_a_reminder_goes_out_once_at_the_lead_time(db):
    c = await ready_clinic(db)
    start = at("2031-03-03", "10:00")
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, start))
    assert await send_due_reminders(db, now=start - timedelta(hours=25)) == 0
    assert await send_due_reminders(db, now=start - timedelta(hours=23)) == 1
    assert await send_due_reminders(db, now=start - timedelta(hours=22)) == 0
    [mail] = reminders_to(await outbox(db))
    assert "Initial consultation with Dr. Priya Patel" in mail.subject
    assert "Mon, 3 Mar, 10:00 – 11:00 am" in spaces(mail.body)


async def test_a_restarted_scheduler_does_not_send_a_reminder_twice(db, db_url):
    c = await ready_clinic(db)
    start = at("2031-03-03", "10:00")
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, start))
    await send_due_reminders(db, now=start - timedelta(hours=2))
    restarted = Database(db_url)  # a new process: all it knows is in the database
    try:
        assert await send_due_reminders(restarted, now=start - timedelta(hours=1)) == 0
    finally:
        await restarted.dispose()
    assert len(reminders_to(await outbox(db))) == 1


async def test_moving_replans_and_cancelling_drops_the_reminder(db):
    c = await ready_clinic(db)
    await set_reminder_hours(db.uow(), actor=OWNER, text="48, 2")
    assert await reminder_hours(db.uow()) == [48, 2]
    a = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    b = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-04", "10:00")))
    await move_appointment(
        db.uow(),
        actor=OWNER,
        appointment_id=a.id,
        version=a.version,
        start=at("2031-03-05", "10:00"),
        end=at("2031-03-05", "11:00"),
    )
    await set_appointment_status(db.uow(), actor=OWNER, appointment_id=b.id, status="cancelled", reason="Sick")
    await send_due_reminders(db, now=at("2031-03-04", "09:00"))
    # b was cancelled: no reminder; a moved to Wed 05 Mar, so its 48 h reminder was due on 03 Mar
    assert [m.body.count("Wed, 5 Mar") for m in reminders_to(await outbox(db))] == [1]
    await send_due_reminders(db, now=at("2031-03-05", "09:00"))
    assert [m.body.count("Wed, 5 Mar") for m in reminders_to(await outbox(db))] == [1, 1]


async def test_non_client_time_and_archived_clients_get_no_reminder(db):
    c = await ready_clinic(db)
    await book_appointment(
        db.uow(),
        actor=OWNER,
        booking=booking(c, at("2031-03-03", "12:00"), kind="admin", profile_id=None, service_id=None, title="Notes"),
    )
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    from domain.clients.register import set_archived

    await set_archived(db.uow(), actor=OWNER, person_id=c.mary_person, archived=True)
    assert await send_due_reminders(db, now=at("2031-03-03", "09:00")) == 1  # handled, but skipped
    assert reminders_to(await outbox(db)) == []
