"""The Client Portal's appointments: what is coming up for the current profile, and cancelling one inside the
clinic's window (Setup > Online Booking: "cancellation window"). Outside it the client is told to call the clinic,
with its number. Staff are told of every change a client makes (a task for the practitioner, and the calendar
updates live). Moving an appointment: portal_reschedule.py.

Everything goes through the one access policy (domain/households/access.py): another client's appointment id is
answered as not found, audited, and nothing changes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from domain import topics
from domain.billing.money import label as money_label
from domain.clinic.settings import clinic_phone
from domain.errors import NotAllowed
from domain.formats import current
from domain.households.access import (
    Household,
    PortalView,
    portal_actor,
    reachable_id,
    refuse,
    require_access,
    require_profile_access,
)
from domain.scheduling import rules
from domain.scheduling.appointment_changes import change_status_in, locked_appointment
from domain.scheduling.appointment_views import appointment_query, view_of
from domain.scheduling.online.expiry import void_paid_invoice
from domain.scheduling.online.settings import OnlineSettings, cancellation_terms, settings_row
from domain.scheduling.times import describe
from storage.clients import ProfileRow
from storage.clinic import ClinicRow, clinic_row
from storage.online_booking import BookingRequestRow, OnlineOfferRow
from storage.scheduling import AppointmentRow
from storage.tasks import TaskRow
from storage.types import utcnow
from storage.uow import UnitOfWork

CHANGEABLE = ("booked", "requested")


@dataclass(frozen=True)
class PortalAppointment:
    id: int
    service_name: str
    practitioner_name: str
    starts_at: datetime
    ends_at: datetime
    when: str  # 'Tue 3 Dec 2026, 10:00–10:50' in the clinic's zone
    state: str  # "booked", "requested" (waiting for the clinic), "awaiting_payment"
    state_label: str
    can_change: bool  # inside the window: Cancel and Reschedule are offered
    why_not: str  # otherwise: "call the clinic on …"
    can_reschedule: bool  # the service is offered online by this practitioner (else: cancel, or call)
    move_note: str  # when it may be cancelled but not moved online: how to move it ("call the clinic on …")
    for_name: str  # whose it is ("Alex & Sam Taylor" for a joint appointment of a shared profile)
    terms: str  # the cancellation terms, as the Bookings Page said them


def call_the_clinic(clinic: ClinicRow) -> str:
    phone = clinic_phone(clinic)
    return f"please call {clinic.name}" + (f" on {phone}" if phone else "")


def window_problem(settings: OnlineSettings, clinic: ClinicRow, starts_at: datetime, now: datetime) -> str:
    """Pure: '' when an appointment starting then may still be changed online; else what to do instead."""
    hours = settings.cancel_window_hours
    if starts_at <= now:
        return f"This appointment has started. To change it, {call_the_clinic(clinic)}."
    if starts_at - now < timedelta(hours=hours):
        return (
            f"Appointments can be cancelled or moved online up to {hours} hours before they start. "
            f"To change this one, {call_the_clinic(clinic)}."
        )
    return ""


async def portal_appointments(
    uow: UnitOfWork, *, who: PortalView, now: datetime | None = None
) -> list[PortalAppointment]:
    """The current profile's upcoming appointments and booking requests, soonest first; also the joint appointments
    of shared profiles it is a member of (the access policy's "view"): read-only, unless its "Portal booking on
    behalf" toggle lets it cancel and reschedule them too ("cancel")."""
    now = now or utcnow()
    async with uow:
        household = await require_access(uow, who, "view")
        clinic = await clinic_row(uow.session)
        settings = OnlineSettings.of(await settings_row(uow))
        tz = await rules.clinic_zone(uow)
        rows = (
            await uow.session.execute(
                appointment_query()
                .add_columns(BookingRequestRow.state, BookingRequestRow.invoice_id, BookingRequestRow.expires_at)
                .outerjoin(BookingRequestRow, BookingRequestRow.appointment_id == AppointmentRow.id)
                .where(
                    or_(
                        ProfileRow.person_id == household.current_person_id,
                        ProfileRow.id.in_(household.profile_ids("view")),
                    ),
                    AppointmentRow.status.in_(CHANGEABLE),
                    AppointmentRow.ends_at > now,
                )
                .order_by(AppointmentRow.starts_at)
            )
        ).all()
        offered = await _offered_pairs(uow)
    result = []
    for row in rows:
        view, (request_state, invoice_id, held_until) = view_of(tuple(row)[:-3]), tuple(row)[-3:]
        prepaid = invoice_id is not None
        state = "awaiting_payment" if request_state == "awaiting_payment" else view.status
        problem = window_problem(settings, clinic, view.starts_at, now)
        joint = view.person_id is None  # a shared profile's appointment
        joint_read_only = joint and view.profile_id not in household.profile_ids("cancel")
        if joint_read_only:
            problem = f"A joint appointment for {view.client_name}: to change it, {call_the_clinic(clinic)}."
        elif state == "awaiting_payment" and held_until is not None:
            problem = (
                f"Held for your payment until {current().time(held_until.astimezone(tz))}; if it is not paid by "
                "then, the time is released. Paid already? It shows as booked once the payment provider confirms."
            )
        offered_here = (view.service_id, view.practitioner_id) in offered
        result.append(
            PortalAppointment(
                id=view.id,
                service_name=view.service_name or "Appointment",
                practitioner_name=view.practitioner_name,
                starts_at=view.starts_at,
                ends_at=view.ends_at,
                when=describe(view.starts_at, view.ends_at, tz, year=True),
                state=state,
                state_label={
                    "booked": "Booked",
                    "requested": f"Requested: waiting for {clinic.name} to confirm",
                    "awaiting_payment": "Waiting for your payment",
                }[state],
                can_change=not joint_read_only and (state == "requested" or (not problem and state == "booked")),
                why_not=problem,
                can_reschedule=state == "booked" and offered_here,
                move_note="" if offered_here else f"This one cannot be moved online: {call_the_clinic(clinic)}.",
                for_name=view.client_name if joint else household.current.name,
                terms=cancellation_terms(settings, prepaid),
            )
        )
    return result


async def _offered_pairs(uow: UnitOfWork) -> set[tuple[int | None, int]]:
    return {
        (s, p)
        for s, p in (await uow.session.execute(select(OnlineOfferRow.service_id, OnlineOfferRow.practitioner_id))).all()
    }


async def portal_appointment(
    uow: UnitOfWork, who: PortalView, appointment_id: int, action: str, ip: str | None
) -> tuple[Household, AppointmentRow]:
    """Inside the caller's transaction: the appointment (locked) when this login may `action` it; otherwise not
    found (audited). A record's own profile's appointment, or a shared profile's when the current profile's
    membership allows `action` (the access policy decides both)."""
    await reachable_id(uow, who, appointment_id, f"{action} appointment", ip=ip)  # signed out: told so
    row = await uow.session.get(AppointmentRow, appointment_id)
    profile = await uow.session.get(ProfileRow, row.profile_id) if row and row.profile_id else None
    if row is None or profile is None or row.kind != "client":
        await refuse(uow, who, f"{action} appointment {appointment_id}: not a client's appointment", ip=ip)
    if profile.person_id is None:
        household = await require_profile_access(uow, who, action, profile.id, ip=ip)
    else:
        household = await require_access(uow, who, action, profile.person_id, ip=ip)
    return household, await locked_appointment(uow, appointment_id, None)


def tell_staff(uow: UnitOfWork, row: AppointmentRow, title: str, details: str, now: datetime) -> None:
    """Inside the caller's transaction: a task for the appointment's practitioner (staff are told)."""
    uow.session.add(
        TaskRow(
            title=title[:200],
            details=details,
            profile_id=row.profile_id,
            assigned_to=row.practitioner_id,
            due_on=now.date(),
        )
    )
    uow.changed(topics.TASKS)


async def cancel_from_portal(
    uow: UnitOfWork, *, who: PortalView, appointment_id: int, ip: str | None = None, now: datetime | None = None
) -> str:
    """Cancels an upcoming appointment (or withdraws a booking request) inside the window. Returns what to tell
    the client."""
    now = now or utcnow()
    async with uow:
        household, row = await portal_appointment(uow, who, appointment_id, "cancel", ip)
        clinic = await clinic_row(uow.session)
        settings = OnlineSettings.of(await settings_row(uow))
        tz = await rules.clinic_zone(uow)
        if row.status not in CHANGEABLE or row.starts_at <= now:
            raise NotAllowed("This appointment can no longer be cancelled here: it was changed meanwhile.")
        request = (
            await uow.session.execute(
                select(BookingRequestRow).where(BookingRequestRow.appointment_id == row.id).with_for_update()
            )
        ).scalar_one_or_none()
        if request is not None and request.state == "awaiting_payment":
            raise NotAllowed("This booking is waiting for its payment: it is released by itself if you do not pay.")
        problem = window_problem(settings, clinic, row.starts_at, now)
        if problem and row.status == "booked":  # a request not answered yet may be withdrawn until its start
            raise NotAllowed(problem)
        name = household.current.name
        found = (await uow.session.execute(appointment_query().where(AppointmentRow.id == row.id))).one()
        view = view_of(found)
        when = describe(row.starts_at, row.ends_at, tz, year=True)
        what = f"{view.service_name or 'Appointment'} with {view.practitioner_name}, {when}"
        actor = portal_actor(who, ip)
        if row.status == "requested":  # a request not answered yet: withdrawn, its time freed
            assert request is not None
            request.state, request.handled_at = "declined", now
            request.decline_reason = "Withdrawn by the client in the Client Portal"
            row.status, row.cancel_reason = "cancelled", "Request withdrawn by the client (Client Portal)"
            row.version, row.updated_at = row.version + 1, now
            credit = await void_paid_invoice(uow, request, "Booking request withdrawn by the client", actor)
            uow.audit(actor, "booking.withdrawn", "appointment", row.id, summary=what)
            uow.changed(topics.CALENDAR, topics.REQUESTS, topics.appointment(row.id))
            message = "Your booking request was withdrawn."
        else:
            _view, credit = await change_status_in(
                uow, actor, row, "cancelled", "Cancelled by the client in the Client Portal", now=now
            )
            message = "Your appointment was cancelled."
        owed = ""
        if credit:  # a prepaid booking: what Setup's cancellation policy promised, to the client and to staff
            paid = money_label(credit)
            if settings.cancel_policy == "refund":
                message += f" {clinic.name} refunds your payment of {paid}."
                owed = f" Refund {paid} (the cancellation policy: refund); it is account credit until then."
            else:
                message += f" Your payment of {paid} is now account credit for a later booking."
                owed = f" Their payment of {paid} is account credit (the cancellation policy)."
        tell_staff(uow, row, f"{name} cancelled online: {what}", "Cancelled in the Client Portal." + owed, now)
        uow.changed(topics.person(household.current_person_id))
        await uow.commit()
    return message
