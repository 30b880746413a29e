"""Copies of a client's emails for relatives they allowed (seed 002): Mary lets her son Leo "Receive a copy of email
notifications and reminders" and her partner Pat "Receive a copy of receipts, statements, and financial emails".
Leo gets a copy of her reminder, Pat of her invoice, and neither gets the other kind; nobody gets a copy at an
address that already had the original."""

from datetime import timedelta

from domain.billing.documents import email_invoice
from domain.billing.invoices import ItemInput, add_invoice_item, create_invoice, issue_invoice
from domain.households.family import add_family_record
from domain.households.relationship_copies import queue_copies
from domain.households.relationships import end_relationship, relate
from domain.scheduling.booking import book_appointment
from domain.scheduling.reminders import send_due_reminders
from tests.integration.helpers import OWNER, add, at, booking, mary, outbox, ready_clinic

START = at("2031-03-03", "10:00")


async def _family(db, *, leo_gets=frozenset({"reminders"}), pat_gets=frozenset({"financial"})):
    c = await ready_clinic(db)
    leo = await add(db, mary(first_name="Leo", email="leo@example.com", date_of_birth="2010-05-05"))
    pat = await add(db, mary(first_name="Pat", last_name="Jones", email="pat@example.com", date_of_birth="1980-01-01"))
    await relate(db.uow(), actor=OWNER, person_id=c.mary_person, other_id=leo, relation="child", gives=leo_gets)
    await relate(db.uow(), actor=OWNER, person_id=c.mary_person, other_id=pat, relation="partner", gives=pat_gets)
    return c, leo, pat


def to(messages, address: str):
    return [m for m in messages if m.to_address == address]


async def _remind(db, c) -> None:
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, START))
    assert await send_due_reminders(db, now=START - timedelta(hours=23)) == 1


async def _invoice(db, c) -> None:
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    await add_invoice_item(db.uow(), actor=OWNER, invoice_id=invoice.id, item=ItemInput("Session", unit_price="90"))
    await issue_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id)
    await email_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id)


async def test_a_reminder_copy_goes_to_the_relative_with_the_permission_only(db):
    c, _, _ = await _family(db)
    await _remind(db, c)
    messages = await outbox(db)
    [original] = [m for m in to(messages, "mary@example.com") if m.subject.startswith("Reminder")]
    [copy] = to(messages, "leo@example.com")
    assert copy.subject == f"Copy: {original.subject}"
    assert copy.body.startswith(
        "Leo, Mary Smith lets you receive a copy of their email notifications and reminders from Test Clinic."
    )
    assert copy.body.endswith(original.body)
    assert (copy.record_type, copy.record_id) == ("appointment", original.record_id)
    assert not [m for m in to(messages, "pat@example.com") if "Copy" in m.subject]  # financial copies only


async def test_a_financial_copy_goes_with_the_invoice_to_the_relative_with_that_permission_only(db):
    c, _, _ = await _family(db)
    await _invoice(db, c)
    messages = await outbox(db)
    [original] = [m for m in to(messages, "mary@example.com") if m.subject.startswith("Invoice")]
    [copy] = [m for m in to(messages, "pat@example.com") if m.subject.startswith("Copy")]
    assert copy.subject == f"Copy: {original.subject}"
    assert "Pat, Mary Smith lets you receive a copy of their receipts, statements, and financial emails" in copy.body
    assert copy.attachment_name == original.attachment_name and copy.attachment == original.attachment
    assert not [m for m in to(messages, "leo@example.com") if "Copy" in m.subject]


async def test_no_copies_without_the_permission_or_after_the_relationship_ended(db):
    c, _, pat = await _family(db, leo_gets=frozenset({"view_pay", "calendar"}), pat_gets=frozenset({"reminders"}))
    await end_relationship(db.uow(), actor=OWNER, person_id=c.mary_person, other_id=pat)
    await _remind(db, c)
    await _invoice(db, c)
    messages = await outbox(db)
    assert not [m for m in messages if m.subject.startswith("Copy")]


async def test_no_copy_to_an_address_that_had_the_original(db):
    c, _, _ = await _family(db)
    steven = await add_family_record(
        db.uow(),
        actor=OWNER,
        primary_id=c.mary_person,
        data=mary(first_name="Steven", email="", phone="", date_of_birth="2015-05-01", tags=[]),
    )
    await relate(db.uow(), actor=OWNER, person_id=steven, other_id=c.mary_person, relation="parent",
                 gives={"reminders"})  # fmt: skip
    async with db.uow() as uow:  # Steven's email is Mary's (family records share one): she has it already
        assert await queue_copies(uow, steven, "reminders", subject="S", body="B", record_type="person",
                                  record_id=steven) == 0  # fmt: skip
        assert await queue_copies(uow, c.mary_person, "reminders", subject="S", body="B", record_type="person",
                                  record_id=None, sent_to=["LEO@example.com"]) == 0  # fmt: skip
        assert await queue_copies(uow, c.mary_person, "reminders", subject="S", body="B", record_type="person",
                                  record_id=None) == 1  # fmt: skip
        await uow.commit()
