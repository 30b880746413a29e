"""Admin > Manage for any profile: personal-data consent (who, when, how); archive; delete a shared profile
(members' own client records stay). Refused, with the reason, while money is owed or history exists."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.audit.log import refusals_audited
from domain.billing.invoice_views import invoice_view
from domain.billing.money import label
from domain.clients.persons import profile_or_not_found
from domain.errors import NotAllowed
from domain.formats import current
from domain.validation import Errors, clean_date, clean_text
from storage.billing import InvoiceRow, PaymentRow
from storage.clients import ProfileRow
from storage.households import MemberRow, ReferralRow
from storage.outbox import OutboxMessageRow
from storage.packs import PackRow
from storage.records import DiagnosisRow, FileRow, NoteRow
from storage.scheduling import AppointmentRow
from storage.tasks import TaskRow
from storage.types import utcnow
from storage.uow import UnitOfWork

CONSENT_WAYS = ("In person", "Signed form", "Online form", "Email", "Phone")


@dataclass(frozen=True)
class Consent:
    given_by: str
    given_on: date | None
    how: str

    @property
    def recorded(self) -> bool:
        return bool(self.given_by)


async def get_consent(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> Consent:
    require(actor, "people.read")
    async with uow:
        p = await profile_or_not_found(uow, profile_id)
        return Consent(p.consent_by or "", p.consent_on, p.consent_how or "")


async def record_consent(
    uow: UnitOfWork, *, actor: Actor, profile_id: int, given_by: str, given_on: date | str | None, how: str
) -> None:
    require(actor, "people.read")
    errors = Errors()
    given_by = clean_text(errors, "given_by", "Who gave consent", given_by, max_length=160)
    given_on = clean_date(
        errors,
        "given_on",
        given_on,
        required=True,
        missing="When was consent given?",
        future="Consent cannot be given in the future.",
    )
    if how not in CONSENT_WAYS:
        errors["how"] = "Choose how consent was given."
    errors.raise_if_any()
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        profile.consent_by, profile.consent_on, profile.consent_how = given_by, given_on, how
        uow.audit(
            actor,
            "profile.consent",
            "profile",
            profile_id,
            summary=f"personal-data consent by {given_by} on {current().date(given_on)}, {how.lower()}",
        )
        uow.changed(topics.profile(profile_id))
        await uow.commit()


async def set_shared_archived(uow: UnitOfWork, *, actor: Actor, profile_id: int, archived: bool) -> None:
    require(actor, "people.read")
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        if profile.kind != "shared":
            raise NotAllowed("Archive a client from their own profile.")
        profile.archived_at = utcnow() if archived else None
        uow.audit(
            actor, "shared.archived" if archived else "shared.restored", "profile", profile_id, summary=profile.name
        )
        uow.changed(topics.profile(profile_id), topics.SHARED)
        await uow.commit()


RECORDS = (  # what a shared profile may hold that must never be deleted with it: (label, table, condition)
    ("appointment", AppointmentRow, None),
    ("invoice", InvoiceRow, None),
    ("payment", PaymentRow, None),
    ("session pack", PackRow, None),
    ("session note", NoteRow, NoteRow.kind != "admin"),
    ("admin note", NoteRow, NoteRow.kind == "admin"),
    ("diagnosis", DiagnosisRow, None),
    ("file", FileRow, FileRow.kind == "record"),
    ("admin file", FileRow, FileRow.kind == "admin"),
    ("letter", FileRow, FileRow.kind == "letter"),
    ("referral", ReferralRow, None),
    ("task", TaskRow, None),
)
PLURALS = {"diagnosis": "diagnoses", "correspondence": "emails and SMS"}


async def kept_records(uow: UnitOfWork, profile: ProfileRow) -> list[str]:
    """Everything clinical, financial or administrative the profile holds, as '2 session notes', 'consent'."""
    held = []
    for what, table, condition in RECORDS:
        query = select(func.count()).select_from(table).where(table.profile_id == profile.id)
        if condition is not None:
            query = query.where(condition)
        if n := (await uow.session.execute(query)).scalar_one():
            held.append(f"{n} {what if n == 1 else PLURALS.get(what, what + 's')}")
    messages = (
        await uow.session.execute(
            select(func.count()).where(
                OutboxMessageRow.record_type == "profile", OutboxMessageRow.record_id == profile.id
            )
        )
    ).scalar_one()
    if messages:
        held.append(f"{messages} email{'s' if messages != 1 else ''} or SMS sent")
    if profile.consent_by:
        held.append("a record of personal-data consent")
    return held


@refusals_audited("shared.delete_refused", "profile", "profile_id")
async def delete_shared_profile(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> str:
    """Deletes a shared profile made by mistake; the members' own client records stay. Refused, naming what it
    holds, while it has any clinical, financial or administrative record (notes, diagnoses, files, letters,
    messages, admin notes, referrals, tasks, consent, appointments, invoices of any status, payments, packs):
    those are never deleted, so the way out is Archive. The database refuses it too (ON DELETE RESTRICT)."""
    require(actor, "people.read")
    async with uow:
        profile = await profile_or_not_found(uow, profile_id, lock=True)
        if profile.kind != "shared":
            raise NotAllowed("Client records are archived, not deleted.")
        invoices = (
            (await uow.session.execute(select(InvoiceRow).where(InvoiceRow.profile_id == profile_id))).scalars().all()
        )
        unpaid = [
            v for v in [await invoice_view(uow, i) for i in invoices] if v.status == "issued" and v.balance_cents > 0
        ]
        if unpaid:
            owing = ", ".join(f"{v.number_label} ({label(v.balance_cents)} owing)" for v in unpaid)
            raise NotAllowed(
                f"{profile.name} has unpaid invoices: {owing}. Record the payments or void them "
                "first; or archive the profile, which keeps them."
            )
        held = await kept_records(uow, profile)
        if held:
            listed = ", ".join(held[:-1]) + (" and " if len(held) > 1 else "") + held[-1]
            raise NotAllowed(
                f"{profile.name} cannot be deleted: it has {listed} on record, which are never "
                "deleted. Archive the profile instead: it leaves lists and searches, and nothing is lost."
            )
        name = profile.name
        await uow.session.execute(delete(MemberRow).where(MemberRow.profile_id == profile_id))
        await uow.session.delete(profile)
        uow.audit(actor, "shared.deleted", "profile", profile_id, summary=f"{name} deleted; members' records kept")
        uow.changed(topics.profile(profile_id), topics.SHARED)
        await uow.commit()
    return name
