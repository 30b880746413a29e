"""Session packs opened for a profile: from a template or ad hoc, billed on an invoice the user chose, used by
appointments (the rules of a use: pack_uses.py), closed when they expire."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.invoices import add_line, default_tax_percent, invoice_row, new_draft, session_label
from domain.billing.money import Line, from_cents
from domain.billing.pack_rules import PackState, progress_label, refusal, use_label
from domain.billing.pack_templates import clean_expiry_days, pack_size
from domain.billing.pack_uses import PackUnavailable, use_pack_in
from domain.errors import NotFound, ValidationFailed
from domain.formats import current
from domain.tasks.rules import pack_ended_task
from domain.validation import Errors, clean_money, clean_note, clean_text
from storage.billing import InvoiceItemRow, InvoiceRow
from storage.clients import ProfileRow
from storage.packs import METRICS, PackRow, PackTemplateRow, PackUseRow
from storage.scheduling import AppointmentRow
from storage.types import utcnow
from storage.uow import UnitOfWork

__all__ = ["PackUnavailable"]  # pages catch it from here


@dataclass(frozen=True)
class PackView:
    id: int
    profile_id: int
    name: str
    state: PackState
    price_cents: int
    reduced_rate_cents: int
    starts_on: date

    @property
    def progress(self) -> str:
        return progress_label(self.state)

    @property
    def open(self) -> bool:
        return refusal(self.state, 1, date.today()) is None


def _view(row: PackRow) -> PackView:
    return PackView(
        row.id,
        row.profile_id,
        row.name,
        PackState(row.name, row.metric, row.size, row.used, row.expires_on, row.closed_at is not None),
        row.price_cents,
        row.reduced_rate_cents,
        row.starts_on,
    )


async def list_packs(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> list[PackView]:
    """The profile's packs, open ones first."""
    require(actor, "billing")
    async with uow:
        rows = (
            (
                await uow.session.execute(
                    select(PackRow).where(PackRow.profile_id == profile_id).order_by(PackRow.id.desc())
                )
            )
            .scalars()
            .all()
        )
    views = [_view(r) for r in rows]
    return sorted(views, key=lambda v: not v.open)


async def open_pack_in(
    uow: UnitOfWork, *, profile_id: int, template_id: int | None, starts_on: date, ad_hoc: dict | None = None
) -> PackRow:
    """Inside the caller's transaction: a new pack from a template, or ad hoc (name, metric, size...)."""
    if template_id is not None:
        t = await uow.session.get(PackTemplateRow, template_id)
        if t is None or not t.active:
            raise NotFound("That pack template is no longer offered.")
        values = dict(
            template_id=t.id,
            name=t.name,
            description=t.description,
            metric=t.metric,
            size=t.size,
            price_cents=t.price_cents,
            reduced_rate_cents=t.reduced_rate_cents,
            expires_on=starts_on + timedelta(days=t.expiry_days) if t.expiry_days else None,
        )
    else:
        errors = Errors()
        a = ad_hoc or {}
        name = clean_text(errors, "name", "Name", a.get("name"), max_length=120)
        metric = a.get("metric") if a.get("metric") in METRICS else None
        if metric is None:
            errors["metric"] = "Choose what the pack counts."
        size = pack_size(errors, metric, a.get("size")) if metric else 0
        price = clean_money(errors, "price", "Price", a.get("price"))
        reduced = clean_money(errors, "reduced_rate", "Reduced rate", a.get("reduced_rate") or "0")
        days = clean_expiry_days(errors, a.get("expiry_days"))
        errors.raise_if_any()
        values = dict(
            template_id=None,
            name=name,
            description=clean_note(a.get("description"), max_length=2000),
            metric=metric,
            size=size,
            price_cents=price,
            reduced_rate_cents=reduced,
            expires_on=starts_on + timedelta(days=days) if days else None,
        )
    if await uow.session.get(ProfileRow, profile_id) is None:
        raise NotFound("That client no longer exists.")
    row = PackRow(profile_id=profile_id, starts_on=starts_on, used=0, **values)
    uow.session.add(row)
    await uow.session.flush()
    uow.changed(topics.billing(profile_id))
    return row


async def bill_pack(uow: UnitOfWork, pack: PackRow, *, invoice_id: int | None) -> InvoiceRow:
    """Inside the caller's transaction: the pack's price as a line on the draft invoice the user chose, or on a
    new draft (invoice_id None); never silently on whichever draft happens to be newest."""
    if invoice_id is None:
        invoice = await new_draft(uow, await uow.get(ProfileRow, pack.profile_id))
    else:
        invoice = await invoice_row(uow, invoice_id, draft=True)
        if invoice.profile_id != pack.profile_id:
            raise NotFound("That invoice is not this client's.")
    tax = await default_tax_percent(uow)
    add_line(
        uow,
        invoice.id,
        Line(Decimal(1), from_cents(pack.price_cents), Decimal(0), tax),
        kind="pack",
        description=f"Session pack: {pack.name}",
        pack_id=pack.id,
    )
    await uow.session.flush()
    uow.changed(topics.billing(pack.profile_id))
    return invoice


