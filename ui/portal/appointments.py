"""The client's upcoming appointments in the Client Portal (on Home), each with Cancel and Reschedule while the
clinic's window allows; outside it, why not and the clinic's number. Rescheduling has its own page
(/portal/appointments/<id>/reschedule): the Bookings Page's day and time step for the same service and
practitioner, then one confirmation."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain.errors import DomainError, NotFound
from domain.households.access import PortalView
from domain.scheduling.calendar import list_practitioners
from domain.scheduling.online.invites import InvitedClient
from domain.scheduling.online.portal_bookings import PortalAppointment, cancel_from_portal
from domain.scheduling.online.portal_reschedule import reschedule_from_portal, start_rescheduling
from domain.scheduling.online.settings import read_online_settings
from domain.scheduling.online.slots import FreeTime
from domain.scheduling.online.visitors import TimeTaken
from ui.actions import FAILED, attempt, go_with_message
from ui.booking.flow import Flow
from ui.booking.layout import Heading, time_button, touch_button
from ui.booking.when import WhenStep
from ui.components.confirm import confirm
from ui.outcome import page_client
from ui.portal.frame import SIGN_IN, not_found, open_portal, portal_frame
from ui.session import client_ip
from ui.state import uow

router = APIRouter()


def appointment_item(who: PortalView, appointment: PortalAppointment, ip: str | None) -> None:
    """One upcoming appointment: when, what, its state, and what the client may do about it."""
    a = appointment
    with ui.column().classes("w-full gap-1 q-py-sm").mark(f"appointment-{a.id}"):
        ui.label(a.when).classes("text-subtitle1 text-weight-medium").mark("appointment-when")
        ui.label(f"{a.service_name} with {a.practitioner_name}").classes("text-body1")
        if a.for_name != who.name:
            ui.label(f"For {a.for_name}").classes("text-body2 text-grey-8")
        ui.label(a.state_label).classes(
            "text-body2 " + ("text-positive" if a.state == "booked" else "text-orange-9")
        ).mark("appointment-state")
        if a.can_change:
            with ui.row().classes("gap-2"):
                if a.can_reschedule:
                    # A link, not a click handler: a live redraw of Home between the tap and the server's answer
                    # would swallow a server-side click (a CI run saw it), while the browser follows a link itself.
                    ui.link("Reschedule", f"/portal/appointments/{a.id}/reschedule").classes(
                        "hearth-touch hearth-outline-link inline-flex items-center q-px-md text-body1"
                    ).mark("reschedule")
                cancel_label = "Withdraw request" if a.state == "requested" else "Cancel appointment"
                ui.button(cancel_label, on_click=lambda: _cancel(who, a, ip)).props(
                    "flat no-caps color=negative"
                ).classes("hearth-touch").mark("cancel-appointment")
            if a.state == "booked" and not a.can_reschedule:
                ui.label(a.move_note).classes("text-body2 text-grey-8").mark("move-note")
        elif a.why_not:
            ui.label(a.why_not).classes("text-body2 text-grey-8").mark("why-not")


async def _cancel(who: PortalView, a: PortalAppointment, ip: str | None) -> None:
    client = page_client()
    question = f"{a.service_name} with {a.practitioner_name}\n{a.when}\n\n{a.terms}"
    what = "Withdraw this booking request?" if a.state == "requested" else "Cancel this appointment?"
    yes = "Withdraw request" if a.state == "requested" else "Cancel appointment"
    if not await confirm(question, title=what, yes=yes, no="Keep it", client=client):
        return
    message = await attempt(cancel_from_portal, uow(), who=who, appointment_id=a.id, ip=ip, client=client)
    if message is not FAILED:
        go_with_message("/portal", message, client=client)


@router.page("/portal/appointments/{appointment_id}/reschedule", title="Reschedule · Client Portal")
async def reschedule_page(request: Request, appointment_id: int):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    ip = client_ip(request)
    try:
        moving = await start_rescheduling(uow(), who=who, appointment_id=appointment_id, ip=ip)
    except NotFound:  # another client's appointment, or none: as if the page did not exist (audited)
        return not_found()
    except DomainError as exc:  # outside the window, not offered online: what to do instead
        with portal_frame(who, clinic.name, "home"):
            Heading("Reschedule", 1).mark("page-heading")
            ui.label(exc.message).classes("text-body1").mark("portal-problem")
            ui.link("Back to Home", "/portal").classes("hearth-touch inline-flex items-center")
        return None
    with portal_frame(who, clinic.name, "home"):
        Heading("Reschedule", 1).mark("page-heading")
        settings = await read_online_settings(uow(read_only=True))
        names = {p.id: p.name for p in await list_practitioners(uow(read_only=True))}
        invited = InvitedClient(who.first_name, who.last_name, who.email, clinic.name)
        flow = Flow(clinic, settings, [moving.service], names, ip, invited=invited, portal=who)
        flow.choose_service(moving.service)
        flow.choose_practitioner(moving.practitioner_id)
        ui.label(f"{moving.service.name} with {flow.practitioner_label}").classes("text-body1")
        ui.label(f"Now: {moving.when}").classes("text-body2 text-grey-8").mark("current-time")
        with ui.card().classes("w-full gap-3"):
            Rescheduler(who, flow, appointment_id, ip)
    return None


class Rescheduler:
    """Pick a new day and time, then confirm the move; a time taken meanwhile offers the nearest ones."""

    def __init__(self, who: PortalView, flow: Flow, appointment_id: int, ip: str | None) -> None:
        self.who, self.flow, self.appointment_id, self.ip = who, flow, appointment_id, ip
        self.moving = False
        self.box = ui.column().classes("w-full gap-3")
        self.pick()

    def pick(self) -> None:
        self.box.clear()
        with self.box:
            when = WhenStep(self.flow, self.chosen, back=lambda: ui.navigate.to("/portal"))
        ui.timer(0, when.start, once=True)

    def chosen(self, time: FreeTime) -> None:
        self.flow.choose_time(time)
        self.box.clear()
        with self.box:
            Heading("Move your appointment to", 2)
            ui.label(self.flow.when(time.start, time.end)).classes("text-subtitle1").mark("new-time")
            ui.button("Move appointment", on_click=self.move).props("unelevated size=lg no-caps").classes(
                "w-full hearth-touch"
            ).mark("move-appointment")
            touch_button("Choose another time", self.pick).mark("choose-another")

    async def move(self) -> None:
        client = page_client()
        time = self.flow.time
        if time is None or self.moving:  # a second tap while the first is saved
            return
        self.moving = True
        try:
            message = await attempt(
                reschedule_from_portal,
                uow(),
                who=self.who,
                appointment_id=self.appointment_id,
                start=time.start,
                ip=self.ip,
                passthrough=(TimeTaken,),
                client=client,
            )
        except TimeTaken as exc:
            self.taken(exc)
            return
        finally:
            self.moving = False
        if message is not FAILED:
            go_with_message("/portal", message, client=client)

    def taken(self, exc: TimeTaken) -> None:
        self.box.clear()
        with self.box:
            ui.label(exc.message).classes("text-body1 text-orange-9").props("role=alert").mark("taken")
            with ui.row().classes("w-full gap-2 hearth-times"):
                for near in exc.nearest:
                    time_button(
                        self.flow.clock(near.start), self.flow.their_time(near.start), lambda t=near: self.chosen(t)
                    )
            touch_button("Choose another time", self.pick)
