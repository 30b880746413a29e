"""Invite to Book on a client's profile (seed 001): email the client a link that opens the Bookings Page with them
known, no login needed; the request they make with it is linked to this record. Send, send a new one, withdraw."""

from nicegui import ui

from domain import topics
from domain.scheduling.online.invites import (
    BookingInviteState,
    booking_invite_state,
    send_booking_invite,
    withdraw_booking_invite,
)
from ui.actions import FAILED, attempt
from ui.live import live_box
from ui.outcome import page_client, tell
from ui.session import StaffContext
from ui.state import state


def invite_to_book_section(ctx: StaffContext, person_id: int) -> None:
    """Draws the Invite to Book card for one client (send / withdraw, and the link's state)."""

    async def act(service, **kwargs) -> None:
        acting = page_client()  # before awaiting: the card may be redrawn meanwhile
        said = await attempt(service, ctx.uow(), actor=ctx.actor, person_id=person_id, **kwargs)
        if said is not FAILED:
            tell(acting, said)  # the service says what it did (e.g. to which address)

    def draw(invite: BookingInviteState) -> None:
        with ui.card().classes("w-full").mark("invite-to-book"):
            ui.label("Invite to Book").classes("text-h6")
            ui.label(
                "Email this client a link to your Bookings Page. It opens with them already known: no login and "
                "no contact details to fill in, and the request they make is linked to this record. The link is "
                "for this client only, works once, and expires."
            ).classes("text-body2 text-grey-8")
            ui.label(invite.label).classes("text-weight-medium").mark("booking-invite-state")
            with ui.row().classes("gap-2"):
                ui.button(
                    "Send a new invitation to book" if invite.open else "Invite to Book",
                    icon="send",
                    on_click=lambda: act(send_booking_invite, public_url=state.config.public_url.rstrip("/")),
                ).props("unelevated no-caps").mark("invite-to-book-send")
                if invite.open:
                    ui.button("Withdraw", on_click=lambda: act(withdraw_booking_invite)).props("flat no-caps").mark(
                        "invite-to-book-withdraw"
                    )

    live_box(
        lambda: booking_invite_state(ctx.uow(read_only=True), actor=ctx.actor, person_id=person_id),
        draw,
        topics.person(person_id),
        classes="w-full",
        style="max-width: 44rem",
    )
