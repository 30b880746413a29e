"""Setup > Online Booking: how requests are confirmed, the booking window, the cancellation window and what a
prepaid booking cancelled in time becomes (credit or a refund), the confirmation page's text, which services are
offered online by which practitioners, and which are paid when booked."""

from dataclasses import dataclass, fields
from decimal import Decimal

from sqlalchemy import delete, select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.money import Line, from_cents, line_totals
from domain.validation import Errors, clean_note
from storage.accounts import StaffUserRow
from storage.clinic import clinic_row
from storage.online_booking import SETTINGS_ID, OnlineBookingRow, OnlineOfferRow
from storage.scheduling import ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork

CONFIRM_MODES = {
    "manual": "Confirm each request by hand (a request holds its time until you confirm or decline it)",
    "instant": "Book requests at once (no confirmation needed)",
}
MAX_NOTICE_MINUTES = 30 * 24 * 60
MAX_ADVANCE_DAYS = 730
MAX_CANCEL_HOURS = 30 * 24
MAX_HOLD_HOURS = 30 * 24
CANCEL_POLICIES = {"credit": "Account credit for a later booking", "refund": "A refund, issued by the clinic"}
ANY_ORDER = "in alphabetical order of their names"  # "Any practitioner" books the first one free, in this order


@dataclass(frozen=True)
class OnlineSettings:
    confirm_mode: str
    min_notice_minutes: int
    max_advance_days: int
    cancel_window_hours: int
    hold_hours: int | None  # None: a request is held until its start time
    confirmation_text: str
    cancel_policy: str = "credit"  # a prepaid booking cancelled in time: account credit, or refunded by staff
    allow_registration: bool = False  # the Client Portal's "Create an account" (domain/accounts/registration.py)
    allow_related_profiles: bool = False  # seed 002: "Allow Patients to add related profiles" (sign-up, My Account)
    calendar_details: bool = False  # calendar feeds name the service and practitioner (off: "Appointment at …")

    @property
    def instant(self) -> bool:
        return self.confirm_mode == "instant"

    @classmethod
    def of(cls, row: OnlineBookingRow) -> "OnlineSettings":
        return cls(
            row.confirm_mode,
            row.min_notice_minutes,
            row.max_advance_days,
            row.cancel_window_hours,
            row.hold_hours,
            row.confirmation_text,
            row.cancel_policy,
            bool(row.allow_registration),
            bool(row.allow_related_profiles),
            bool(row.calendar_details),
        )


@dataclass(frozen=True)
class OnlineService:
    """A service and the practitioners who offer it online (empty: not offered online). `prepay`: Setup says it
    is paid when booked online; `pay_cents` is what the visitor pays then (its price with the clinic's tax)."""

    id: int
    name: str
    duration_minutes: int
    price_cents: int
    practitioner_ids: tuple[int, ...]
    prepay: bool = False
    pay_cents: int = 0

    @property
    def offered(self) -> bool:
        return bool(self.practitioner_ids)

    @property
    def prepaid(self) -> bool:
        """Paid when booking: switched on, and something to pay (a free service is booked as usual)."""
        return self.prepay and self.pay_cents > 0


def amount_to_pay(price_cents: int, tax_bp: int) -> int:
    """Pure: what a prepaid service costs the visitor, as its invoice line will total (the price plus tax)."""
    return line_totals(Line(Decimal(1), from_cents(price_cents), Decimal(0), Decimal(tax_bp) / 100)).total_cents


def _hours(hours: int) -> str:
    return f"{hours} hour{'' if hours == 1 else 's'}"


def cancellation_terms(settings: OnlineSettings, prepaid: bool) -> str:
    """Pure: what a visitor is told about cancelling, before paying and on the confirmation page."""
    hours = settings.cancel_window_hours
    before = f"at least {_hours(hours)} before the start" if hours else "before the start"
    if not prepaid:
        return f"If you cannot come, please cancel {before}."
    if settings.cancel_policy == "refund":
        outcome = "the clinic refunds your payment"
    else:
        outcome = "your payment becomes account credit for a later booking"
    return f"If you cancel {before}, {outcome}." + (" Later than that, please call the clinic." if hours else "")


async def settings_row(uow: UnitOfWork, *, lock: bool = False) -> OnlineBookingRow:
    row = await uow.session.get(OnlineBookingRow, SETTINGS_ID, with_for_update=True if lock else None)
    if row is None:
        raise LookupError("the online booking row is missing: the database was not migrated")
    return row


