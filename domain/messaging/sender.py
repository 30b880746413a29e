"""Delivers queued outbox messages: claim in the database, send, then mark sent.

A message is claimed (status queued → sending, with a token) in its own committed
transaction before the SMTP conversation starts, so two senders, or a restarted one,
never send it twice. A message left in "sending" by a crash is shown as interrupted and
waits for staff to send it again.
"""

import asyncio
import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select, update

from domain import topics
from domain.adapters.sms import SmsGateway
from domain.adapters.smtp import SmtpSettings, build_message, probe, send
from domain.phones import is_e164
from storage.engine import Database
from storage.outbox import OutboxMessageRow
from storage.types import utcnow
from storage.uow import rows_changed

log = logging.getLogger("hearth.outbox")
MAX_ATTEMPTS = 8
POLL_SECONDS = 2.0


def retry_delay(attempts: int) -> timedelta:
    """Back-off after the n-th failed attempt: 1 min, 2, 4, ... capped at 6 hours."""
    return timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 6 * 3600))


async def claim_next(
    db: Database, *, now: datetime, token: str, channels: tuple[str, ...] = ("email",)
) -> OutboxMessageRow | None:
    async with db.uow() as uow:
        candidate = (
            await uow.session.execute(
                select(OutboxMessageRow.id)
                .where(
                    OutboxMessageRow.status == "queued",
                    OutboxMessageRow.channel.in_(channels),
                    OutboxMessageRow.next_attempt_at <= now,
                )
                .order_by(OutboxMessageRow.next_attempt_at, OutboxMessageRow.id)
                .limit(1)
            )
        ).scalar_one_or_none()
        if candidate is None:
            return None
        claimed = await uow.session.execute(
            update(OutboxMessageRow)
            .where(OutboxMessageRow.id == candidate, OutboxMessageRow.status == "queued")
            .values(status="sending", claimed_at=now, claim_token=token, attempts=OutboxMessageRow.attempts + 1)
        )
        if rows_changed(claimed) != 1:
            return None  # another sender took it first
        row = await uow.session.get(OutboxMessageRow, candidate, populate_existing=True)
        await uow.commit()
        return row


async def _finish(db: Database, message_id: int, token: str, **values: object) -> None:
    async with db.uow() as uow:
        await uow.session.execute(
            update(OutboxMessageRow)
            .where(OutboxMessageRow.id == message_id, OutboxMessageRow.claim_token == token)
            .values(**values)
        )
        uow.changed(topics.OUTBOX)
        await uow.commit()


async def deliver_one(
    db: Database, smtp: SmtpSettings | None, *, now: datetime | None = None, sms: SmsGateway | None = None
) -> bool | None:
    """Sends the next due message. True: sent; False: failed (will retry or gave up); None: nothing due.
    Only channels with a way out are claimed: without a gateway, SMS wait in the Outbox."""
    token = secrets.token_hex(16)
    channels = tuple(c for c, way in (("email", smtp), ("sms", sms)) if way)
    row = await claim_next(db, now=now or utcnow(), token=token, channels=channels)
    if row is None:
        return None
    way = sms if row.channel == "sms" else smtp
    assert way is not None  # only channels with a way out were claimed
    if row.channel == "sms" and not is_e164(row.to_address):  # queued before migration 0009 could check it
        error = f"“{row.to_address}” is not a checked phone number: correct it on the client's profile, then resend."
        await _finish(db, row.id, token, status="failed", claim_token=None, last_error=error)
        log.warning("SMS #%s not sent: %s", row.id, error)
        return False
    where = way.where
    try:
        if isinstance(way, SmsGateway):
            await way.send(to=row.to_address, body=row.body)
        else:
            attachment = (row.attachment_name or "attachment", row.attachment) if row.attachment else None
            await send(
                way,
                build_message(
                    way,
                    to=row.to_address,
                    subject=row.subject,
                    body=row.body,
                    message_id=row.id,
                    attachment=attachment,
                    cc=row.cc,
                ),
            )
    except Exception as exc:  # any SMTP or network failure: schedule a retry, never crash the loop
        error = f"{type(exc).__name__}: {exc}"[:1000]
        gave_up = row.attempts >= MAX_ATTEMPTS
        delay = retry_delay(row.attempts)
        await _finish(
            db,
            row.id,
            token,
            status="failed" if gave_up else "queued",
            claim_token=None,
            last_error=error,
            next_attempt_at=utcnow() + delay,
        )
        log.warning(
            "Message #%s to %s not sent via %s (%s); %s",
            row.id,
            row.to_address,
            where,
            error,
            f"gave up after {row.attempts} attempts" if gave_up else f"retry in {delay}",
        )
        return False
    await _finish(db, row.id, token, status="sent", sent_at=utcnow(), last_error=None)
    log.info("%s #%s sent to %s", "SMS" if row.channel == "sms" else "Email", row.id, row.to_address)
    return True


class OutboxSender:
    """The background loop; woken early whenever the outbox changes."""

    def __init__(self, db: Database, smtp: SmtpSettings | None, sms: SmsGateway | None = None) -> None:
        self.db, self.smtp, self.sms = db, smtp, sms
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self._stopping = False

    def start(self) -> None:
        self._unsubscribe = topics.subscribe(topics.OUTBOX, lambda _topic: self._wake.set())
        self._task = asyncio.create_task(self._run(), name="hearth-outbox-sender")

    async def check(self) -> bool:
        """Says in one line at start whether the SMTP server can be reached; sending goes on either way."""
        if self.smtp is None:
            return True
        problem = await probe(self.smtp)
        if problem:
            log.warning(
                "SMTP server %s cannot be reached (%s): emails wait in the Outbox and are retried",
                self.smtp.where,
                problem,
            )
        return problem is None

    async def stop(self, timeout: float = 30) -> None:
        """Lets the message being sent finish, then stops. Cancelling mid-send would leave it
        "interrupted", and cancelling mid-query can hang aiosqlite; so cancel only after `timeout`."""
        self._stopping = True
        self._wake.set()
        if self._unsubscribe:
            self._unsubscribe()
        if self._task:
            try:
                await asyncio.wait_for(asyncio.shield(self._task), timeout)
            except TimeoutError:
                log.warning("The outbox sender did not stop within %s s; cancelling it", timeout)
                self._task.cancel()
                await asyncio.gather(self._task, return_exceptions=True)

    def _stop_asked(self) -> bool:  # a method, so that a type checker reads it afresh after every await
        return self._stopping

    async def _run(self) -> None:
        while not self._stop_asked():
            try:
                while not self._stop_asked() and await deliver_one(self.db, self.smtp, sms=self.sms) is not None:
                    pass
            except Exception:
                log.exception("The outbox sender hit an error; it carries on")
            if self._stop_asked():
                return
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
            except TimeoutError:
                pass
