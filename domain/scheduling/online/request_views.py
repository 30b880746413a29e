"""Booking requests as staff read them: the Requests list (and its count in the menu), a client's pending requests
(Bookings & Packages), the request behind a calendar appointment; with the possible matches and, for a prepaid
request, its payment. Only reads."""

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.invoice_views import number_label
from domain.billing.money import label
from domain.formats import current
from domain.phones import phone_label
from domain.scheduling import rules
from domain.scheduling.online.family_booking import FamilyMatch, sub_record_counts
from domain.scheduling.times import describe
from storage.accounts import StaffUserRow
from storage.billing import InvoiceRow, PaymentRow, RefundRow
from storage.clients import PersonRow
from storage.online_booking import BookingRequestRow
from storage.online_payments import CheckoutRow
from storage.scheduling import AppointmentRow, ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork

STATE_LABELS = {"pending": "Pending", "confirmed": "Confirmed", "declined": "Declined", "expired": "Expired"}
AWAITING_PAYMENT = "Awaiting payment"  # a prepaid request before its payment: not listed, shown on the calendar


@dataclass(frozen=True)
class Match:
    person_id: int
    name: str
    email: str
    status: str  # active or prospective
    why: str  # "same email", "same name", "same email and name"

    @property
    def label(self) -> str:
        kind = "prospective client" if self.status == "prospective" else "client"
        return f"{self.name} ({kind}, {self.why}{', ' + self.email if self.email else ''})"


@dataclass(frozen=True)
class Paid:
    """A prepaid request's payment, taken online when it was made."""

    payment_id: int
    amount_cents: int
    refunded_cents: int
    invoice_id: int | None
    invoice_label: str  # "INV-00012"

    @property
    def amount_label(self) -> str:
        return label(self.amount_cents)


@dataclass(frozen=True)
class RequestView:
    id: int
    appointment_id: int
    state: str
    source: str  # bookings_page or invite
    service_name: str
    practitioner_name: str
    any_practitioner: bool
    starts_at: datetime
    ends_at: datetime
    when: str  # in the clinic's zone
    person_id: int  # who it is for
    person_name: str
    person_status: str  # prospective, active…
    booker_person_id: int
    first_name: str  # the contact details as typed
    last_name: str
    email: str
    phone: str
    date_of_birth: date | None
    notes: str
    created_at: datetime
    expires_at: datetime
    match_state: str
    matches: tuple[Match, ...]
    decline_reason: str
    paid: "Paid | None" = None  # a prepaid request: its payment
    booker_name: str = ""  # who booked (booking for a family member: not the person it is for)
    family_match_state: str = "none"
    families: tuple[FamilyMatch, ...] = ()  # existing primaries named like the family member

    @property
    def for_family(self) -> bool:
        return self.booker_person_id != self.person_id

    @property
    def needs_family(self) -> bool:
        return self.state == "pending" and self.family_match_state == "open"

    @property
    def unrefunded_cents(self) -> int:
        return self.paid.amount_cents - self.paid.refunded_cents if self.paid else 0

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, AWAITING_PAYMENT)

    @property
    def needs_match(self) -> bool:
        return self.state == "pending" and self.match_state == "open"

    @property
    def contact_line(self) -> str:
        parts = [self.email, phone_label(self.phone) if self.phone else ""]
        if self.date_of_birth:
            parts.append(f"born {current().date(self.date_of_birth)}")
        return " · ".join(p for p in parts if p)


async def _views(uow: UnitOfWork, where: list, limit: int = 200, *, newest_first: bool = False) -> list[RequestView]:
    person, booker = aliased(PersonRow), aliased(PersonRow)
    rows = (
        await uow.session.execute(
            select(BookingRequestRow, AppointmentRow, ServiceRow.name, StaffUserRow.name, person, booker)
            .join(AppointmentRow, AppointmentRow.id == BookingRequestRow.appointment_id)
            .join(StaffUserRow, StaffUserRow.id == AppointmentRow.practitioner_id)
            .outerjoin(ServiceRow, ServiceRow.id == AppointmentRow.service_id)
            .join(person, person.id == BookingRequestRow.for_person_id)
            .join(booker, booker.id == BookingRequestRow.booker_person_id)
            .where(*where)
            .order_by(
                *((BookingRequestRow.id.desc(),) if newest_first else (AppointmentRow.starts_at, BookingRequestRow.id))
            )
            .limit(limit)
        )
    ).all()
    wanted = {int(i) for r in rows for i in f"{r[0].match_ids},{r[0].family_match_ids}".split(",") if i}
    people = (
        {p.id: p for p in (await uow.session.execute(select(PersonRow).where(PersonRow.id.in_(wanted)))).scalars()}
        if wanted
        else {}
    )
    tz = await rules.clinic_zone(uow)
    paid = await paid_requests(uow, [r[0].id for r in rows if r[0].invoice_id])
    subs = await sub_record_counts(uow, {int(i) for r in rows for i in r[0].family_match_ids.split(",") if i})
    return [
        replace(
            _view(r, a, service, practitioner, p, people, tz),
            paid=paid.get(r.id),
            booker_name=f"{b.first_name} {b.last_name}",
            family_match_state=r.family_match_state,
            families=tuple(
                FamilyMatch(m.id, f"{m.first_name} {m.last_name}", m.email or "", m.status, subs.get(m.id, 0))
                for m in (people.get(int(i)) for i in r.family_match_ids.split(",") if i)
                if m is not None
            ),
        )
        for r, a, service, practitioner, p, b in rows
    ]


