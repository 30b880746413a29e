"""Billing Setup's Preferred Service or Pack, and the pack hook the calendar calls inside its transactions."""

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.pack_uses import PackUnavailable, covers, use_pack_in
from domain.billing.packs import bill_pack, open_pack_in
from domain.errors import NotFound, ValidationFailed
from storage.clients import ProfileRow
from storage.packs import PackRow, PackTemplateRow
from storage.scheduling import AppointmentRow, ServiceRow
from storage.uow import UnitOfWork


async def use_preferred_pack(uow: UnitOfWork, appointment: AppointmentRow, template_id: int) -> str:
    """Billing Setup's Preferred Service or Pack is a pack template: the appointment uses the client's open pack
    of it, or a new one is opened (billed on a new draft invoice of its own). When no pack of it can pay for this
    appointment (its service is not covered, the template is retired), the appointment is booked without a pack.
    Returns what the person booking should be told ("" when nothing needs saying)."""
    template = await uow.session.get(PackTemplateRow, template_id)
    service = await uow.session.get(ServiceRow, appointment.service_id) if appointment.service_id else None
    what = service.name if service else "an appointment without a service"
    candidates = (
        (
            await uow.session.execute(
                select(PackRow)
                .where(
                    PackRow.profile_id == appointment.profile_id,
                    PackRow.template_id == template_id,
                    PackRow.closed_at.is_(None),
                    PackRow.used < PackRow.size,
                )
                .order_by(PackRow.id)
            )
        )
        .scalars()
        .all()
    )
    for pack in candidates:
        try:  # a refusal writes nothing, so the next candidate can be tried in the same transaction
            await use_pack_in(uow, appointment=appointment, pack_id=pack.id)
            return ""
        except PackUnavailable:
            continue
    if template is None or not template.active:
        return "The preferred pack is no longer offered, so this appointment was booked without a pack."
    if not await covers(uow, template_id, appointment.service_id):
        return (
            f"{template.name} does not cover {what}, so this appointment was booked without the pack "
            "(Billing Setup's Preferred Service or Pack)."
        )
    assert appointment.profile_id is not None  # a client appointment
    try:
        async with uow.session.begin_nested():  # a new pack that cannot pay is not opened, nor billed
            pack = await open_pack_in(
                uow, profile_id=appointment.profile_id, template_id=template_id, starts_on=appointment.starts_at.date()
            )
            await bill_pack(uow, pack, invoice_id=None)
            await use_pack_in(uow, appointment=appointment, pack_id=pack.id)
    except PackUnavailable as exc:  # e.g. an hours pack smaller than this appointment
        reason = exc.message.removesuffix(" Open a new pack?")
        return f"A new {template.name} pack could not pay for this appointment ({reason}), so it was booked without it."
    return f"A new {template.name} pack was opened for this appointment; its price is on a new draft invoice."


async def billing_setup(uow: UnitOfWork, *, profile_id: int) -> str | None:
    """Billing > Billing Setup's Preferred Service or Pack, as "service:3" or "template:2" (None: none)."""
    async with uow:
        profile = await uow.session.get(ProfileRow, profile_id)
        if profile is None:
            return None
        if profile.preferred_template_id:
            return f"template:{profile.preferred_template_id}"
        return f"service:{profile.preferred_service_id}" if profile.preferred_service_id else None


async def set_billing_setup(uow: UnitOfWork, *, actor: Actor, profile_id: int, preferred: str | None) -> None:
    """Saves the Preferred Service or Pack: new appointments for this client get it added automatically."""
    require(actor, "billing")
    kind, _, raw = (preferred or "").partition(":")
    async with uow:
        profile = await uow.session.get(ProfileRow, profile_id)
        if profile is None:
            raise NotFound("That client no longer exists.")
        service_id: int | None = None
        template_id: int | None = None
        if kind == "service" and raw.isdigit() and await uow.session.get(ServiceRow, int(raw)) is not None:
            service_id = int(raw)
        elif kind == "template" and raw.isdigit() and await uow.session.get(PackTemplateRow, int(raw)) is not None:
            template_id = int(raw)
        elif preferred:
            raise ValidationFailed({"preferred": "Choose a service or a pack template from the list."})
        profile.preferred_service_id, profile.preferred_template_id = service_id, template_id
        uow.audit(actor, "billing.setup", "profile", profile_id, summary=f"preferred: {preferred or 'none'}")
        uow.changed(topics.billing(profile_id))
        await uow.commit()
