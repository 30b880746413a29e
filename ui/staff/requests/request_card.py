"""One booking request as a card: what was asked for, by whom, and Confirm / Decline / the possible match.

Drawn on the Requests page, on a client's Bookings & Packages tab and in the calendar's panel. Each action tells
the person who acted what happened, in their tab, even when a live update redrew the card meanwhile."""

from collections.abc import Callable
from zoneinfo import ZoneInfo

from nicegui import ui
from nicegui.client import Client

from domain.accounts.roles import can
from domain.billing.money import label
from domain.formats import current
from domain.scheduling.online.family_requests import resolve_family
from domain.scheduling.online.handling import Match, RequestView, confirm_request, decline_request, resolve_match
from domain.scheduling.online.request_views import FamilyMatch
from ui.actions import FAILED, attempt
from ui.components.dialogs import page_dialog
from ui.outcome import page_client, tell
from ui.session import StaffContext

STATE_COLOURS = {
    "awaiting_payment": "blue-grey-7",
    "pending": "orange-9",
    "confirmed": "positive",
    "declined": "grey-7",
    "expired": "grey-7",
}
PROSPECT = "green-7"  # prospective clients are green everywhere (seed 003)


def request_card(ctx: StaffContext, r: RequestView, *, show_when: bool = True) -> None:
    """The request, and its actions while it is pending. `show_when`: False where the time is already shown (the
    calendar's panel)."""
    tz = ZoneInfo(ctx.clinic.time_zone)
    prospect = r.person_status == "prospective"
    card = ui.card().classes("w-full q-pa-md gap-2").props("flat bordered").mark("request-card")
    card.style("overflow-wrap: anywhere")  # a long email or name wraps on a phone instead of widening the page
    if prospect:
        card.classes("bg-green-1")
    with card:
        with ui.row().classes("w-full items-center gap-x-2 gap-y-1"):
            if show_when:
                ui.label(r.when).classes("text-subtitle1 text-weight-medium").mark("request-when")
            ui.space()
            if prospect:
                ui.badge("Prospective Client", color=PROSPECT).mark("prospect-badge")
            if r.state != "pending":
                ui.badge(r.state_label, color=STATE_COLOURS[r.state]).mark("request-state")
        _line("medical_services", r.service_name or "No service")
        practitioner = r.practitioner_name + (" (any practitioner was asked for)" if r.any_practitioner else "")
        _line("person", practitioner).mark("request-practitioner")
        _for_whom(r, prospect)
        if r.contact_line:
            _line("contact_mail", r.contact_line).mark("request-contact")
        if r.notes:
            ui.label(r.notes).classes("whitespace-pre-line text-body2 bg-grey-2 q-pa-sm rounded-borders w-full").mark(
                "request-notes"
            )
        if r.paid:
            _paid(r)
        ui.label(_history(r, tz)).classes("text-caption text-grey-8").mark("request-history")
        if r.state != "pending" or not can(ctx.staff.role, "calendar"):  # Confirm and Decline are the calendar's
            return
        if r.needs_match:
            _matches(ctx, r)
        if r.needs_family:
            _families(ctx, r)
        with ui.row().classes("w-full gap-2"):
            ui.button("Confirm", icon="check", on_click=lambda: _confirm(ctx, r)).props(
                "unelevated no-caps color=positive"
            ).mark("request-confirm")
            ui.button("Decline", icon="close", on_click=lambda: ask_decline(ctx, r)).props(
                "outline no-caps color=negative"
            ).mark("request-decline")


def billing_tab(person_id: int) -> str:
    return f"/clients/{person_id}?tab=Billing"


def not_refunded(r: RequestView) -> str:
    """A declined paid request: the seed's words (the payment stays until staff refund it)."""
    amount = label(r.unrefunded_cents)
    return f"The payment of {amount} was not refunded automatically: refund it from {r.person_name}'s Billing tab."


