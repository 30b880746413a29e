"""Setup > Online Booking: the link to the public Bookings Page, how requests are confirmed, the booking window,
the cancellation window and what a prepaid booking cancelled in time becomes, the confirmation page's text; and
the services offered online (online_services.py)."""

from nicegui import ui

from domain import topics
from domain.errors import DomainError
from domain.scheduling.online.settings import (
    CANCEL_POLICIES,
    CONFIRM_MODES,
    OnlineSettings,
    read_online_settings,
    save_settings_form,
)
from ui.actions import FAILED, attempt
from ui.live import coalesced, on_change
from ui.outcome import session_ended
from ui.session import StaffContext
from ui.staff.setup.online_services import offers_card
from ui.state import state

CARD = "w-full q-pa-md gap-2"
WIDTH = "max-width: 44rem"
HALF = "col-12 col-sm"  # side by side on a wide screen, one above the other on a phone
NOTICE_CHOICES = (0, 30, 60, 120, 240, 720, 1440, 2880)  # minutes
NO_ERROR = ("confirm_mode", "allow_registration", "allow_related_profiles", "calendar_details")  # radio, switches


def notice_label(minutes: int) -> str:
    if minutes == 0:
        return "Up to the start time"
    if minutes % 60:
        return f"{minutes} minutes before the start"
    hours = minutes // 60
    return f"{hours} hour{'' if hours == 1 else 's'} before the start"


def notice_options(saved: int) -> dict[int, str]:
    """The usual choices, plus the saved value when it is not one of them: the form shows what is saved."""
    return {m: notice_label(m) for m in sorted({*NOTICE_CHOICES, saved})}


def as_text(settings: OnlineSettings) -> dict[str, object]:
    """The settings as the form shows them."""
    return {
        "confirm_mode": settings.confirm_mode,
        "min_notice_minutes": settings.min_notice_minutes,
        "max_advance_days": str(settings.max_advance_days),
        "cancel_window_hours": str(settings.cancel_window_hours),
        "hold_hours": "" if settings.hold_hours is None else str(settings.hold_hours),
        "confirmation_text": settings.confirmation_text,
        "cancel_policy": settings.cancel_policy,
        "allow_registration": settings.allow_registration,
        "allow_related_profiles": settings.allow_related_profiles,
        "calendar_details": settings.calendar_details,
    }


def same(a: dict[str, object], b: dict[str, object]) -> bool:
    def norm(v: object) -> str:
        return "" if v is None else str(v).strip()

    return {k: norm(v) for k, v in a.items()} == {k: norm(v) for k, v in b.items()}


async def online_booking_tab(ctx: StaffContext) -> None:
    bookings_page_card()
    await settings_card(ctx)
    await offers_card(ctx)


def bookings_page_card() -> None:
    url = f"{state.config.public_url.rstrip('/')}/book"

    def copy() -> None:
        ui.clipboard.write(url)
        ui.notify("Link copied.")

    with ui.card().classes(CARD).style(WIDTH):
        ui.label("Your Bookings Page").classes("text-subtitle1")
        ui.label(
            "Share this link on your website, in emails or on social media. Visitors choose a service, a "
            "practitioner and a free time, and request it without signing in."
        ).classes("text-caption text-grey-7")
        with ui.row().classes("w-full items-center gap-2"):
            ui.link(url, url, new_tab=True).classes("col-12 col-sm text-body1").style("overflow-wrap: anywhere").mark(
                "bookings-page-link"
            )
            ui.button("Copy link", icon="content_copy", on_click=copy).props("flat no-caps").mark("copy-link")


