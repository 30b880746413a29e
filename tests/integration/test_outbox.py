"""The outbox sender: real SMTP delivery, retries with back-off, never twice."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import update

from domain.adapters.smtp import SmtpSettings
from domain.errors import NotAllowed
from domain.messaging.outbox import list_outbox, queue_email, send_again, send_test_email
from domain.messaging.sender import OutboxSender, deliver_one
from storage.accounts import StaffUserRow
from storage.outbox import OutboxMessageRow
from storage.types import utcnow
from tests.integration.helpers import outbox
from tests.support import SmtpRecorder, free_port, staff_actor


@pytest.fixture
def smtp():
    with SmtpRecorder() as server:
        yield server


async def queue(db, to="mary.smith@example.com", subject="Your appointment"):
    async with db.uow() as uow:
        queue_email(uow, to=to, subject=subject, body="See you on Tuesday at 10:00.\nHearth")
        await uow.commit()


async def test_email_is_delivered_to_a_real_smtp_server(db, smtp):
    await queue(db)
    assert await deliver_one(db, SmtpSettings.from_url(smtp.url, sender="Demo Clinic <clinic@example.com>"))
    [received] = smtp.messages
    assert received["To"] == "mary.smith@example.com" and received["Subject"] == "Your appointment"
    assert received["From"] == "Demo Clinic <clinic@example.com>"
    assert "Tuesday at 10:00" in received.get_content()
    [row] = await outbox(db)
    assert row.status == "sent" and row.sent_at is not None and row.attempts == 1


async def test_background_sender_delivers_a_test_email(db, smtp):
    async with db.uow() as uow:
        uow.session.add(
            StaffUserRow(
                email="olivia@example.com",
                name="Olivia",
                role="owner",
                password_hash="x",
                active=True,
                bookable=False,
                time_zone="UTC",
            )
        )
        await uow.commit()
    sender = OutboxSender(db, SmtpSettings.from_url(smtp.url))
    sender.start()
    try:
        await send_test_email(db.uow(), actor=staff_actor(), clinic_name="Demo Clinic")
        for _ in range(100):
            if smtp.messages:
                break
            await asyncio.sleep(0.05)
    finally:
        await sender.stop()
    assert [m["Subject"] for m in smtp.messages] == ["Test email from Demo Clinic"]


async def test_unreachable_server_keeps_the_message_and_retries_later(db):
    await queue(db)
    nobody = SmtpSettings.from_url(f"smtp://127.0.0.1:{free_port()}")
    assert await deliver_one(db, nobody) is False
    [row] = await outbox(db)
    assert row.status == "queued" and row.attempts == 1 and row.last_error
    assert row.next_attempt_at > utcnow() + timedelta(seconds=50)
    assert await deliver_one(db, nobody) is None  # not due yet: no hammering of a dead server


async def test_gives_up_after_the_last_attempt(db):
    await queue(db)
    async with db.uow() as uow:
        await uow.session.execute(update(OutboxMessageRow).values(attempts=7))
        await uow.commit()
    assert await deliver_one(db, SmtpSettings.from_url(f"smtp://127.0.0.1:{free_port()}")) is False
    [row] = await outbox(db)
    assert row.status == "failed" and row.attempts == 8


async def test_two_senders_at_once_send_each_message_exactly_once(db, smtp):
    for n in range(6):
        await queue(db, subject=f"Message {n}")
    settings = SmtpSettings.from_url(smtp.url)

    async def drain():
        while await deliver_one(db, settings) is not None:
            pass

    await asyncio.gather(drain(), drain(), drain())
    assert sorted(m["Subject"] for m in smtp.messages) == [f"Message {n}" for n in range(6)]


async def test_a_message_claimed_before_a_crash_is_not_sent_again_by_itself(db, smtp):
    await queue(db)
    async with db.uow() as uow:  # as if the process died between claiming and marking sent
        await uow.session.execute(
            update(OutboxMessageRow).values(
                status="sending", claimed_at=utcnow() - timedelta(minutes=10), claim_token="dead", attempts=1
            )
        )
        await uow.commit()
    assert await deliver_one(db, SmtpSettings.from_url(smtp.url)) is None
    assert smtp.messages == []
    owner = staff_actor()
    [view] = await list_outbox(db.uow(), actor=owner, time_zone="UTC")
    assert view.status == "interrupted" and view.can_send_again
    await send_again(db.uow(), actor=owner, message_id=view.id)
    assert await deliver_one(db, SmtpSettings.from_url(smtp.url)) is True
    assert len(smtp.messages) == 1


async def test_sent_messages_cannot_be_sent_again(db, smtp):
    await queue(db)
    await deliver_one(db, SmtpSettings.from_url(smtp.url))
    [row] = await outbox(db)
    with pytest.raises(NotAllowed):
        await send_again(db.uow(), actor=staff_actor(), message_id=row.id)


async def test_practitioners_do_not_read_the_outbox(db):
    with pytest.raises(NotAllowed):
        await list_outbox(db.uow(), actor=staff_actor(role="practitioner"), time_zone="UTC")
