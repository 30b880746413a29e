"""Admin > Manage for any profile: personal-data consent (who, when, how); archive; delete a shared profile
(members' own client records stay). Refused, with the reason, while money is owed or history exists."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.audit.log import refusals_audited
from domain.billing.views import invoice_view
from domain.changes import changes
from domain.clients.people import profile_or_not_found
from domain.errors import NotAllowed
from domain.households.members import SHARED_TOPIC, profile_topic
from domain.validation import Errors, clean_date, clean_text
from storage.billing import InvoiceRow, PaymentRow
from storage.households import MemberRow
from storage.packs import PackRow
from storage.scheduling import AppointmentRow
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


async def record_consent(uow: UnitOfWork, *, actor: Actor, profile_id: int, given_by: str,
                         given_on: date | str | None, how: str) -> None:
    require(actor, "people.read")
    errors = Errors()
    given_by = clean_text(errors, "given_by", "Who gave consent", given_by, max_length=160)
    given_on = clean_date(errors, "given_on", given_on, required=True, missing="When was consent given?",
                          future="Consent cannot be given in the future.")
    if how not in CONSENT_WAYS:
        errors["how"] = "Choose how consent was given."
    errors.raise_if_any()
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        profile.consent_by, profile.consent_on, profile.consent_how = given_by, given_on, how
        uow.audit(actor, "profile.consent", "profile", profile_id,
                  summary=f"personal-data consent by {given_by} on {given_on:%d %b %Y}, {how.lower()}")
        await uow.commit()
    changes.publish(profile_topic(profile_id))


async def set_shared_archived(uow: UnitOfWork, *, actor: Actor, profile_id: int, archived: bool) -> None:
    require(actor, "people.read")
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        if profile.kind != "shared":
            raise NotAllowed("Archive a client from their own profile.")
        profile.archived_at = utcnow() if archived else None
        uow.audit(actor, "shared.archived" if archived else "shared.restored", "profile", profile_id,
                  summary=profile.name)
        await uow.commit()
    changes.publish(profile_topic(profile_id))
    changes.publish(SHARED_TOPIC)


@refusals_audited("shared.delete_refused", "profile", "profile_id")
async def delete_shared_profile(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> str:
    """Deletes a shared profile made by mistake; the members' own client records stay. Refused while it has
    unpaid invoices (they are money owed), or any invoices or appointments (history): archive it instead."""
    require(actor, "people.read")
    async with uow:
        profile = await profile_or_not_found(uow, profile_id, lock=True)
        if profile.kind != "shared":
            raise NotAllowed("Client records are archived, not deleted.")
        invoices = (await uow.session.execute(select(InvoiceRow).where(
            InvoiceRow.profile_id == profile_id))).scalars().all()
        unpaid = [v for v in [await invoice_view(uow, i) for i in invoices] if v.status == "issued" and v.balance_cents > 0]
        if unpaid:
            owing = ", ".join(f"{v.number_label} ({v.balance_cents / 100:,.2f} owing)" for v in unpaid)
            raise NotAllowed(f"{profile.name} has unpaid invoices: {owing}. Record the payments or void them "
                             "first; or archive the profile, which keeps them.")
        appointments = (await uow.session.execute(select(func.count()).where(
            AppointmentRow.profile_id == profile_id))).scalar_one()
        payments = (await uow.session.execute(select(func.count()).where(
            PaymentRow.profile_id == profile_id))).scalar_one()
        packs = (await uow.session.execute(select(func.count()).where(PackRow.profile_id == profile_id))).scalar_one()
        if invoices or appointments or payments or packs:
            held = ", ".join(f"{n} {what}" for n, what in ((appointments, "appointment(s)"), (len(invoices), "invoice(s)"),
                                                          (payments, "payment(s)"), (packs, "session pack(s)")) if n)
            raise NotAllowed(f"{profile.name} has {held} on record, which must stay. Archive the profile "
                             "instead: it leaves lists and searches, and nothing is lost.")
        name = profile.name
        await uow.session.execute(delete(MemberRow).where(MemberRow.profile_id == profile_id))
        await uow.session.delete(profile)
        uow.audit(actor, "shared.deleted", "profile", profile_id, summary=f"{name} deleted; members' records kept")
        await uow.commit()
    changes.publish(profile_topic(profile_id))
    changes.publish(SHARED_TOPIC)
    return name