async def read_online_settings(uow: UnitOfWork) -> OnlineSettings:
    async with uow:
        return OnlineSettings.of(await settings_row(uow))


def _whole(errors: Errors, field: str, value: object, low: int, high: int, what: str) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        errors[field] = f"{what} must be a whole number."
        return low
    if not low <= number <= high:
        errors[field] = f"{what} must be between {low} and {high}."
    return number


def clean_settings(
    *,
    confirm_mode: str,
    min_notice_minutes: object,
    max_advance_days: object,
    cancel_window_hours: object,
    hold_hours: object,
    confirmation_text: str,
    cancel_policy: str = "credit",
    allow_registration: object = False,
    allow_related_profiles: object = False,
    calendar_details: object = False,
) -> OnlineSettings:
    """Pure: the form's values, checked (ValidationFailed names each bad field)."""
    errors = Errors()
    if confirm_mode not in CONFIRM_MODES:
        errors["confirm_mode"] = "Choose how requests are confirmed."
    notice = _whole(errors, "min_notice_minutes", min_notice_minutes, 0, MAX_NOTICE_MINUTES, "The notice")
    advance = _whole(errors, "max_advance_days", max_advance_days, 1, MAX_ADVANCE_DAYS, "How far ahead")
    cancel = _whole(errors, "cancel_window_hours", cancel_window_hours, 0, MAX_CANCEL_HOURS, "The cancellation window")
    hold = None
    if hold_hours not in (None, "") and str(hold_hours).strip():
        hold = _whole(errors, "hold_hours", hold_hours, 1, MAX_HOLD_HOURS, "The hold")
    text = clean_note(confirmation_text or "", max_length=2000)
    if not text:
        errors["confirmation_text"] = "Write what a visitor reads after requesting (e.g. “We will confirm by email.”)."
    if cancel_policy not in CANCEL_POLICIES:
        errors["cancel_policy"] = "Choose what a prepaid booking cancelled in time becomes."
    if notice >= advance * 24 * 60 and "min_notice_minutes" not in errors and "max_advance_days" not in errors:
        errors["min_notice_minutes"] = "The notice must be shorter than how far ahead one may book."
    errors.raise_if_any()
    switches = (v is True for v in (allow_registration, allow_related_profiles, calendar_details))
    return OnlineSettings(confirm_mode, notice, advance, cancel, hold, text, cancel_policy, *switches)


async def save_online_settings(uow: UnitOfWork, *, actor: Actor, settings: OnlineSettings) -> OnlineSettings:
    require(actor, "setup")
    async with uow:
        row = await settings_row(uow, lock=True)
        for field in fields(OnlineSettings):  # each setting is the row's column of the same name
            setattr(row, field.name, getattr(settings, field.name))
        row.updated_at = utcnow()
        hold = f"held {settings.hold_hours} h" if settings.hold_hours else "held until the start"
        uow.audit(
            actor,
            "online_booking.settings",
            "online_booking",
            SETTINGS_ID,
            summary=f"{settings.confirm_mode}; notice {settings.min_notice_minutes} min; "
            f"{settings.max_advance_days} days ahead; cancel {settings.cancel_window_hours} h before "
            f"(prepaid: {settings.cancel_policy}); {hold}; "
            f"portal sign-ups {'allowed' if settings.allow_registration else 'off'}; "
            f"related profiles {'allowed' if settings.allow_related_profiles else 'off'}; "
            f"calendar feeds {'with' if settings.calendar_details else 'without'} service and practitioner",
        )
        uow.changed(topics.ONLINE_BOOKING)
        await uow.commit()
        return OnlineSettings.of(row)