def _paid(r: RequestView) -> None:
    """A prepaid request: what was paid, on which invoice; declined and not yet refunded: where to refund it."""
    assert r.paid is not None
    paid = f"Paid {r.paid.amount_label} online when requested · {r.paid.invoice_label}"
    if r.paid.refunded_cents:
        paid += f" · {label(r.paid.refunded_cents)} refunded"
    _line("payments", paid).mark("request-paid")
    if r.state == "declined" and r.unrefunded_cents > 0:
        with ui.column().classes("w-full gap-1 bg-amber-1 q-pa-sm rounded-borders").mark("request-refund"):
            ui.label(not_refunded(r)).classes("text-body2")
            ui.link(f"Open {r.person_name}'s Billing tab", billing_tab(r.person_id)).mark("request-billing-link")


def _line(icon: str, text: str) -> ui.row:
    with ui.row().classes("items-start no-wrap gap-2") as row:
        ui.icon(icon).classes("text-grey-7 q-mt-xs")
        ui.label(text).classes("col min-w-0")
    return row


def _for_whom(r: RequestView, prospect: bool) -> None:
    with ui.row().classes("items-center gap-x-2 gap-y-0"):
        ui.icon("account_circle").classes("text-grey-7")
        ui.label("For")
        ui.link(r.person_name, f"/clients/{r.person_id}").mark("request-person")
        typed = f"{r.first_name} {r.last_name}"
        if r.for_family:  # "I'm booking for a family member" (or Invite to Book for a family record)
            ui.label("booked by").classes("text-grey-8")
            ui.link(r.booker_name, f"/clients/{r.booker_person_id}").mark("request-booker")
        elif typed.casefold() != r.person_name.casefold():
            ui.label(f"(asked as {typed})").classes("text-grey-8")
        if prospect:
            ui.link("Review & Add", f"/clients/{r.person_id}/review").classes("text-positive").mark("request-review")


def _history(r: RequestView, tz: ZoneInfo) -> str:
    fmt = current()
    made = f"Requested {fmt.datetime(r.created_at.astimezone(tz))}"
    if r.source == "invite":
        made += " through Invite to Book"
    if r.state == "awaiting_payment":
        return f"{made} · waiting for the visitor's payment until {fmt.datetime(r.expires_at.astimezone(tz))}"
    if r.state == "pending":
        return f"{made} · held until {fmt.datetime(r.expires_at.astimezone(tz))}, then the time is free again"
    if r.state == "declined":
        return f"{made} · declined: {r.decline_reason}" if r.decline_reason else f"{made} · declined"
    if r.state == "expired":
        return f"{made} · expired {fmt.datetime(r.expires_at.astimezone(tz))} without being confirmed"
    return f"{made} · confirmed"


def _matches(ctx: StaffContext, r: RequestView) -> None:
    with ui.column().classes("w-full gap-2 bg-amber-1 q-pa-sm rounded-borders").mark("request-match"):
        ui.label(
            "Is this an existing client? Link the request to them, or keep the new record. "
            "Confirm once you have chosen. The person who asked is not told either way."
        ).classes("text-body2")
        for m in r.matches:
            ui.label(f"Possible match: {m.label}").classes("text-weight-medium").mark("request-match-label")
            ui.button(f"Link to {m.name}", icon="link", on_click=lambda m=m: _link(ctx, r, m)).props(
                "unelevated no-caps dense"
            ).mark("request-link")
        ui.button("Keep as new", icon="person_add", on_click=lambda: _link(ctx, r, None)).props(
            "outline no-caps dense"
        ).mark("request-keep-new")


def _families(ctx: StaffContext, r: RequestView) -> None:
    """Booking for a family member named like existing primary records: a link made by name alone waits for staff."""
    with ui.column().classes("w-full gap-2 bg-amber-1 q-pa-sm rounded-borders").mark("request-family"):
        ui.label(
            f"{r.booker_name} booked for a family member named like an existing primary record. Link the request to "
            "that record (the booker joins its family as a family record), or keep them apart. Confirm once you have "
            "chosen. The person who asked is not told either way."
        ).classes("text-body2")
        for f in r.families:
            ui.label(f"Possible family: {f.label}").classes("text-weight-medium").mark("request-family-label")
            link = ui.button(
                f"Link to {f.name}'s family", icon="family_restroom", on_click=lambda f=f: _family(ctx, r, f)
            )
            link.props("unelevated no-caps dense").mark("request-family-link")
        ui.button("Keep apart", icon="call_split", on_click=lambda: _family(ctx, r, None)).props(
            "outline no-caps dense"
        ).mark("request-keep-apart")


