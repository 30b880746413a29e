"""Booking, moving, resizing, status changes and cancelling: one transaction and one audit entry each.

Every write re-checks the rules inside its transaction and lets the database refuse an overlap
(see clashes.py); a refused overlap becomes a Clash naming what is in the way.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.exc import DBAPIError

from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.pack_uses import PackUnavailable, use_pack_in
from domain.billing.packs import bill_pack, open_pack_in
from domain.billing.preferred import use_preferred_pack
from domain.errors import NotFound, ValidationFailed
from domain.scheduling import rules
from domain.scheduling.appointment_changes import (
    change_status_in,
    locked_appointment,
    move_in,
    record_change,
    refuse_request,
    refuse_restoring_a_request,
)
from domain.scheduling.appointment_views import STATUS_LABELS, AppointmentView, appointment_query, view_of
from domain.scheduling.clashes import Clash, clash_message, find_clash, is_overlap_refusal, raise_clash
from domain.scheduling.reminders import schedule_reminders
from domain.scheduling.times import describe
from domain.validation import Errors, clean_line, clean_note, clean_text
from storage.scheduling import APPOINTMENT_KINDS, AppointmentRow
from storage.types import utcnow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Booking:
    practitioner_id: int
    start: datetime  # aware
    end: datetime
    kind: str = "client"
    profile_id: int | None = None
    service_id: int | None = None
    title: str = ""
    notes: str = ""
    pack_id: int | None = None  # an open pack of the client's pays for it
    template_id: int | None = None  # or a new pack of this template, billed on invoice_id (None: a new draft)
    invoice_id: int | None = None


@dataclass(frozen=True)
class Booked:
    """What add_booking made, and what the person booking should be told about its pack."""

    row: AppointmentRow
    remark: str = ""
    pack_id: int | None = None


async def get_appointment(uow: UnitOfWork, *, appointment_id: int) -> AppointmentView:
    async with uow:
        found = (await uow.session.execute(appointment_query().where(AppointmentRow.id == appointment_id))).first()
        if found is None:
            raise NotFound("That appointment no longer exists.")
        return view_of(found)


async def add_booking(
    uow: UnitOfWork,
    booking: Booking,
    *,
    now: datetime,
    confirmed_outside_hours: bool,
    series_id: int | None = None,
    strict_pack: bool = True,
) -> Booked:
    """Inside the caller's transaction: checks one booking and inserts it (flushed), with its pack: the one
    chosen (refused at the pack field if it cannot pay; with strict_pack=False booked without it and said so),
    or Billing Setup's preferred pack (booked without it, and said so, when it cannot pay)."""
    errors = Errors()
    if booking.kind not in APPOINTMENT_KINDS:
        errors["kind"] = "Unknown kind of appointment."
    title = clean_text(errors, "title", "Title", booking.title, max_length=160, required=False)
    notes = clean_note(booking.notes, max_length=4000)
    errors.raise_if_any()
    rules.check_times(booking.start, booking.end, now)
    tz = await rules.clinic_zone(uow)
    user = await rules.practitioner_or_refuse(uow, booking.practitioner_id, lock=True)
    profile = service = None
    if booking.kind == "client":
        profile = await rules.profile_or_refuse(uow, booking.profile_id)
        service = (
            await rules.service_or_refuse(uow, booking.service_id)
            if booking.service_id
            else await rules.preferred_service(uow, profile)
        )
    other = await find_clash(uow, practitioner_id=user.id, start=booking.start, end=booking.end)
    if other:
        raise Clash(clash_message(other, tz), other)
    outside = await rules.check_working_hours(
        uow, user, booking.start, booking.end, tz, confirmed=confirmed_outside_hours
    )
    row = AppointmentRow(
        practitioner_id=user.id,
        profile_id=profile.id if profile else None,
        service_id=service.id if service else None,
        kind=booking.kind,
        title=title,
        notes=notes,
        starts_at=booking.start,
        ends_at=booking.end,
        price_cents=service.price_cents if service else None,
        outside_hours=outside,
        series_id=series_id,
        status="booked",
        version=1,
    )
    uow.session.add(row)
    await uow.session.flush()
    await schedule_reminders(uow, row, now=now)
    if profile is None:
        return Booked(row)
    if booking.pack_id or booking.template_id:
        return await _use_chosen_pack(uow, row, booking, strict=strict_pack)
    if profile.preferred_template_id:
        return Booked(row, await use_preferred_pack(uow, row, profile.preferred_template_id))
    return Booked(row)


