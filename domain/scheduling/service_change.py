"""Changing an existing appointment's service in its panel: the length and price follow the service, and a
pack it uses is used again for the new service (or the change is refused, saying why)."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.pack_uses import PackUnavailable, release_pack_use, use_pack_in
from domain.errors import ValidationFailed
from domain.scheduling import rules
from domain.scheduling.appointment_views import AppointmentView
from domain.scheduling.booking import locked_appointment, record_change, refuse_request
from domain.scheduling.clashes import Clash, OutsideHours, clash_message, find_clash, is_overlap_refusal, raise_clash
from storage.packs import PackUseRow
from storage.types import utcnow
from storage.uow import UnitOfWork


async def change_appointment_service(
    uow: UnitOfWork, *, actor: Actor, appointment_id: int, version: int, service_id: int, now: datetime | None = None
) -> AppointmentView:
    """The new service's length (from the same start) and price. Refused, with the reason, when the longer time
    clashes, or the pack the appointment uses does not cover the new service or has too little left."""
    require(actor, "calendar")
    now = now or utcnow()
    async with uow:
        row = await locked_appointment(uow, appointment_id, version)
        refuse_request(row)
        if row.kind != "client" or row.status == "cancelled":
            raise ValidationFailed({"service": "Only a booked client appointment can change its service."})
        service = await rules.service_or_refuse(uow, service_id)
        if service is None:
            raise ValidationFailed({"service": "Choose a service."})
        if service.id == row.service_id:
            raise ValidationFailed({"service": f"The appointment is already for {service.name}."})
        before, start, practitioner_id = row.service_id, row.starts_at, row.practitioner_id
        end = row.starts_at + timedelta(minutes=service.duration_minutes)
        tz = await rules.clinic_zone(uow)
        user = await rules.practitioner_or_refuse(uow, row.practitioner_id, lock=True)
        other = await find_clash(uow, practitioner_id=user.id, start=row.starts_at, end=end, except_id=row.id)
        if other:
            raise Clash(f"{service.name} takes {service.duration_minutes} minutes. {clash_message(other, tz)}", other)
        try:
            outside = await rules.check_working_hours(uow, user, row.starts_at, end, tz, confirmed=row.outside_hours)
        except OutsideHours:
            outside = True  # it was inside; the longer service runs past the hours: keep it, and say so on the panel
        use = (
            await uow.session.execute(select(PackUseRow).where(PackUseRow.appointment_id == row.id, PackUseRow.held()))
        ).scalar_one_or_none()
        pack_id = await release_pack_use(uow, row.id) if use is not None else None
        row.service_id, row.price_cents, row.ends_at = service.id, service.price_cents, end
        row.outside_hours, row.version, row.updated_at = outside, row.version + 1, now
        try:
            await uow.session.flush()
            if pack_id is not None:
                await use_pack_in(uow, appointment=row, pack_id=pack_id)
            view = await record_change(
                uow, actor, row, "appointment.service", extra=f" (service #{before} → {service.name})"
            )
            await uow.commit()
        except PackUnavailable as exc:
            raise ValidationFailed(
                {"service": f"{exc.message.removesuffix(' Open a new pack?')} The service was not changed."}
            ) from None
        except DBAPIError as exc:
            if not is_overlap_refusal(exc):
                raise
            await uow.rollback()
            await raise_clash(
                uow, practitioner_id=practitioner_id, start=start, end=end, except_id=appointment_id, tz=tz
            )
    return view
