"""Changes to an appointment inside the caller's transaction, shared by the calendar (staff) and the Client Portal:
moving it (diaries locked in one order, the clash check, working hours, reminders, pack numbering) and changing its
status (a cancellation releases its pack use and turns a prepaid booking's payment into account credit); the audit
entry and live topics of each change (record_change)."""

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select, update

from domain import topics
from domain.actor import Actor
from domain.billing.money import label as money_label
from domain.billing.pack_uses import release_pack_use, renumber_after_move
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.scheduling import rules
from domain.scheduling.appointment_views import STATUS_LABELS, AppointmentView, appointment_query, view_of
from domain.scheduling.clashes import Clash, StaleAppointment, clash_message, find_clash
from domain.scheduling.reminders import schedule_reminders
from domain.scheduling.times import describe
from storage.accounts import StaffUserRow
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow
from storage.uow import UnitOfWork, rows_changed


async def record_change(
    uow: UnitOfWork, actor: Actor, row: AppointmentRow, action: str, extra: str = ""
) -> AppointmentView:
    """Inside the caller's transaction: the audit entry of an appointment change, and the live topics it touches."""
    found = (await uow.session.execute(appointment_query().where(AppointmentRow.id == row.id))).first()
    view = view_of(found)
    tz = await rules.clinic_zone(uow)
    summary = f"{view.label} with {view.practitioner_name}, {describe(view.starts_at, view.ends_at, tz)}"
    if view.outside_hours and action in ("appointment.booked", "appointment.moved"):
        summary += "; outside working hours, confirmed"
    uow.audit(actor, action, "appointment", row.id, summary=summary + extra)
    uow.changed(topics.CALENDAR, topics.appointment(row.id))
    if view.profile_id:
        uow.changed(topics.profile(view.profile_id))
    return view


async def locked_appointment(uow: UnitOfWork, appointment_id: int, version: int | None) -> AppointmentRow:
    # populate_existing: a row this transaction read before (unlocked) is read again under the lock, so its
    # status and version are what the database holds now, not what an earlier read kept in the session.
    row = await uow.session.get(AppointmentRow, appointment_id, with_for_update=True, populate_existing=True)
    if row is None:
        raise NotFound("That appointment no longer exists; it may have been removed by someone else.")
    if version is not None and row.version != version:
        raise StaleAppointment(
            "Someone else changed this appointment a moment ago. The calendar now shows "
            "it as it is; try again if you still want to change it."
        )
    return row


async def _prepaid_to_credit(uow: UnitOfWork, actor: Actor, appointment_id: int, reason: str) -> int:
    """A prepaid booking cancelled: its invoice is voided and the payment becomes account credit (Setup's
    cancellation policy says whether staff then refund it). Returns the credit (0: not prepaid)."""
    from domain.scheduling.online.expiry import void_paid_invoice

    request = (
        await uow.session.execute(select(BookingRequestRow).where(BookingRequestRow.appointment_id == appointment_id))
    ).scalar_one_or_none()
    if request is None:
        return 0
    return await void_paid_invoice(uow, request, f"Appointment cancelled: {reason}"[:300], actor)


def refuse_request(row: AppointmentRow) -> None:
    """A booking request is confirmed or declined (Requests), not changed like an appointment."""
    if row.status == "requested":
        raise NotAllowed(
            "This is a booking request, not an appointment yet: Confirm or Decline it first (Requests, or the panel)."
        )


async def refuse_restoring_a_request(uow: UnitOfWork, row: AppointmentRow) -> None:
    """A declined or expired booking request stays what it was: the time is booked anew, not restored."""
    state = (
        await uow.session.execute(select(BookingRequestRow.state).where(BookingRequestRow.appointment_id == row.id))
    ).scalar_one_or_none()
    if state in ("declined", "expired"):
        raise NotAllowed(f"This booking request was {state}; it cannot be restored. Book a new appointment instead.")


async def move_in(
    uow: UnitOfWork,
    actor: Actor,
    row: AppointmentRow,
    start: datetime,
    end: datetime,
    target_id: int,
    *,
    now: datetime,
    confirmed_outside_hours: bool = False,
    extra: str = "",
) -> AppointmentView:
    """Inside the caller's transaction (the row locked by locked_appointment): moves or resizes it. The database's
    overlap rule may still refuse at flush (the caller turns that into a Clash)."""
    version = row.version
    for diary in sorted({row.practitioner_id, target_id}):  # one order everywhere: no deadlock
        await uow.session.get(StaffUserRow, diary, with_for_update={"key_share": True})
    if row.status == "cancelled":
        raise ValidationFailed({"start": "A cancelled appointment cannot be moved. Book a new one."})
    rules.check_times(start, end, now)
    tz = await rules.clinic_zone(uow)
    user = await rules.practitioner_or_refuse(uow, target_id)
    before = describe(row.starts_at, row.ends_at, tz)
    other = await find_clash(uow, practitioner_id=user.id, start=start, end=end, except_id=row.id)
    if other:
        raise Clash(clash_message(other, tz), other)
    outside = await rules.check_working_hours(uow, user, start, end, tz, confirmed=confirmed_outside_hours)
    moved = await uow.session.execute(
        update(AppointmentRow)
        .where(AppointmentRow.id == row.id, AppointmentRow.version == version)
        .values(
            starts_at=start,
            ends_at=end,
            practitioner_id=user.id,
            outside_hours=outside,
            version=version + 1,
            updated_at=now,
        )
    )
    if rows_changed(moved) != 1:
        raise StaleAppointment(
            "Someone else changed this appointment a moment ago. The calendar now shows it as it is."
        )
    await uow.session.refresh(row)
    await schedule_reminders(uow, row, now=now)
    await renumber_after_move(uow, row.id)
    return await record_change(uow, actor, row, "appointment.moved", extra=f" (was {before})" + extra)


async def change_status_in(
    uow: UnitOfWork, actor: Actor, row: AppointmentRow, status: str, reason: str, *, now: datetime, more: str = ""
) -> tuple[AppointmentView, int]:
    """Inside the caller's transaction (the row locked, the change allowed): the new status; a cancellation frees the
    time, releases its pack use and turns a prepaid booking's payment into account credit (said in the view's
    remark). Returns the view and that credit in cents (0: none)."""
    previous = row.status
    row.status, row.version, row.updated_at = status, row.version + 1, now
    row.cancel_reason = reason if status == "cancelled" else None
    await uow.session.flush()
    credit = 0
    if status == "cancelled":
        await release_pack_use(uow, row.id)
        credit = await _prepaid_to_credit(uow, actor, row.id, reason)
    await schedule_reminders(uow, row, now=now)
    extra = f": {STATUS_LABELS[previous]} → {STATUS_LABELS[status]}" + (f" ({reason})" if reason else "")
    if credit:
        extra += f"; its online payment of {money_label(credit)} is now account credit"
    view = await record_change(
        uow, actor, row, "appointment.cancelled" if status == "cancelled" else "appointment.status", extra=extra + more
    )
    if credit:
        view = replace(
            view,
            remark=f"Its online payment of {money_label(credit)} is now account credit (the clinic's "
            "cancellation policy): use it for a later booking, or refund it from the client's Billing tab.",
        )
    return view, credit
