"""The audit log: who changed what, when, from where. Entries are written by the unit of work."""

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import NotAllowed, ValidationFailed
from storage.audit import AuditEntryRow
from storage.uow import UnitOfWork

PAGE_SIZE = 200
ACTION_LABELS = {
    "staff.signed_in": "Signed in",
    "staff.signed_out": "Signed out",
    "staff.sign_in_failed": "Failed sign-in",
    "staff.sign_in_refused": "Sign-in refused",
    "staff.first_owner_created": "Owner account created",
    "staff.added": "Staff user added",
    "staff.updated": "Staff user changed",
    "staff.deactivated": "Deactivated",
    "staff.reactivated": "Reactivated",
    "clinic.updated": "Clinic details changed",
    "working_hours.updated": "Working hours changed",
    "outbox.send_again": "Email queued again",
    "outbox.test_email": "Test email queued",
    "demo.seeded": "Demo data created",
    "access.denied": "Access refused",
    "shared.created": "Shared profile created",
    "shared.updated": "Shared profile changed",
    "shared.archived": "Shared profile archived",
    "shared.restored": "Shared profile restored",
    "shared.deleted": "Shared profile deleted",
    "shared.delete_refused": "Shared profile delete refused",
    "member.added": "Member added",
    "member.removed": "Member removed",
    "member.flag": "Member setting changed",
    "member.refused": "Member change refused",
    "profile.consent": "Consent recorded",
    "profile.reminders": "Reminder settings changed",
    "profile.classifications": "Classifications changed",
    "profile.email": "Email to profile",
    "profile.sms": "SMS to profile",
    "profile.letter": "Letter generated",
    "file.refused": "File refused",
    "file.downloaded": "File downloaded",
    "invoice.payee": "Invoice payee changed",
    "billing.default_payee": "Default payee changed",
    "family.record_added": "Family record added",
    "family.linked": "Linked to primary",
    "family.primary": "Made primary",
    "family.unlinked": "Record unlinked",
    "family.refused": "Family change refused",
    "portal.refused": "Portal request refused",
    "portal.signed_in": "Portal sign-in",
    "portal.sign_in_refused": "Portal sign-in refused",
    "portal.profile_switched": "Portal profile switched",
    "portal.registration_started": "Portal account requested",
    "portal.registered": "Portal account created",
    "portal.registration_linked": "Portal account linked",
    "portal.registration_declined": "Portal account declined",
    "document.opened": "Document opened by client",
    "file.shared": "File shared with client",
    "file.unshared": "File sharing stopped",
    "booking.withdrawn": "Booking request withdrawn",
}


@dataclass(frozen=True)
class AuditEntryView:
    id: int
    at: datetime
    actor_id: int | None
    actor: str
    action: str
    record: str
    summary: str
    ip: str

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    record_type: str | None = None
    record_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), zone)


async def list_audit_entries(
    uow: UnitOfWork, *, actor: Actor, filters: AuditFilter, time_zone: str, limit: int = PAGE_SIZE
) -> list[AuditEntryView]:
    """Newest first; dates are days in the clinic's time zone."""
    require(actor, "audit.read")
    zone = ZoneInfo(time_zone)
    query = select(AuditEntryRow).order_by(AuditEntryRow.id.desc()).limit(limit)
    if filters.actor_id is not None:
        query = query.where(AuditEntryRow.actor_id == filters.actor_id)
    if filters.record_type:
        query = query.where(AuditEntryRow.record_type == filters.record_type)
    if filters.record_id is not None:
        query = query.where(AuditEntryRow.record_id == filters.record_id)
    if filters.date_from:
        query = query.where(AuditEntryRow.at >= _day_start(filters.date_from, zone))
    if filters.date_to:
        query = query.where(AuditEntryRow.at < _day_start(filters.date_to + timedelta(days=1), zone))
    async with uow:
        rows = (await uow.session.execute(query)).scalars().all()
    return [
        AuditEntryView(
            id=r.id,
            at=r.at.astimezone(zone),
            actor_id=r.actor_id,
            actor=r.actor_label,
            action=r.action,
            record=f"{r.record_type} #{r.record_id}" if r.record_type and r.record_id else (r.record_type or ""),
            summary=r.summary,
            ip=r.ip or "",
        )
        for r in rows
    ]


async def list_record_types(uow: UnitOfWork) -> list[str]:
    async with uow:
        rows = await uow.session.execute(
            select(AuditEntryRow.record_type).where(AuditEntryRow.record_type.is_not(None)).distinct()
        )
        return sorted(r[0] for r in rows if r[0] is not None)


async def record_refusal(
    uow: UnitOfWork,
    *,
    actor: Actor,
    action: str,
    record_type: str | None = None,
    record_id: int | None = None,
    summary: str = "",
) -> None:
    """A refused attempt, in its own transaction, so no rollback of the refused work erases it."""
    async with uow:
        uow.audit(actor, action, record_type, record_id, summary=summary)
        await uow.commit()


Service = TypeVar("Service", bound=Callable[..., Awaitable[Any]])


def refusals_audited(action: str, record_type: str, id_argument: str) -> Callable[[Service], Service]:
    """Decorates a service: a refusal (not allowed, bad input) is written to the audit log in its own
    transaction, then raised as before. For the household rules, where a refused attempt matters."""

    def decorate(service: Service) -> Service:
        @functools.wraps(service)
        async def run(uow: UnitOfWork, **kwargs: Any) -> Any:
            try:
                return await service(uow, **kwargs)
            except (NotAllowed, ValidationFailed) as exc:
                await record_refusal(
                    uow.fresh(),
                    actor=kwargs["actor"],
                    action=action,
                    record_type=record_type,
                    record_id=kwargs.get(id_argument),
                    summary=exc.message,
                )
                raise

        return cast(Service, run)

    return decorate
