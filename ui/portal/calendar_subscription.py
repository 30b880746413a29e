"""My Account > Calendar subscription (/portal/account/calendar, seed 002): the login's private iCal feed address,
shown once right after "Get my calendar address" or "Regenerate" (only its digest is kept), with Copy and a
webcal:// link for calendar apps; and whose appointments it holds. The feed itself: /calendar/<token>.ics, answered
without a session (calendar apps have none), 404 for an unknown or replaced address."""

from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from nicegui import APIRouter, ui

from domain import topics
from domain.households.access import PortalView
from domain.households.calendar_feed import (
    RELATIVE,
    YOU,
    CalendarSubscription,
    calendar_feed,
    calendar_subscription,
    calendar_url_token,
    feed_path,
    regenerate_calendar,
)
from ui.actions import FAILED, attempt
from ui.booking.layout import Heading
from ui.components.confirm import confirm
from ui.live import live_box
from ui.outcome import page_client, tell
from ui.portal.frame import CALENDAR, SIGN_IN, open_portal, portal_frame, section_card
from ui.session import client_ip
from ui.state import state, uow

router = APIRouter()

EXPLAIN = (
    "Subscribe in Google Calendar, Outlook or Apple Calendar: their upcoming appointments appear there and stay up "
    "to date."
)
SHOWN_ONCE = (
    "For your privacy we show this address only now: copy it into your calendar app. Lost it? Regenerate a new one; "
    "the old one stops working at once."
)
HAVE_ONE = (
    "You have a calendar address. For your privacy it was shown only once. Lost it? Regenerate a new one; the old "
    "one stops working at once."
)
REGENERATE_QUESTION = (
    "Your current calendar address stops working at once: calendars subscribed to it stop updating. Make a new address?"
)
KEEP_IT = (
    "Get a private address for your calendar app. Anyone who has it can see these appointments: keep it to yourself."
)
WHY = {YOU: "You", RELATIVE: "Allows it"}


def _public_url() -> str:
    return state.config.public_url.rstrip("/")


def feed_url(token: str) -> str:
    return _public_url() + feed_path(token)


def webcal_url(url: str) -> str:
    """The same address for calendar apps: webcal:// opens the phone's or computer's calendar to subscribe."""
    scheme, rest = url.split("://", 1)
    return f"webcal://{rest}" if scheme in ("http", "https") else url


@router.get("/calendar/{token}.ics", include_in_schema=False)
async def calendar_ics(token: str) -> Response:
    """The feed for calendar apps (they send no cookie: the address is the key). Never cached on the way."""
    host = urlsplit(_public_url()).hostname or "hearth"
    content = await calendar_feed(uow(read_only=True), token=token, host=host)
    no_store = {"Cache-Control": "private, no-store"}
    if content is None:
        return PlainTextResponse("Not found: this calendar address does not exist or was replaced.", 404, no_store)
    headers = no_store | {"Content-Disposition": 'inline; filename="appointments.ics"'}
    return Response(content, media_type="text/calendar; charset=utf-8", headers=headers)


@router.page(CALENDAR, title="Calendar subscription · Client Portal")
async def calendar_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    ip = client_ip(request)
    shown: dict[str, str] = {}  # the address made in this tab: shown until the page closes

    with portal_frame(who, clinic.name):
        Heading("Calendar subscription", 1).mark("page-heading")
        ui.label(EXPLAIN).classes("text-body1").mark("calendar-explain")
        refill = live_box(  # staff viewing a test client's portal are told the service's refusal instead
            lambda: calendar_subscription(uow(), who=who),  # the session check may move the tab to its own record
            lambda sub: _draw(who, clinic.name, sub, shown, ip, lambda: refill()),  # type: ignore[arg-type]
            topics.RELATIONSHIPS,
            classes="w-full gap-3",
            style="",
        )
    return None


def _draw(who: PortalView, clinic: str, sub: CalendarSubscription, shown: dict, ip, refill) -> None:
    with section_card("Your calendar address", "calendar-address"):
        if "url" in shown:
            _address(shown["url"])
        elif sub.has_address:
            ui.label(HAVE_ONE).classes("text-body1").mark("calendar-have-one")
        else:
            ui.label(KEEP_IT).classes("text-body1")
            get = ui.button("Get my calendar address", icon="event_available")
            get.on_click(lambda: _make(who, shown, ip, refill, regenerate=False))
            get.props("unelevated no-caps").classes("w-full hearth-touch").mark("calendar-get")
        if sub.has_address:
            again = ui.button("Regenerate", icon="autorenew")
            again.on_click(lambda: _make(who, shown, ip, refill, regenerate=True))
            again.props("outline no-caps").classes("w-full hearth-touch").mark("calendar-regenerate")
    with section_card("Whose appointments it shows", "calendar-people"):
        with ui.column().classes("w-full gap-1") as listing:
            listing.props["role"] = "list"
            for person in sub.people:
                with ui.row().classes("w-full items-center no-wrap gap-3 q-py-xs").mark("calendar-person") as item:
                    item.props["role"] = "listitem"
                    ui.icon("person" if person.why == YOU else "group", size="1.5rem").classes("text-primary")
                    ui.label(person.name).classes("col text-body1").style("overflow-wrap: anywhere").mark(
                        "calendar-person-name"
                    )
                    ui.label(WHY.get(person.why, person.why)).classes("text-caption text-grey-8")
        ui.label("Relatives appear here while they allow “See appointments in calendar subscriptions”.").classes(
            "text-caption text-grey-8"
        )
        what = (
            "the time, the clinic's address, the service and practitioner"
            if sub.details
            else "the time and the clinic's address, not the service or practitioner"
        )
        ui.label(f"Each appointment shows as “Appointment at {clinic}” with {what}.").classes("text-body2").mark(
            "calendar-privacy"
        )


def _address(url: str) -> None:
    ui.label(SHOWN_ONCE).classes("text-body1 text-weight-medium").mark("calendar-shown-once")
    field = ui.textarea("Calendar address", value=url).props("readonly outlined autogrow").classes("w-full")
    field.mark("calendar-url")

    def copy() -> None:
        # Reads the address from the field: only the element's number is in the script, never the address.
        ui.run_javascript(f"navigator.clipboard.writeText(getHtmlElement({field.id}).querySelector('textarea').value)")
        ui.notify("Copied. Paste it into your calendar app's “Subscribe” or “From URL”.")

    with ui.column().classes("w-full gap-2"):
        ui.button("Copy", icon="content_copy", on_click=copy).props("unelevated no-caps").classes(
            "w-full hearth-touch"
        ).mark("calendar-copy")
        link = (
            ui.button("Open in calendar app", icon="open_in_new")
            .props("outline no-caps")
            .classes("w-full hearth-touch")
        )
        link.props["href"] = webcal_url(url)  # a property, never parsed; Quasar draws a button with href as a link
        link.mark("calendar-webcal")


async def _make(who: PortalView, shown: dict, ip, refill, *, regenerate: bool) -> None:
    client = page_client()
    if regenerate and not await confirm(REGENERATE_QUESTION, yes="Regenerate", title="Regenerate?", client=client):
        return
    service = regenerate_calendar if regenerate else calendar_url_token
    token = await attempt(service, uow(), who=who, ip=ip, client=client)
    if token is FAILED:
        return
    shown["url"] = feed_url(token)
    tell(client, "New calendar address made: the old one no longer works." if regenerate else "Calendar address made.")
    await refill()
