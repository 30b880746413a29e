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
        try:
            async with uow.session.begin_nested():
                await use_pack_in(uow, appointment=appointment, pack_id=pack.id)
            return
        except PackUnavailable:
            continue
    pack = await open_pack_in(uow, profile_id=appointment.profile_id, template_id=template_id,
                              starts_on=appointment.starts_at.date())
    await _bill_pack(uow, await _open_draft(uow, appointment.profile_id), pack)
    await use_pack_in(uow, appointment=appointment, pack_id=pack.id)
