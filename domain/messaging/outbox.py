"""The outbox: every email the app produces is a row here before anything is sent."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import NotAllowed, NotFound
from domain.phones import is_e164
from storage.accounts import StaffUserRow
from storage.clients import PersonRow
from storage.outbox import OutboxMessageRow
from storage.types import utcnow
from storage.uow import UnitOfWork

INTERRUPTED_AFTER = timedelta(minutes=5)
STATUS_LABELS = {
    "queued": "Waiting to send",
    "sending": "Sending",
    "sent": "Sent",
    "failed": "Failed",
    "interrupted": "Interrupted",
}


@dataclass(frozen=True)
class OutboxMessageView:
    id: int
    created_at: datetime
    to: str
    subject: str
    body: str
    status: str  # queued, sending, sent, failed, or interrupted (claimed but never marked sent)
    attempts: int
    next_attempt_at: datetime | None
    sent_at: datetime | None
    last_error: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def can_send_again(self) -> bool:
        return self.status in ("failed", "interrupted")


def message_status(row: OutboxMessageRow, now: datetime) -> str:
    if row.status == "sending" and row.claimed_at and now - row.claimed_at > INTERRUPTED_AFTER:
        return "interrupted"  # the process stopped mid-send: it may or may not have arrived
    return row.status


def may_receive_automated(status: str) -> bool:
    """Only active clients get automated messages (reminders, confirmations, campaigns).
    Prospects, archived and dismissed clients get none; staff can still write to them by hand."""
    return status == "active"


def queue_client_email(
    uow: UnitOfWork,
    person: PersonRow,
    *,
    subject: str,
    body: str,
    automated: bool,
    record_type: str = "person",
    record_id: int | None = None,
    attachment: tuple[str, bytes] | None = None,
) -> OutboxMessageRow | None:
    """The one way to email a client. Returns None (and queues nothing) when the client has no email,
    or when the message is automated and the client may not receive automated messages."""
    if not person.email or (automated and not may_receive_automated(person.status)):
        return None
    return queue_email(
        uow,
        to=person.email,
        subject=subject,
        body=body,
        record_type=record_type,
        record_id=record_id if record_id is not None else person.id,
        attachment=attachment,
    )


def queue_email(
    uow: UnitOfWork,
    *,
    to: str,
    subject: str,
    body: str,
    record_type: str | None = None,
    record_id: int | None = None,
    attachment: tuple[str, bytes] | None = None,
    cc: str = "",
    channel: str = "email",
) -> OutboxMessageRow:
    """Adds a message to the caller's transaction: it exists exactly when the change that made it does.
    Emails to clients go through queue_client_email, which applies the prospect rule. An SMS (channel "sms")
    goes `to` a phone number in E.164 (the gateway's form): one kept as typed is refused here, never sent."""
    if channel == "sms" and not is_e164(to):
        raise NotAllowed(f"An SMS cannot go to “{to}”: it is not a checked phone number.")
    row = OutboxMessageRow(
        to_address=to,
        subject=subject[:300],
        body=body,
        status="queued",
        attempts=0,
        cc=cc,
        channel=channel,
        next_attempt_at=utcnow(),
        record_type=record_type,
        record_id=record_id,
        attachment_name=attachment[0] if attachment else None,
        attachment=attachment[1] if attachment else None,
    )
    uow.session.add(row)
    return row


def _view(row: OutboxMessageRow, now: datetime, zone: ZoneInfo) -> OutboxMessageView:
    return OutboxMessageView(
        id=row.id,
        created_at=row.created_at.astimezone(zone),
        to=row.to_address,
        subject=row.subject,
        body=row.body,
        status=message_status(row, now),
        attempts=row.attempts,
        next_attempt_at=row.next_attempt_at.astimezone(zone) if row.status == "queued" else None,
        sent_at=row.sent_at.astimezone(zone) if row.sent_at else None,
        last_error=row.last_error or "",
    )


async def list_outbox(
    uow: UnitOfWork, *, actor: Actor, time_zone: str, status: str | None = None, limit: int = 200
) -> list[OutboxMessageView]:
    require(actor, "outbox.read")
    query = select(OutboxMessageRow).order_by(OutboxMessageRow.id.desc()).limit(limit)
    if status in ("queued", "sent", "failed"):
        query = query.where(OutboxMessageRow.status == status)
    elif status in ("sending", "interrupted"):
        query = query.where(OutboxMessageRow.status == "sending")
    now, zone = utcnow(), ZoneInfo(time_zone)
    async with uow:
        views = [_view(r, now, zone) for r in (await uow.session.execute(query)).scalars()]
    return [v for v in views if status is None or v.status == status]


async def send_again(uow: UnitOfWork, *, actor: Actor, message_id: int) -> None:
    """Puts a failed or interrupted message back in the queue. Staff decide, because an
    interrupted message may already have arrived."""
    require(actor, "outbox.read")
    async with uow:
        row = await uow.session.get(OutboxMessageRow, message_id)
        if row is None:
            raise NotFound("That message no longer exists.")
        if message_status(row, utcnow()) not in ("failed", "interrupted"):
            raise NotAllowed("Only failed or interrupted messages can be sent again.")
        await uow.session.execute(
            update(OutboxMessageRow)
            .where(OutboxMessageRow.id == message_id)
            .values(status="queued", next_attempt_at=utcnow(), claim_token=None, claimed_at=None, attempts=0)
        )
        uow.audit(actor, "outbox.send_again", "outbox_message", message_id, summary=f"to {row.to_address}")
        uow.changed(topics.OUTBOX)
        await uow.commit()


async def send_test_email(uow: UnitOfWork, *, actor: Actor, clinic_name: str) -> str:
    """Queues a test message to the acting staff user, to check the SMTP set-up."""
    require(actor, "outbox.read")
    async with uow:
        user = await uow.session.get(StaffUserRow, actor.user_id)
        if user is None:
            raise NotFound("Your staff account no longer exists.")
        row = queue_email(
            uow,
            to=user.email,
            subject=f"Test email from {clinic_name}",
            body=f"Hello {user.name},\n\nThis is a test email from Hearth. If you can read it, "
            "the clinic's email sending works.\n",
            record_type="staff_user",
            record_id=user.id,
        )
        await uow.session.flush()
        uow.audit(actor, "outbox.test_email", "outbox_message", row.id, summary=f"to {user.email}")
        uow.changed(topics.OUTBOX)
        await uow.commit()
    return user.email