async def paid_requests(uow: UnitOfWork, request_ids: list[int]) -> dict[int, Paid]:
    """The payments taken online for these prepaid requests (request id → its payment)."""
    if not request_ids:
        return {}
    refunded = (
        select(RefundRow.payment_id, func.sum(RefundRow.amount_cents).label("cents"))
        .group_by(RefundRow.payment_id)
        .subquery()
    )
    rows = (
        await uow.session.execute(
            select(CheckoutRow.booking_request_id, PaymentRow, refunded.c.cents, InvoiceRow.id, InvoiceRow.number)
            .join(PaymentRow, PaymentRow.id == CheckoutRow.payment_id)
            .outerjoin(refunded, refunded.c.payment_id == PaymentRow.id)
            .join(BookingRequestRow, BookingRequestRow.id == CheckoutRow.booking_request_id)
            .outerjoin(InvoiceRow, InvoiceRow.id == BookingRequestRow.invoice_id)
            .where(CheckoutRow.booking_request_id.in_(request_ids), CheckoutRow.state == "paid")
        )
    ).all()
    return {
        request_id: Paid(payment.id, payment.amount_cents, cents or 0, invoice_id, number_label(number))
        for request_id, payment, cents, invoice_id, number in rows
    }


def _view(
    r: BookingRequestRow,
    a: AppointmentRow,
    service: str | None,
    practitioner: str,
    p: PersonRow,
    people: dict[int, PersonRow],
    tz: ZoneInfo,
) -> RequestView:
    matches = []
    for i in (int(x) for x in r.match_ids.split(",") if x):
        m = people.get(i)
        if m is None:
            continue
        same_email = (m.email or "").lower() == r.email
        same_name = (m.first_name.casefold(), m.last_name.casefold()) == (
            r.first_name.casefold(),
            r.last_name.casefold(),
        )
        why = "same email and name" if same_email and same_name else "same email" if same_email else "same name"
        matches.append(Match(m.id, f"{m.first_name} {m.last_name}", m.email or "", m.status, why))
    return RequestView(
        r.id,
        a.id,
        r.state,
        r.source,
        service or "",
        practitioner,
        r.any_practitioner,
        a.starts_at,
        a.ends_at,
        describe(a.starts_at, a.ends_at, tz),
        p.id,
        f"{p.first_name} {p.last_name}",
        p.status,
        r.booker_person_id,
        r.first_name,
        r.last_name,
        r.email,
        r.phone or "",
        r.date_of_birth,
        r.notes,
        r.created_at,
        r.expires_at,
        r.match_state,
        tuple(matches),
        r.decline_reason or "",
    )


async def list_requests(uow: UnitOfWork, *, actor: Actor, state: str = "pending") -> list[RequestView]:
    """The Requests list: pending ones soonest first (a request whose hold has ended is left out: the scheduler
    expires it within a minute, then it is listed as expired); the others newest first. Only reads."""
    require(actor, "calendar")
    async with uow:
        if state == "pending":
            return await _views(uow, [BookingRequestRow.state == "pending", BookingRequestRow.expires_at > utcnow()])
        where = [BookingRequestRow.state == state] if state in STATE_LABELS else []
        return await _views(uow, where, newest_first=True)


async def pending_request_count(uow: UnitOfWork, *, actor: Actor) -> int:
    require(actor, "calendar")
    async with uow:
        return (
            await uow.session.execute(
                select(func.count())
                .select_from(BookingRequestRow)
                .where(BookingRequestRow.state == "pending", BookingRequestRow.expires_at > utcnow())
            )
        ).scalar_one()


async def person_requests(uow: UnitOfWork, *, actor: Actor, person_id: int) -> list[RequestView]:
    """Bookings & Packages: the client's pending requests (made for them or by them)."""
    require(actor, "people.read")
    async with uow:
        return await _views(
            uow,
            [
                BookingRequestRow.state == "pending",
                BookingRequestRow.expires_at > utcnow(),
                (BookingRequestRow.for_person_id == person_id) | (BookingRequestRow.booker_person_id == person_id),
            ],
        )


async def appointment_request(uow: UnitOfWork, *, actor: Actor, appointment_id: int) -> RequestView | None:
    """The request behind an appointment (the calendar's panel), if it came from the Bookings Page."""
    require(actor, "calendar")
    async with uow:
        found = await _views(uow, [BookingRequestRow.appointment_id == appointment_id], limit=1)
        return found[0] if found else None