_busy: set[int] = set()  # requests with an answer on its way (a double click sends it once)


async def _told(service: Callable, ctx: StaffContext, **kwargs) -> object:
    """Runs a request service; its answer (what was done, and who was emailed) is told in the tab."""
    request_id = kwargs["request_id"]
    if request_id in _busy:
        return FAILED
    _busy.add(request_id)
    client = page_client()  # before awaiting: the card may be redrawn by then
    try:
        said = await attempt(service, ctx.uow(), actor=ctx.actor, client=client, **kwargs)
    finally:
        _busy.discard(request_id)
    if said is not FAILED:
        tell(client, str(said))
    return said


async def _confirm(ctx: StaffContext, r: RequestView) -> None:
    await _told(confirm_request, ctx, request_id=r.id)


async def _link(ctx: StaffContext, r: RequestView, match: Match | None) -> None:
    await _told(resolve_match, ctx, request_id=r.id, person_id=match.person_id if match else None)


async def _family(ctx: StaffContext, r: RequestView, family: FamilyMatch | None) -> None:
    await _told(resolve_family, ctx, request_id=r.id, person_id=family.person_id if family else None)


def ask_decline(ctx: StaffContext, r: RequestView) -> None:
    """Decline asks for a reason (required): it is emailed to the person who asked."""
    client = page_client()
    with page_dialog(client=client) as dialog:
        ui.label("Decline request").classes("text-h6")
        ui.label(f"{r.service_name or 'Appointment'} with {r.practitioner_name}, {r.when}, for {r.person_name}.")
        ui.label(f"The reason is emailed to {r.first_name} ({r.email}), and the time becomes free again.").classes(
            "text-body2 text-grey-8"
        )
        if r.paid and r.unrefunded_cents > 0:
            ui.label(
                f"{r.first_name} paid {label(r.unrefunded_cents)} when requesting: declining does not refund it "
                "(refund it from the client's Billing tab afterwards)."
            ).classes("text-body2")
        reason = (
            ui.input("Reason", placeholder="e.g. Fully booked that day")
            .props("outlined dense autofocus maxlength=300")
            .classes("w-full")
            .mark("decline-reason")
        )

        async def send() -> None:
            if r.id in _busy:  # Enter and a click: one decline
                return
            _busy.add(r.id)
            try:
                said = await attempt(
                    decline_request,
                    ctx.uow(),
                    actor=ctx.actor,
                    request_id=r.id,
                    reason=reason.value or "",
                    fields={"reason": reason},
                    client=client,
                )
            finally:
                _busy.discard(r.id)
            if said is not FAILED:
                dialog.close()
                tell(client, str(said))
                if r.unrefunded_cents > 0:
                    _refund_next(client, r)

        reason.on("keydown.enter", send)
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button("Keep the request", on_click=dialog.close).props("flat no-caps").mark("decline-cancel")
            ui.button("Decline and email", icon="send", on_click=send).props("unelevated no-caps color=negative").mark(
                "decline-send"
            )
    dialog.open()


def _refund_next(client: Client, r: RequestView) -> None:
    """After declining a paid request: where its payment is refunded (seed 003: Billing → the payment → Refund)."""
    with page_dialog(client=client) as dialog:
        ui.label("Refund the payment").classes("text-h6")
        ui.label(f"Declined. {not_refunded(r)}").classes("text-body1").mark("refund-next")
        with ui.row().classes("w-full justify-end items-center gap-2"):
            ui.button("Later", on_click=dialog.close).props("flat no-caps").mark("refund-later")
            ui.link(f"Open {r.person_name}'s Billing tab", billing_tab(r.person_id)).classes("q-px-md q-py-sm").mark(
                "refund-billing-link"
            )
    dialog.open()
