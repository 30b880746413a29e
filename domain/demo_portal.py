"""The demo's Client Portal: Chloe Brown signs in to it (the sandbox's client side) and finds an appointment next
week she can cancel or reschedule, an invoice to pay (the sandbox takes card 4242 4242 4242 4242), a document shared
with her, a task to tick off, and the clinic's phone number for what cannot be changed online. Visitors may create
an account from the sign-in page."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fpdf import FPDF
from sqlalchemy import select

from domain.accounts.passwords import hash_password
from domain.scheduling.online.settings import settings_row
from domain.tokens import digest, new_token
from storage.accounts import StaffUserRow
from storage.billing import InvoiceItemRow, InvoiceRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.online_booking import OnlineOfferRow
from storage.portal import PortalLoginRow
from storage.records import FileRow
from storage.scheduling import AppointmentRow, ServiceRow
from storage.tasks import TaskRow
from storage.uow import UnitOfWork

DEMO_PORTAL_LOGIN = ("chloe.brown@example.com", "portal-demo-2026")
DEMO_PORTAL_CLIENT = "Chloe Brown"
DEMO_CLINIC_PHONE = "+61299990000"


async def seed_portal(uow: UnitOfWork, *, people: dict[str, PersonRow], tz: ZoneInfo, today: date) -> None:
    """Inside the demo's transaction: Chloe's portal login, her next appointment, an invoice to pay."""
    s = uow.session
    chloe = people[DEMO_PORTAL_CLIENT]
    password_hash = await hash_password(DEMO_PORTAL_LOGIN[1])
    s.add(PortalLoginRow(email=DEMO_PORTAL_LOGIN[0], password_hash=password_hash, primary_person_id=chloe.id))
    clinic = await clinic_row(s)
    clinic.phone = DEMO_CLINIC_PHONE
    clinic.address = "Level 2, 12 Example Street, Sydney NSW 2000"  # calendar subscriptions say where
    profile = (await s.execute(select(ProfileRow).where(ProfileRow.person_id == chloe.id))).scalar_one()
    service, practitioner = (
        await s.execute(
            select(ServiceRow, StaffUserRow)
            .join(OnlineOfferRow, OnlineOfferRow.service_id == ServiceRow.id)
            .join(StaffUserRow, StaffUserRow.id == OnlineOfferRow.practitioner_id)
            .order_by(ServiceRow.name, StaffUserRow.name)
            .limit(1)
        )
    ).one()
    start = await _free_start(uow, practitioner.id, service.duration_minutes, tz, today)
    s.add(
        AppointmentRow(
            practitioner_id=practitioner.id,
            profile_id=profile.id,
            service_id=service.id,
            kind="client",
            title="",
            notes="",
            starts_at=start,
            ends_at=start + timedelta(minutes=service.duration_minutes),
            price_cents=service.price_cents,
            outside_hours=False,
            status="booked",
            version=1,
        )
    )
    invoice = InvoiceRow(
        profile_id=profile.id,
        status="issued",
        number=clinic.next_invoice_number,
        issued_on=today - timedelta(days=3),
        due_on=today + timedelta(days=11),
        notes="",
    )
    clinic.next_invoice_number += 1
    s.add(invoice)
    await s.flush()
    s.add(
        InvoiceItemRow(
            invoice_id=invoice.id,
            kind="product",
            description="Progress report for your GP",
            quantity_milli=1000,
            unit_price_cents=8000,
            discount_bp=0,
            tax_bp=clinic.tax_bp,
            session_label="",
        )
    )
    await s.flush()
    s.add(
        FileRow(
            profile_id=profile.id,
            kind="record",
            name="Home exercises.pdf",
            content_type="application/pdf",
            size=len(pdf := exercises_pdf()),
            data=pdf,
            uploaded_by="Dr. Priya Patel",
            created_at=datetime.now(tz) - timedelta(days=1),
            shared_at=datetime.now(tz) - timedelta(days=1),
            shared_by="Dr. Priya Patel",
        )
    )
    s.add(
        TaskRow(
            title="Bring your GP's referral letter",
            details="The letter from your GP, to your next appointment.",
            profile_id=profile.id,
            client_person_id=chloe.id,
            due_on=start.astimezone(tz).date(),
            link_token_hash=digest(new_token()),  # the demo's emails are not sent: its link is not needed
        )
    )
    (await settings_row(uow)).allow_registration = True
    (await settings_row(uow)).allow_related_profiles = True  # seed 002: family members at sign-up and in My Account


def exercises_pdf(text: str = "Home exercises: three times a day, ten of each.") -> bytes:
    """A one-line PDF for the demo's shared documents."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.cell(0, 10, text)
    return bytes(pdf.output())


async def _free_start(uow: UnitOfWork, practitioner_id: int, minutes: int, tz: ZoneInfo, today: date) -> datetime:
    """The first weekday hour from 11:00, three days ahead or later, free in the practitioner's diary."""
    for days in range(3, 30):
        day = today + timedelta(days=days)
        if day.weekday() >= 5:
            continue
        for hour in (11, 14, 15, 10, 9):
            start = datetime.combine(day, time(hour), tzinfo=tz)
            end = start + timedelta(minutes=minutes)
            clash = (
                await uow.session.execute(
                    select(AppointmentRow.id).where(
                        AppointmentRow.practitioner_id == practitioner_id,
                        AppointmentRow.status != "cancelled",
                        AppointmentRow.starts_at < end,
                        AppointmentRow.ends_at > start,
                    )
                )
            ).first()
            if clash is None:
                return start
    raise LookupError("no free hour for the demo's portal appointment")