async def add_new_pack(
    uow: UnitOfWork,
    *,
    actor: Actor,
    profile_id: int,
    template_id: int | None = None,
    ad_hoc: dict | None = None,
    starts_on: date | None = None,
    invoice_id: int | None = None,
) -> PackView:
    """+ Add New Pack (profile), a template chosen on an invoice (Add Invoice Item). The pack's price is billed
    on the draft invoice chosen (invoice_id), or on a new draft."""
    require(actor, "billing")
    async with uow:
        pack = await open_pack_in(
            uow, profile_id=profile_id, template_id=template_id, starts_on=starts_on or date.today(), ad_hoc=ad_hoc
        )
        await bill_pack(uow, pack, invoice_id=invoice_id)
        uow.audit(actor, "pack.opened", "pack", pack.id, summary=f"{pack.name} ({pack.metric} {pack.size})")
        view = _view(pack)
        await uow.commit()
    return view


async def use_pack(
    uow: UnitOfWork,
    *,
    actor: Actor,
    appointment_id: int,
    pack_id: int | None = None,
    template_id: int | None = None,
    invoice_id: int | None = None,
) -> str:
    """The appointment panel's pack: an open pack, or a template (opens a new pack, billed on the draft invoice
    chosen, or a new one). Returns "Session 3 of 10" (or what is left)."""
    require(actor, "billing")
    async with uow:
        appointment = await uow.session.get(AppointmentRow, appointment_id, with_for_update=True)
        if appointment is None or appointment.profile_id is None:
            raise NotFound("That client appointment no longer exists.")
        if appointment.status == "cancelled":
            raise PackUnavailable("A cancelled appointment does not use a pack.")
        if appointment.status == "requested":
            raise PackUnavailable("A booking request does not use a pack until it is confirmed.")
        if template_id is not None:
            pack = await open_pack_in(
                uow, profile_id=appointment.profile_id, template_id=template_id, starts_on=appointment.starts_at.date()
            )
            await bill_pack(uow, pack, invoice_id=invoice_id)
            pack_id = pack.id
        if pack_id is None:
            raise ValidationFailed({"pack": "Choose an open pack or a pack template."})
        pack, use = await use_pack_in(uow, appointment=appointment, pack_id=pack_id)
        text = use_label(pack.metric, sequence=use.sequence, used_after=await used_up_to(uow, use), size=pack.size)
        uow.audit(actor, "pack.used", "pack", pack.id, summary=f"{text} (appointment {appointment.id})")
        uow.changed(topics.CALENDAR)
        await uow.commit()
    return text


async def used_up_to(uow: UnitOfWork, use: PackUseRow) -> int:
    return (
        await uow.session.execute(
            select(func.coalesce(func.sum(PackUseRow.amount), 0)).where(
                PackUseRow.pack_id == use.pack_id, PackUseRow.held(), PackUseRow.sequence <= use.sequence
            )
        )
    ).scalar_one()


async def appointment_pack(uow: UnitOfWork, *, appointment_id: int) -> tuple[PackView, str] | None:
    """The pack an appointment uses, with its "Session n of M" label, for the appointment panel."""
    async with uow:
        use = (
            await uow.session.execute(
                select(PackUseRow).where(PackUseRow.appointment_id == appointment_id, PackUseRow.held())
            )
        ).scalar_one_or_none()
        if use is None:
            return None
        pack = await uow.get(PackRow, use.pack_id)
        return _view(pack), await session_label(uow, pack, use)


async def bill_open_pack(uow: UnitOfWork, *, actor: Actor, invoice_id: int, pack_id: int) -> None:
    """Add Invoice Item > an Open Session Pack: bills a pack that is not on any invoice yet."""
    require(actor, "billing")
    async with uow:
        invoice = await invoice_row(uow, invoice_id, draft=True)
        pack = await uow.session.get(PackRow, pack_id)
        if pack is None or pack.profile_id != invoice.profile_id:
            raise NotFound("That pack is not this client's.")
        if (
            await uow.session.execute(
                select(InvoiceItemRow.id).where(InvoiceItemRow.pack_id == pack_id, InvoiceItemRow.kind == "pack")
            )
        ).first():
            raise PackUnavailable(f"{pack.name} is already on an invoice.")
        await bill_pack(uow, pack, invoice_id=invoice.id)
        uow.audit(actor, "invoice.item_added", "invoice", invoice.id, summary=f"Session pack: {pack.name}")
        await uow.commit()


async def close_expired_packs(uow: UnitOfWork, *, today: date) -> int:
    """Daily: a pack past its expiry date with sessions left makes its task (if the clinic wants one)."""
    async with uow:
        rows = (
            (
                await uow.session.execute(
                    select(PackRow).where(
                        PackRow.expires_on < today, PackRow.closed_at.is_(None), PackRow.used < PackRow.size
                    )
                )
            )
            .scalars()
            .all()
        )
        for pack in rows:
            last = (
                await uow.session.execute(
                    select(AppointmentRow.practitioner_id)
                    .join(PackUseRow, PackUseRow.appointment_id == AppointmentRow.id)
                    .where(PackUseRow.pack_id == pack.id, PackUseRow.held())
                    .order_by(PackUseRow.sequence.desc())
                    .limit(1)
                )
            ).scalar_one_or_none()
            why = f"expired on {current().date(pack.expires_on)}"
            await pack_ended_task(uow, pack=pack, practitioner_id=last, why=why)
            pack.closed_at = utcnow()
            uow.changed(topics.pack(pack.id), topics.billing(pack.profile_id))
        await uow.commit()
    return len(rows)