async def _use_chosen_pack(uow: UnitOfWork, row: AppointmentRow, booking: Booking, *, strict: bool) -> Booked:
    assert row.profile_id is not None  # a client appointment
    pack_id = booking.pack_id
    try:
        if booking.template_id is not None:
            pack = await open_pack_in(
                uow, profile_id=row.profile_id, template_id=booking.template_id, starts_on=row.starts_at.date()
            )
            await bill_pack(uow, pack, invoice_id=booking.invoice_id)
            pack_id = pack.id
        assert pack_id is not None  # a pack or a template was chosen
        pack, _use = await use_pack_in(uow, appointment=row, pack_id=pack_id)
    except PackUnavailable as exc:
        if strict:
            raise ValidationFailed({"pack": exc.message}) from None
        return Booked(
            row,
            f"{describe(row.starts_at, row.ends_at, await rules.clinic_zone(uow))} was booked "
            f"without the pack: {exc.message.removesuffix(' Open a new pack?')}",
            pack_id,
        )
    return Booked(row, "", pack.id)


async def book_appointment(
    uow: UnitOfWork,
    *,
    actor: Actor,
    booking: Booking,
    confirmed_outside_hours: bool = False,
    now: datetime | None = None,
) -> AppointmentView:
    """Books one appointment (or non-client time). Raises Clash, OutsideHours (ask, then call again with
    confirmed_outside_hours=True), ValidationFailed or NotFound."""
    require(actor, "calendar")
    now = now or utcnow()
    async with uow:
        try:
            booked = await add_booking(uow, booking, now=now, confirmed_outside_hours=confirmed_outside_hours)
            view = replace(await record_change(uow, actor, booked.row, "appointment.booked"), remark=booked.remark)
            await uow.commit()
        except DBAPIError as exc:
            if not is_overlap_refusal(exc):
                raise
            await uow.rollback()
            await raise_clash(
                uow,
                practitioner_id=booking.practitioner_id,
                start=booking.start,
                end=booking.end,
                except_id=None,
                tz=await rules.clinic_zone(uow),
            )
    return view


async def move_appointment(
    uow: UnitOfWork,
    *,
    actor: Actor,
    appointment_id: int,
    version: int,
    start: datetime,
    end: datetime,
    practitioner_id: int | None = None,
    confirmed_outside_hours: bool = False,
    now: datetime | None = None,
) -> AppointmentView:
    """Moves or resizes (drag, or Reschedule in the panel). `version` is what the browser saw:
    if someone else moved it since, StaleAppointment; nothing changes."""
    require(actor, "calendar")
    now = now or utcnow()
    target_id = practitioner_id
    async with uow:
        try:
            row = await locked_appointment(uow, appointment_id, version)
            refuse_request(row)
            target_id = practitioner_id or row.practitioner_id
            view = await move_in(
                uow, actor, row, start, end, target_id, now=now, confirmed_outside_hours=confirmed_outside_hours
            )
            await uow.commit()
        except DBAPIError as exc:
            if not is_overlap_refusal(exc):
                raise
            await uow.rollback()
            await raise_clash(
                uow,
                practitioner_id=target_id or 0,
                start=start,
                end=end,
                except_id=appointment_id,
                tz=await rules.clinic_zone(uow),
            )
    return view


async def set_appointment_status(
    uow: UnitOfWork,
    *,
    actor: Actor,
    appointment_id: int,
    status: str,
    reason: str = "",
    version: int | None = None,
    now: datetime | None = None,
) -> AppointmentView:
    """Booked, arrived, completed, no-show; or cancelled with a reason (it stays in history and frees the
    time). Un-cancelling takes the time back only if it is still free."""
    require(actor, "calendar")
    if status not in STATUS_LABELS or status == "requested":
        raise ValidationFailed({"status": "Unknown status."})
    reason = clean_line(reason, max_length=300)
    if status == "cancelled" and not reason:
        raise ValidationFailed({"reason": "Give a reason for cancelling (e.g. “Client is unwell”)."})
    now = now or utcnow()
    async with uow:
        try:
            row = await locked_appointment(uow, appointment_id, version)
            refuse_request(row)
            previous = row.status
            if previous == status:
                return await get_appointment(uow.fresh(), appointment_id=appointment_id)
            if previous == "cancelled":
                await refuse_restoring_a_request(uow, row)
                tz = await rules.clinic_zone(uow)
                other = await find_clash(
                    uow, practitioner_id=row.practitioner_id, start=row.starts_at, end=row.ends_at, except_id=row.id
                )
                if other:
                    raise Clash("It cannot be restored. " + clash_message(other, tz), other)
            view, _credit = await change_status_in(uow, actor, row, status, reason, now=now)
            await uow.commit()
        except DBAPIError as exc:
            if not is_overlap_refusal(exc):
                raise
            await uow.rollback()
            raise Clash("It cannot be restored: that time was just taken by another booking.") from None
    return view
