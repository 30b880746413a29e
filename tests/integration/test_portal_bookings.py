"""The Client Portal's appointments and invoices (issue 18): booking signed in, cancelling and rescheduling inside
the clinic's window (outside it: call the clinic, with its number), staff told by a task; invoices with their PDF
and Pay. Every route goes through the one access policy: another client's id is not found, audited, unchanged."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from domain.accounts.portal import portal_sign_in
from domain.billing.invoices import ItemInput, add_invoice_item, create_invoice, issue_invoice
from domain.billing.online.portal_invoices import pay_from_portal, portal_invoice_pdf, portal_invoices
from domain.billing.online.sandbox import SandboxProvider
from domain.clients.details import ClientInput
from domain.clients.profile import get_client
from domain.clients.register import set_archived
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.scheduling.booking import book_appointment
from domain.scheduling.online.portal_bookings import cancel_from_portal, portal_appointments
from domain.scheduling.online.portal_reschedule import reschedule_from_portal, start_rescheduling
from domain.scheduling.online.requests import TimeTaken, request_booking
from domain.scheduling.online.settings import set_online_offer
from storage.clients import PersonRow
from storage.clinic import ClinicRow
from storage.online_booking import BookingRequestRow
from storage.scheduling import AppointmentRow
from storage.tasks import TaskRow
from tests.integration.helpers import OWNER, URL, add, at, audit_entries, booking, outbox, taylors
from tests.integration.online_helpers import NOW, online_clinic, visit
from tests.integration.portal_helpers import PASSWORD, portal_client


async def rows(db, model):
    async with db.uow() as uow:
        return list((await uow.session.execute(select(model).order_by(model.id))).scalars())


async def clinic_phone(db, phone: str) -> None:
    async with db.uow() as uow:
        (await uow.session.get(ClinicRow, 1)).phone = phone
        await uow.commit()


async def two_clients(db):
    c = await online_clinic(db)
    john_id = await add(db, ClientInput(first_name="John", last_name="Brown", email="john@example.com"))
    return c, await portal_client(db, c.mary_person), await portal_client(db, john_id)


async def test_a_signed_in_client_books_for_their_own_record_without_a_contact_step(db):
    c, mary, _john = await two_clients(db)
    persons_before = len(await rows(db, PersonRow))
    ten = at("2031-03-04", "10:00")
    done = await request_booking(db.uow(), visit=visit(c, ten, first_name="", email="", portal=mary), ip=None, now=NOW)
    assert done.state == "requested" and done.email == "mary@example.com"
    [request] = await rows(db, BookingRequestRow)
    assert (request.source, request.for_person_id, request.match_state) == ("portal", c.mary_person, "none")
    assert len(await rows(db, PersonRow)) == persons_before  # no new record, no possible match to resolve
    [shown] = await portal_appointments(db.uow(), who=mary, now=NOW)
    assert shown.state == "requested" and shown.can_change and "waiting for" in shown.state_label
    [entry] = await audit_entries(db, "booking.requested")
    assert entry.actor_label == "Client portal: Mary Smith" and "in the Client Portal" in entry.summary


async def test_cancelling_inside_the_window_frees_the_time_and_tells_staff(db):
    c, mary, _john = await two_clients(db)
    thursday = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-06", "10:00")))
    [shown] = await portal_appointments(db.uow(), who=mary, now=NOW)
    assert shown.id == thursday.id and shown.can_change and shown.can_reschedule
    message = await cancel_from_portal(db.uow(), who=mary, appointment_id=thursday.id, now=NOW)
    assert message == "Your appointment was cancelled."
    [row] = await rows(db, AppointmentRow)
    assert row.status == "cancelled" and "Client Portal" in row.cancel_reason
    [task] = await rows(db, TaskRow)
    assert task.title.startswith("Mary Smith cancelled online: Initial consultation with Dr. Priya Patel")
    assert task.assigned_to == c.priya
    assert await portal_appointments(db.uow(), who=mary, now=NOW) == []


async def test_outside_the_window_the_client_is_told_to_call_with_the_number(db):
    c, mary, _john = await two_clients(db)
    await clinic_phone(db, "+61299990000")
    tonight = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "16:00")))
    [shown] = await portal_appointments(db.uow(), who=mary, now=NOW)
    assert not shown.can_change and "call Test Clinic on (02) 9999 0000" in shown.why_not
    with pytest.raises(NotAllowed, match="up to 24 hours before"):
        await cancel_from_portal(db.uow(), who=mary, appointment_id=tonight.id, now=NOW)
    with pytest.raises(NotAllowed, match="call Test Clinic"):
        await start_rescheduling(db.uow(), who=mary, appointment_id=tonight.id, now=NOW)
    assert (await rows(db, AppointmentRow))[0].status == "booked"


async def test_rescheduling_moves_it_to_an_offered_time_emails_and_tells_staff(db):
    c, mary, _john = await two_clients(db)
    first = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-06", "10:00")))
    moving = await start_rescheduling(db.uow(), who=mary, appointment_id=first.id, now=NOW)
    assert moving.practitioner_id == c.priya and moving.service.id == c.service
    message = await reschedule_from_portal(
        db.uow(), who=mary, appointment_id=first.id, start=at("2031-03-07", "14:00"), now=NOW
    )
    assert message.startswith("Your appointment was moved to Fri, 7 Mar 2031")
    [row] = await rows(db, AppointmentRow)
    assert row.starts_at == at("2031-03-07", "14:00") and row.status == "booked"
    assert (await outbox(db))[-1].subject == "Test Clinic: your appointment was moved"
    [task] = await rows(db, TaskRow)
    assert "moved online" in task.title and "Was Thu, 6 Mar 2031" in task.details


async def test_rescheduling_to_a_taken_or_never_offered_time_is_refused(db):
    c, mary, _john = await two_clients(db)
    first = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-06", "10:00")))
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-07", "14:00")))
    with pytest.raises(TimeTaken) as taken:
        await reschedule_from_portal(
            db.uow(), who=mary, appointment_id=first.id, start=at("2031-03-07", "14:00"), now=NOW
        )
    assert taken.value.nearest
    with pytest.raises(ValidationFailed):
        await reschedule_from_portal(
            db.uow(), who=mary, appointment_id=first.id, start=at("2031-03-07", "14:05"), now=NOW
        )
    assert (await rows(db, AppointmentRow))[0].starts_at == at("2031-03-06", "10:00")


async def test_another_clients_appointment_is_not_found_audited_and_unchanged(db):
    c, _mary, john = await two_clients(db)
    marys = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-06", "10:00")))
    assert await portal_appointments(db.uow(), who=john, now=NOW) == []
    with pytest.raises(NotFound):
        await cancel_from_portal(db.uow(), who=john, appointment_id=marys.id, now=NOW)
    with pytest.raises(NotFound):
        await reschedule_from_portal(
            db.uow(), who=john, appointment_id=marys.id, start=at("2031-03-07", "14:00"), now=NOW
        )
    with pytest.raises(NotFound):
        await cancel_from_portal(db.uow(), who=john, appointment_id=99999, now=NOW)
    refused = await audit_entries(db, "portal.refused")
    assert len(refused) == 3 and all(e.actor_label == "Client portal: John Brown" for e in refused)
    assert (await rows(db, AppointmentRow))[0].status == "booked" and await rows(db, TaskRow) == []


async def test_invoices_show_with_their_pdf_and_pay_opens_a_checkout(db):
    c, mary, john = await two_clients(db)
    draft = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    await add_invoice_item(
        db.uow(), actor=OWNER, invoice_id=draft.id, item=ItemInput("Report", "1", "110.00", "0", "0")
    )
    assert await portal_invoices(db.uow(), who=mary) == []  # a draft is the clinic's business
    issued = await issue_invoice(db.uow(), actor=OWNER, invoice_id=draft.id)
    [invoice] = await portal_invoices(db.uow(), who=mary, owing_only=True)
    assert (invoice.number_label, invoice.balance_label, invoice.status_label) == (
        issued.number_label,
        "$110.00",
        "Issued",
    )
    name, pdf = await portal_invoice_pdf(db.uow(), who=mary, invoice_id=invoice.id)
    assert name == f"{issued.number_label}.pdf" and pdf.startswith(b"%PDF")
    url = await pay_from_portal(
        db.uow(), who=mary, invoice_id=invoice.id, provider=SandboxProvider(URL), public_url=URL
    )
    assert url.startswith(URL)
    assert await portal_invoices(db.uow(), who=john) == []
    with pytest.raises(NotFound):
        await portal_invoice_pdf(db.uow(), who=john, invoice_id=invoice.id)
    with pytest.raises(NotFound):
        await pay_from_portal(db.uow(), who=john, invoice_id=invoice.id, provider=SandboxProvider(URL), public_url=URL)
    assert len(await audit_entries(db, "portal.refused")) == 2


async def test_a_joint_appointment_shows_read_only_with_the_clinics_number(db):
    h = await taylors(db)
    await set_online_offer(db.uow(), actor=OWNER, service_id=h.clinic.service, practitioner_ids=[h.clinic.priya])
    await clinic_phone(db, "+61299990000")
    joint = await book_appointment(
        db.uow(), actor=OWNER, booking=booking(h.clinic, at("2031-03-06", "10:00"), profile_id=h.profile)
    )
    alex = await portal_client(db, h.alex)
    [shown] = await portal_appointments(db.uow(), who=alex, now=NOW)
    assert (shown.id, shown.for_name, shown.can_change) == (joint.id, "Alex & Sam Taylor", False)
    assert "joint appointment" in shown.why_not and "(02) 9999 0000" in shown.why_not
    with pytest.raises(NotFound):  # acting on it is the clinic's, until the family-records issue
        await cancel_from_portal(db.uow(), who=alex, appointment_id=joint.id, now=NOW)


async def test_a_resized_appointment_moves_at_its_own_length_and_never_names_another_booking(db):
    c, mary, _john = await two_clients(db)
    long_one = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-06", "10:00"), 90))
    other = ClientInput(first_name="Zed", last_name="Other", email="zed@example.com")
    zed = await add(db, other)
    zed_profile = (await get_client(db.uow(), actor=OWNER, person_id=zed)).profile_id
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-07", "15:00"), profile_id=zed_profile))
    with pytest.raises(TimeTaken) as taken:  # 14:00 fits 60 minutes, not this appointment's 90
        await reschedule_from_portal(
            db.uow(), who=mary, appointment_id=long_one.id, start=at("2031-03-07", "14:00"), now=NOW
        )
    assert "Zed" not in taken.value.message
    await reschedule_from_portal(
        db.uow(), who=mary, appointment_id=long_one.id, start=at("2031-03-07", "11:00"), now=NOW
    )
    [moved] = [a for a in await rows(db, AppointmentRow) if a.id == long_one.id]
    assert moved.ends_at - moved.starts_at == timedelta(minutes=90)


async def test_ids_out_of_any_range_are_not_found_and_audited(db):
    _c, mary, _john = await two_clients(db)
    for huge in (2**40, -1, 0):
        with pytest.raises(NotFound):
            await cancel_from_portal(db.uow(), who=mary, appointment_id=huge, now=NOW)
        with pytest.raises(NotFound):
            await portal_invoice_pdf(db.uow(), who=mary, invoice_id=huge)
    assert len(await audit_entries(db, "portal.refused")) == 6


async def test_an_archived_client_cannot_sign_in_and_is_told_why(db):
    c, _mary, _john = await two_clients(db)
    await set_archived(db.uow(), actor=OWNER, person_id=c.mary_person, archived=True)
    with pytest.raises(NotAllowed, match="account is closed"):
        await portal_sign_in(db.uow(), email="mary@example.com", password=PASSWORD, ip=None)