async def list_online_services(uow: UnitOfWork, *, offered_only: bool = False) -> list[OnlineService]:
    """Active services with the bookable practitioners who offer each online (by service name)."""
    async with uow:
        tax_bp = (await clinic_row(uow.session)).tax_bp
        services = (
            (await uow.session.execute(select(ServiceRow).where(ServiceRow.active.is_(True)).order_by(ServiceRow.name)))
            .scalars()
            .all()
        )
        pairs = (
            await uow.session.execute(
                select(OnlineOfferRow.service_id, OnlineOfferRow.practitioner_id)
                .join(StaffUserRow, StaffUserRow.id == OnlineOfferRow.practitioner_id)
                .where(StaffUserRow.active.is_(True), StaffUserRow.bookable.is_(True))
                .order_by(StaffUserRow.name, StaffUserRow.id)
            )
        ).all()
    offers: dict[int, list[int]] = {}
    for service_id, practitioner_id in pairs:
        offers.setdefault(service_id, []).append(practitioner_id)
    found = [_online(s, tuple(offers.get(s.id, ())), tax_bp) for s in services]
    return [s for s in found if s.offered] if offered_only else found


async def set_online_offer(
    uow: UnitOfWork, *, actor: Actor, service_id: int, practitioner_ids: list[int]
) -> OnlineService:
    """The practitioners who offer a service online (none: not offered online)."""
    require(actor, "setup")
    async with uow:
        service = await uow.session.get(ServiceRow, service_id)
        if service is None or not service.active:
            Errors(service="That service is no longer offered. Reload the page.").raise_if_any()
        assert service is not None
        wanted = set(practitioner_ids)
        bookable = {
            u.id: u.name
            for u in (
                await uow.session.execute(
                    select(StaffUserRow).where(StaffUserRow.active.is_(True), StaffUserRow.bookable.is_(True))
                )
            ).scalars()
        }
        if wanted - bookable.keys():
            Errors(practitioners="Someone chosen no longer takes appointments. Reload the page.").raise_if_any()
        await uow.session.execute(delete(OnlineOfferRow).where(OnlineOfferRow.service_id == service_id))
        for practitioner_id in sorted(wanted):
            uow.session.add(OnlineOfferRow(service_id=service_id, practitioner_id=practitioner_id))
        names = ", ".join(sorted(bookable[i] for i in wanted)) or "nobody (not offered online)"
        uow.audit(actor, "online_booking.offer", "service", service_id, summary=f"{service.name} online: {names}")
        uow.changed(topics.ONLINE_BOOKING)
        await uow.commit()
        ordered = tuple(i for i, _ in sorted(((i, bookable[i]) for i in wanted), key=lambda p: (p[1], p[0])))
        return _online(service, ordered, (await clinic_row(uow.session)).tax_bp)


def _online(service: ServiceRow, practitioner_ids: tuple[int, ...], tax_bp: int) -> OnlineService:
    return OnlineService(
        service.id,
        service.name,
        service.duration_minutes,
        service.price_cents,
        practitioner_ids,
        bool(service.prepay_online),
        amount_to_pay(service.price_cents, tax_bp) if service.prepay_online else 0,
    )


async def set_service_prepay(uow: UnitOfWork, *, actor: Actor, service_id: int, prepay: bool) -> OnlineService:
    """Pay when booking online: a visitor pays the service's price (with tax) before the request is made."""
    require(actor, "setup")
    async with uow:
        service = await uow.session.get(ServiceRow, service_id, with_for_update=True)
        if service is None or not service.active:
            Errors(service="That service is no longer offered. Reload the page.").raise_if_any()
        assert service is not None
        service.prepay_online = prepay
        offers = (
            await uow.session.execute(
                select(OnlineOfferRow.practitioner_id)
                .join(StaffUserRow, StaffUserRow.id == OnlineOfferRow.practitioner_id)
                .where(
                    OnlineOfferRow.service_id == service_id,
                    StaffUserRow.active.is_(True),
                    StaffUserRow.bookable.is_(True),
                )
                .order_by(StaffUserRow.name, StaffUserRow.id)
            )
        ).scalars()
        found = _online(service, tuple(offers), (await clinic_row(uow.session)).tax_bp)
        said = "paid when booked online" if prepay else "not paid when booked online"
        if prepay and not found.prepaid:
            said += " (its price is 0, so it is booked without paying)"
        uow.audit(actor, "online_booking.prepay", "service", service_id, summary=f"{service.name}: {said}")
        uow.changed(topics.ONLINE_BOOKING)
        await uow.commit()
        return found


async def save_settings_form(uow: UnitOfWork, *, actor: Actor, **values: object) -> OnlineSettings:
    """Setup's form as typed: checked (ValidationFailed names each bad field), then saved in one transaction."""
    return await save_online_settings(uow, actor=actor, settings=clean_settings(**values))  # type: ignore[arg-type]
