"""Requests > Portal accounts: Client Portal registrations whose email belongs to a client on file wait here for
staff to Link them to that client (the login is made with the password chosen on the emailed link, by the inbox's
owner, and they are emailed) or Decline them (they are emailed to contact the clinic). Shown only while some wait;
live."""

from collections.abc import Callable
from zoneinfo import ZoneInfo

from nicegui import ui

from domain import topics
from domain.accounts.registration import confirm_registration, decline_registration
from domain.accounts.registration_views import RegistrationView, list_registrations
from domain.formats import current
from ui.actions import FAILED, attempt
from ui.components.dialogs import page_dialog
from ui.live import live_box
from ui.outcome import page_client, tell
from ui.session import StaffContext
from ui.state import state

_busy: set[int] = set()  # registrations with an answer on its way (a double click sends it once)


def portal_accounts_section(ctx: StaffContext, *, style: str) -> None:
    async def load() -> list[RegistrationView]:
        return await list_registrations(ctx.uow(read_only=True), actor=ctx.actor)

    def draw(waiting: list[RegistrationView]) -> None:
        if not waiting:
            return
        ui.label("Portal accounts").classes("text-h6").mark("portal-accounts")
        ui.label(
            "These people verified their email and asked for a Client Portal account. Their email is a client's on "
            "file: Link gives that client the account (with the password chosen on the emailed link); Decline emails "
            "them to contact the clinic."
        ).classes("text-body2 text-grey-8")
        for r in waiting:
            _card(ctx, r)
        ui.separator().classes("q-my-sm")

    live_box(load, draw, topics.PORTAL_ACCOUNTS, topics.PEOPLE, classes="w-full gap-3", style=style)


def _card(ctx: StaffContext, r: RegistrationView) -> None:
    tz = ZoneInfo(ctx.clinic.time_zone)
    fmt = current()
    card = ui.card().classes("w-full q-pa-md gap-2").props("flat bordered").mark("registration-card")
    card.style("overflow-wrap: anywhere")  # a long email or name wraps on a phone instead of widening the page
    with card:
        ui.label(r.summary).classes("text-body1").mark("registration-summary")
        when = f"Asked {fmt.datetime(r.created_at.astimezone(tz))}"
        if r.verified_at:
            when += f" · email verified {fmt.datetime(r.verified_at.astimezone(tz))}"
        ui.label(when).classes("text-caption text-grey-8")
        if r.on_file is None:
            return
        on_file = r.on_file
        ui.link(f"Open {on_file.name}'s record", f"/clients/{on_file.person_id}").mark("registration-person")
        with ui.row().classes("w-full gap-2"):
            ui.button(
                f"Link to {on_file.name}",
                icon="link",
                on_click=lambda: _answer(ctx, r.id, confirm_registration, public_url=state.config.public_url),
            ).props("unelevated no-caps color=positive").mark("registration-link")
            ui.button("Decline", icon="close", on_click=lambda: _ask_decline(ctx, r)).props(
                "outline no-caps color=negative"
            ).mark("registration-decline")


async def _answer(ctx: StaffContext, registration_id: int, service: Callable, **kwargs) -> bool:
    """Runs Link or Decline once; what was done is told in the tab, even if a live update redrew the card."""
    if registration_id in _busy:
        return False
    _busy.add(registration_id)
    client = page_client()  # before awaiting: the card may be redrawn by then
    try:
        said = await attempt(
            service, ctx.uow(), actor=ctx.actor, registration_id=registration_id, client=client, **kwargs
        )
    finally:
        _busy.discard(registration_id)
    if said is FAILED:
        return False
    tell(client, str(said))
    return True


def _ask_decline(ctx: StaffContext, r: RegistrationView) -> None:
    with page_dialog() as dialog:
        ui.label("Decline this Client Portal account?").classes("text-h6")
        ui.label(
            f"{r.name} ({r.email}) is emailed to contact the clinic. Nothing else changes: no account is made "
            "and the client's record stays as it is."
        ).classes("text-body2")

        async def decline() -> None:
            if await _answer(ctx, r.id, decline_registration):
                dialog.close()

        with ui.row().classes("w-full justify-end gap-2"):
            ui.button("Keep it", on_click=dialog.close).props("flat no-caps").mark("registration-keep")
            ui.button("Decline and email", icon="send", on_click=decline).props(
                "unelevated no-caps color=negative"
            ).mark("registration-decline-send")
    dialog.open()
