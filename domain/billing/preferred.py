"""Billing hooks the calendar calls inside its own transactions: the preferred pack of a new
appointment, and giving a session back when an appointment is cancelled."""
from sqlalchemy import select

from domain.billing.packs import PackUnavailable, _bill_pack, _open_draft, open_pack_in, release_pack_use, use_pack_in
from storage.packs import PackRow
from storage.scheduling import AppointmentRow
from storage.uow import UnitOfWork

__all__ = ["release_pack_use", "use_preferred_pack"]


async def use_preferred_pack(uow: UnitOfWork, appointment: AppointmentRow, template_id: int) -> None:
    """Billing Setup's Preferred Service or Pack is a pack template: the appointment uses the client's open
    pack of it, or a new one is opened (and billed on the client's draft invoice)."""
    candidates = (await uow.session.execute(select(PackRow).where(
        PackRow.profile_id == appointment.profile_id, PackRow.template_id == template_id,
        PackRow.closed_at.is_(None), PackRow.used < PackRow.size).order_by(PackRow.id))).scalars().all()
    for pack in candidates:
        try:  # a refusal writes nothing, so the next candidate can be tried in the same transaction
            await use_pack_in(uow, appointment=appointment, pack_id=pack.id)
            return
        except PackUnavailable:
            continue
    pack = await open_pack_in(uow, profile_id=appointment.profile_id, template_id=template_id,
                              starts_on=appointment.starts_at.date())
    await _bill_pack(uow, await _open_draft(uow, appointment.profile_id), pack)
    await use_pack_in(uow, appointment=appointment, pack_id=pack.id)


async def billing_setup(uow: UnitOfWork, *, profile_id: int) -> str | None:
    """Billing > Billing Setup's Preferred Service or Pack, as "service:3" or "template:2" (None: none)."""
    from storage.people import ProfileRow
    async with uow:
        profile = await uow.session.get(ProfileRow, profile_id)
        if profile is None:
            return None
        if profile.preferred_template_id:
            return f"template:{profile.preferred_template_id}"
        return f"service:{profile.preferred_service_id}" if profile.preferred_service_id else None


async def set_billing_setup(uow: UnitOfWork, *, actor, profile_id: int, preferred: str | None) -> None:
    """Saves the Preferred Service or Pack: new appointments for this client get it added automatically."""
    from domain.accounts.roles import require
    from domain.changes import changes
    from domain.errors import NotFound, ValidationFailed
    from storage.packs import PackTemplateRow
    from storage.people import ProfileRow
    from storage.scheduling import ServiceRow
    require(actor, "billing")
    kind, _, raw = (preferred or "").partition(":")
    async with uow:
        profile = await uow.session.get(ProfileRow, profile_id)
        if profile is None:
            raise NotFound("That client no longer exists.")
        service_id = template_id = None
        if kind == "service" and await uow.session.get(ServiceRow, int(raw)):
            service_id = int(raw)
        elif kind == "template" and await uow.session.get(PackTemplateRow, int(raw)):
            template_id = int(raw)
        elif preferred:
            raise ValidationFailed({"preferred": "Choose a service or a pack template from the list."})
        profile.preferred_service_id, profile.preferred_template_id = service_id, template_id
        uow.audit(actor, "billing.setup", "profile", profile_id, summary=f"preferred: {preferred or 'none'}")
        await uow.commit()
    changes.publish(("billing", profile_id))