async def settings_card(ctx: StaffContext) -> None:
    loaded = {"settings": await read_online_settings(ctx.uow(read_only=True))}
    start = loaded["settings"]
    with ui.card().classes(CARD).style(WIDTH):
        ui.label("Booking requests").classes("text-subtitle1")
        with ui.row().classes("w-full items-center gap-2 bg-amber-1 q-pa-sm rounded-borders") as elsewhere:
            ui.label(
                "Someone saved these settings in another browser while you were editing. Save to keep yours, or "
                "show the saved settings."
            ).classes("col text-body2")
            ui.button("Show saved settings", on_click=lambda: show(loaded["fresh"])).props("flat no-caps")
        elsewhere.set_visibility(False)
        ui.label("How requests are confirmed").classes("text-weight-medium")
        mode = ui.radio(CONFIRM_MODES, value=start.confirm_mode).mark("confirm-mode")
        with ui.row().classes("w-full gap-3 items-start"):
            notice = (
                ui.select(
                    notice_options(start.min_notice_minutes),
                    value=start.min_notice_minutes,
                    label="How close to the start one may book",
                )
                .props("outlined dense")
                .classes(HALF)
                .mark("min-notice")
            )
            advance = (
                ui.input("How far ahead one may book", value=str(start.max_advance_days))
                .props("outlined dense inputmode=numeric suffix=days")
                .classes(HALF)
                .mark("max-advance")
            )
        with ui.row().classes("w-full gap-3 items-start"):
            cancel = (
                ui.input("Cancellation window (before the start)", value=str(start.cancel_window_hours))
                .props("outlined dense inputmode=numeric suffix=hours")
                .classes(HALF)
                .mark("cancel-window")
            )
            hold = (
                ui.input("Hold an unconfirmed request (hours)", placeholder="until its start time")
                .props("outlined dense inputmode=numeric")
                .classes(HALF)
                .mark("hold-hours")
            )
        policy = (
            ui.select(CANCEL_POLICIES, value=start.cancel_policy, label="A prepaid booking cancelled in time becomes")
            .props("outlined dense")
            .classes("w-full")
            .mark("cancel-policy")
        )
        ui.label(
            "Cancellation window: how close to the start clients may still cancel in the Client Portal; a service "
            "paid when booking is then credited or refunded, as chosen above (visitors read which before paying). "
            "Hold: an unconfirmed request keeps its time for this many hours, then expires and frees it; leave "
            "it empty to hold it until its start time."
        ).classes("text-caption text-grey-7")
        text = (
            ui.textarea("Text shown on the confirmation page")
            .props("outlined autogrow counter maxlength=2000")
            .classes("w-full")
            .mark("confirmation-text")
        )
        ui.label("Client Portal").classes("text-weight-medium")
        registration = ui.switch("Clients can create a Client Portal account").mark("allow-registration")
        ui.label(
            "They verify their email; someone already on file is linked after you confirm (Requests > Portal accounts)."
        ).classes("text-caption text-grey-7")
        ui.label("Booking, Cancelling & Relationships").classes("text-weight-medium")
        related = ui.switch("Allow Patients to add related profiles").mark("allow-related-profiles")
        ui.label(
            "Clients can add family members when they create an account and in My Account > Family Members."
        ).classes("text-caption text-grey-7")
        details = ui.switch("Calendar subscriptions show the service and practitioner").mark("calendar-details")
        ui.label(
            f"Off: events say “Appointment at {ctx.clinic.name}” with the time and address only, because the feed "
            "leaves the clinic for a calendar provider."
        ).classes("text-caption text-grey-7")
        fields = {
            "confirm_mode": mode,
            "min_notice_minutes": notice,
            "max_advance_days": advance,
            "cancel_window_hours": cancel,
            "hold_hours": hold,
            "confirmation_text": text,
            "cancel_policy": policy,
            "allow_registration": registration,
            "allow_related_profiles": related,
            "calendar_details": details,
        }

        def values() -> dict[str, object]:
            return {name: element.value for name, element in fields.items()}

        def show(settings: OnlineSettings) -> None:
            loaded["settings"] = settings
            shown = as_text(settings)
            notice.set_options(notice_options(settings.min_notice_minutes), value=settings.min_notice_minutes)
            for name, element in fields.items():
                element.value = shown[name]
                if name not in NO_ERROR:
                    element.error = None
            elsewhere.set_visibility(False)

        async def save() -> None:
            saved = await attempt(
                save_settings_form,
                ctx.uow(),
                actor=ctx.actor,
                **values(),
                fields={k: v for k, v in fields.items() if k not in NO_ERROR},
                success="Online booking settings saved.",
            )
            if saved is not FAILED:
                show(saved)

        ui.button("Save", icon="save", on_click=save).props("unelevated").mark("save-online-settings")
        show(start)
        client = elsewhere.client

        async def refresh() -> None:
            """Another browser saved: show it, unless this one has unsaved edits (then say so and keep them)."""
            try:
                fresh = await read_online_settings(ctx.uow(read_only=True))
            except DomainError as exc:
                session_ended(client, exc)
                return
            if elsewhere.is_deleted or fresh == loaded["settings"]:
                return
            loaded["fresh"] = fresh
            if same(values(), as_text(loaded["settings"])):
                show(fresh)
            else:
                elsewhere.set_visibility(True)

        on_change(topics.ONLINE_BOOKING, coalesced(refresh))
