"""Steps the integration tests share: rows read straight from the database; a client; a clinic ready for booking;
a session pack; a shared profile "Alex & Sam Taylor"."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from domain.accounts.staff import add_staff, create_first_owner
from domain.billing.pack_templates import save_pack_template
from domain.clients.details import ClientInput
from domain.clients.profile import get_client
from domain.clients.register import add_client
from domain.clinic.hours import WorkingBlock, set_working_hours
from domain.households.members import add_member
from domain.households.shared_profiles import create_shared_profile, get_shared
from domain.records.form_fields import FormField
from domain.records.forms import save_form_template
from domain.scheduling.bookable_services import save_service
from domain.scheduling.booking import Booking, book_appointment
from storage.audit import AuditEntryRow
from storage.outbox import OutboxMessageRow
from tests.support import staff_actor

# --- Reading rows straight from the database, to check what a service really stored ---------------------


async def audit_entries(db, action: str | None = None) -> list[AuditEntryRow]:
    async with db.uow() as uow:
        query = select(AuditEntryRow).order_by(AuditEntryRow.id)
        if action:
            query = query.where(AuditEntryRow.action == action)
        return list((await uow.session.execute(query)).scalars())


async def outbox(db) -> list[OutboxMessageRow]:
    async with db.uow() as uow:
        return list((await uow.session.execute(select(OutboxMessageRow).order_by(OutboxMessageRow.id))).scalars())


async def count(db, table) -> int:
    async with db.uow() as uow:
        return (await uow.session.execute(select(func.count()).select_from(table))).scalar_one()


# --- Set-up steps shared by the client tests ------------------------------------------------------------

OWNER = staff_actor()
URL = "http://clinic.example"
INTAKE = [
    FormField("", "What brings you here?", "long_text", True),
    FormField("", "Preferred day", "single_choice", False, ("Monday", "Friday")),
    FormField("", "I agree to the privacy policy", "checkbox", True),
]


def mary(**overrides) -> ClientInput:
    values = dict(
        first_name="Mary",
        last_name="Smith",
        date_of_birth="1984-03-12",
        email="mary@example.com",
        phone="0412 345 678",
        time_zone="Australia/Sydney",
        tags=["Family"],
    )
    return ClientInput(**(values | overrides))


async def add(db, data: ClientInput | None = None, *, invite: bool = False, form_ids=(), **kw) -> int:
    return await add_client(
        db.uow(), actor=OWNER, data=data or mary(), invite=invite, form_ids=list(form_ids), public_url=URL, **kw
    )


async def intake_form(db):
    return await save_form_template(
        db.uow(),
        actor=OWNER,
        template_id=None,
        name="New client intake",
        description="Before your first visit",
        questions=INTAKE,
    )


def link_token(body: str, path: str) -> str:
    """The token at the end of the first link to `path` in an email body."""
    start = body.index(f"{URL}{path}") + len(f"{URL}{path}")
    return body[start:].split()[0]


# --- A clinic ready for booking: an owner, two practitioners who work around the clock, a client, a service

SYDNEY = ZoneInfo("Australia/Sydney")
ALL_WEEK = [WorkingBlock(d, time(0), time(0)) for d in range(7)]
OFFICE_HOURS = [WorkingBlock(d, time(9), time(17)) for d in range(5)]


@dataclass
class Clinic:
    priya: int
    sam: int
    mary_profile: int
    mary_person: int
    service: int


async def ready_clinic(db, *, zone: str = "Australia/Sydney", hours=ALL_WEEK) -> Clinic:
    await create_first_owner(
        db.uow(),
        clinic_name="Test Clinic",
        time_zone=zone,
        name="Olivia Owner",
        email="owner@example.com",
        password="long enough password",
        ip=None,
    )
    ids = []
    for name in ("Dr. Priya Patel", "Sam O'Connor"):
        user = await add_staff(
            db.uow(),
            actor=OWNER,
            name=name,
            email=f"{name.split()[-1].lower()}@example.com",
            role="practitioner",
            password="long enough password",
            bookable=True,
            time_zone=zone,
        )
        await set_working_hours(db.uow(), actor=OWNER, staff_user_id=user.id, blocks=hours)
        ids.append(user.id)
    person = await add(db, mary(time_zone=zone))
    client = await get_client(db.uow(), actor=OWNER, person_id=person)
    service = await save_service(
        db.uow(),
        actor=OWNER,
        service_id=None,
        name="Initial consultation",
        duration_minutes=60,
        price="150.00",
        colour="#2f6f5e",
    )
    return Clinic(ids[0], ids[1], client.profile_id, person, service.id)


def at(day: str, hh_mm: str, tz: ZoneInfo = SYDNEY) -> datetime:
    """An aware time from a wall-clock in `tz`: at('2031-03-03', '10:00')."""
    return datetime.fromisoformat(f"{day}T{hh_mm}").replace(tzinfo=tz)


def booking(c: Clinic, start: datetime, minutes: int = 60, *, practitioner: int | None = None, **kw) -> Booking:
    values = dict(
        practitioner_id=practitioner or c.priya,
        start=start,
        end=start + timedelta(minutes=minutes),
        kind="client",
        profile_id=c.mary_profile,
        service_id=c.service,
    )
    return Booking(**(values | kw))


# --- A clinic with a client, services and bookings, ready for billing -----------------------------------


async def ten_session_pack(db, c, **changes):
    values = dict(
        template_id=None,
        name="10-session pack",
        description="Ten sessions",
        metric="sessions",
        size=10,
        price="1200.00",
        reduced_rate="0",
        expiry_days=180,
        service_ids=[c.service],
    )
    return await save_pack_template(db.uow(), actor=OWNER, **(values | changes))


async def book_days(db, c, count: int, start: str = "2031-03-03"):
    """`count` weekly appointments for Mary with Priya, returned in order."""
    return [
        await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at(start, "10:00") + timedelta(weeks=n)))
        for n in range(count)
    ]


# --- A shared profile "Alex & Sam Taylor" with two members, on top of the booking-ready clinic ----------


@dataclass
class Household:
    clinic: Clinic
    profile: int
    alex: int  # person ids
    sam: int


async def taylors(db, *, sam_email: str | None = "sam.taylor@example.com") -> Household:
    clinic = await ready_clinic(db)
    alex = await add(
        db,
        mary(
            first_name="Alex",
            last_name="Taylor",
            email="alex.taylor@example.com",
            date_of_birth="1985-06-01",
            phone="0400 111 222",
        ),
    )
    sam = await add(
        db,
        mary(
            first_name="Sam",
            last_name="Taylor",
            email=sam_email or "",
            date_of_birth="1987-02-14",
            phone="0400 333 444",
        ),
    )
    profile = await create_shared_profile(db.uow(), actor=OWNER, name="Alex & Sam Taylor")
    await add_member(db.uow(), actor=OWNER, profile_id=profile, person_id=alex)
    await add_member(db.uow(), actor=OWNER, profile_id=profile, person_id=sam)
    return Household(clinic, profile, alex, sam)


async def member_ids(db, h: Household) -> dict[int, int]:
    """person id → member id"""
    shared = await get_shared(db.uow(), actor=OWNER, profile_id=h.profile)
    return {m.person_id: m.id for m in shared.members}
