"""Phone numbers through phonenumbers: stored as E.164 (the clinic's region for numbers typed nationally), found by
their national digits, sent to the SMS gateway as E.164; a number kept as typed is listed and gets no SMS."""

import pytest
from sqlalchemy import select, update

from domain.adapters.sms import SmsGateway
from domain.clients.contacts import add_contact, profile_contacts, set_contact_phone
from domain.clients.persons import search_people
from domain.clients.phone_check import phones_to_check
from domain.clients.profile import get_client
from domain.clients.register import update_client
from domain.clinic.settings import get_clinic, update_clinic
from domain.errors import ValidationFailed
from domain.messaging.communication import send_to_profile
from domain.messaging.outbox import queue_email
from domain.messaging.sender import deliver_one
from domain.records.form_answers import submit_public_form
from storage.clients import PersonRow, ProfileRow
from storage.outbox import OutboxMessageRow
from tests.integration.helpers import OWNER, add, count, intake_form, mary, outbox, taylors
from tests.support import SmsGatewayRecorder

ANSWERS = {"what_brings_you_here": "Back pain", "preferred_day": "Friday", "i_agree_to_the_privacy_policy": True}


async def stored_phones(db) -> list[str | None]:
    async with db.uow() as uow:
        return list((await uow.session.execute(select(PersonRow.phone).order_by(PersonRow.id))).scalars())


async def test_phone_numbers_typed_in_national_and_international_form_store_the_same_e164(db):
    national = await add(db, mary(phone="0412 345 678"))
    await add(db, mary(first_name="John", email="john@example.com", phone="+61 412 345 678"), allow_duplicate=True)
    await add(db, mary(first_name="Ann", email="ann@example.com", phone="+44 20 7946 0958"), allow_duplicate=True)
    assert await stored_phones(db) == ["+61412345678", "+61412345678", "+442079460958"]
    for typed in ("0412 345", "0412345678", "+61 412", "412 345 678"):  # the search key has E.164 and national digits
        found = await search_people(db.uow(), actor=OWNER, text=typed)
        assert [p.name for p in found.people] == ["Ann Smith", "John Smith", "Mary Smith"][1:], typed
    assert [p.name for p in (await search_people(db.uow(), actor=OWNER, text="020 7946")).people] == ["Ann Smith"]
    client = await get_client(db.uow(), actor=OWNER, person_id=national)
    assert client.phone == "+61412345678"


async def test_a_phone_that_is_no_number_is_refused_at_the_field_and_nothing_is_saved(db):
    for typed in ("((((", "12", "0412 345 ABC"):
        with pytest.raises(ValidationFailed) as refused:
            await add(db, mary(phone=typed))
        assert refused.value.errors == {
            "phone": "That is not a phone number we can call: give it as 0412 345 678 or +61 412 345 678."
        }
    assert await count(db, PersonRow) == 0 and await count(db, ProfileRow) == 0


async def test_editing_keeps_the_number_and_saving_its_national_form_unchanged_keeps_it(db):
    person_id = await add(db)
    await update_client(db.uow(), actor=OWNER, person_id=person_id, data=mary(phone="0412 345 678"))
    await update_client(db.uow(), actor=OWNER, person_id=person_id, data=mary(phone="0400 111 222"))
    assert await stored_phones(db) == ["+61400111222"]
    with pytest.raises(ValidationFailed, match="phone"):
        await update_client(db.uow(), actor=OWNER, person_id=person_id, data=mary(phone="(((("))
    assert await stored_phones(db) == ["+61400111222"]


async def test_a_german_clinic_reads_a_national_number_as_german(db):
    clinic = await get_clinic(db.uow())
    await update_clinic(db.uow(), actor=OWNER, name=clinic.name, time_zone=clinic.time_zone, locale="de-DE")
    await add(db, mary(phone="030 1234567"))
    await add(db, mary(first_name="Jo", email="jo@example.com", phone="+61 412 345 678"), allow_duplicate=True)
    assert await stored_phones(db) == ["+49301234567", "+61412345678"]
    with pytest.raises(ValidationFailed) as refused:
        await add(db, mary(first_name="X", email="x@example.com", phone="(((("), allow_duplicate=True)
    assert "+49 " in refused.value.errors["phone"]
    gp = await add_contact(db.uow(), actor=OWNER, name="Dr. Weber", kind="GP", phone="030 1234567")
    template = await intake_form(db)
    await submit_public_form(
        db.uow(),
        public_token=template.public_token,
        contact=mary(first_name="Lena", email="lena@example.com", phone="0151 23456789", tags=[]),
        answers=ANSWERS,
        ip="203.0.113.50",
    )
    assert (await stored_phones(db))[-1] == "+4915123456789"
    async with db.uow() as uow:
        from storage.households import ContactRow

        assert (await uow.session.get(ContactRow, gp)).phone == "+49301234567"


async def test_contacts_and_public_forms_take_checked_numbers_only(db):
    with pytest.raises(ValidationFailed) as refused:
        await add_contact(db.uow(), actor=OWNER, name="Dr. Lee", kind="GP", phone="((((")
    assert list(refused.value.errors) == ["contact_phone"]
    template = await intake_form(db)
    with pytest.raises(ValidationFailed) as refused:
        await submit_public_form(
            db.uow(),
            public_token=template.public_token,
            contact=mary(phone="ring ring", tags=[]),
            answers=ANSWERS,
            ip="203.0.113.50",
        )
    assert list(refused.value.errors) == ["phone"]
    assert await count(db, PersonRow) == 0


async def sms_to_alex_and_sam(db, h) -> None:
    """An SMS to the Taylors' shared profile: to Alex, Sam in copy."""
    await send_to_profile(
        db.uow(),
        actor=OWNER,
        profile_id=h.profile,
        channel="sms",
        to_person_id=h.alex,
        cc_person_ids=[h.sam],
        subject="",
        body="Running late",
    )


async def test_the_sms_gateway_gets_e164(db):
    h = await taylors(db)  # typed "0400 111 222" and "0400 333 444"
    await sms_to_alex_and_sam(db, h)
    with SmsGatewayRecorder() as gateway:
        sms = SmsGateway.from_url(gateway.url)
        while await deliver_one(db, None, sms=sms) is not None:
            pass
    assert sorted(r["to"] for r in gateway.received) == ["+61400111222", "+61400333444"]


async def test_a_number_kept_as_typed_gets_no_sms_and_is_listed_to_check(db):
    h = await taylors(db)
    async with db.uow() as uow:  # as migration 0009 leaves a number it could not read
        await uow.session.execute(update(PersonRow).where(PersonRow.id == h.sam).values(phone="0400 333"))
        await uow.commit()
    with pytest.raises(ValidationFailed) as refused:
        await sms_to_alex_and_sam(db, h)
    assert refused.value.errors == {
        "cc": "Sam Taylor's phone number “0400 333” could not be checked, so no SMS is sent to it: "
        "correct it on their client profile first."
    }
    async with db.uow() as uow:  # an SMS queued before the migration, to a number it could not read
        row = queue_email(uow, to="+61400111222", subject="SMS", body="Hi", channel="sms")
        await uow.session.flush()
        await uow.session.execute(
            update(OutboxMessageRow).where(OutboxMessageRow.id == row.id).values(to_address="0400 333")
        )
        await uow.commit()
    with SmsGatewayRecorder() as gateway:
        assert await deliver_one(db, None, sms=SmsGateway.from_url(gateway.url)) is False
    assert gateway.received == []
    [message] = [m for m in await outbox(db) if m.id == row.id]
    assert message.status == "failed" and "not a checked phone number" in (message.last_error or "")
    assert [(p.kind, p.name, p.phone, p.link) for p in await phones_to_check(db.uow(), actor=OWNER)] == [
        ("client", "Sam Taylor", "0400 333", f"/clients/{h.sam}")
    ]
    await update_client(
        db.uow(),
        actor=OWNER,
        person_id=h.sam,
        data=mary(first_name="Sam", last_name="Taylor", email="sam.taylor@example.com", phone="0400 333 444"),
    )
    assert await phones_to_check(db.uow(), actor=OWNER) == []


async def test_a_contacts_number_kept_as_typed_is_listed_and_corrected_there(db):
    h = await taylors(db)
    gp = await add_contact(db.uow(), actor=OWNER, name="Dr. Lee", kind="GP", phone="02 9876 5432", link_to=h.profile)
    assert [c.phone for c in await profile_contacts(db.uow(), profile_id=h.profile)] == ["+61298765432"]
    async with db.uow() as uow:
        from storage.households import ContactRow

        await uow.session.execute(update(ContactRow).values(phone="((((", email=""))
        await uow.commit()
    [listed] = await phones_to_check(db.uow(), actor=OWNER)
    assert (listed.kind, listed.id, listed.phone, listed.link, listed.note) == (
        "contact",
        gp,
        "((((",
        f"/shared/{h.profile}",
        "GP",
    )
    with pytest.raises(ValidationFailed):
        await set_contact_phone(db.uow(), actor=OWNER, contact_id=gp, phone="((((")
    await set_contact_phone(db.uow(), actor=OWNER, contact_id=gp, phone="(02) 9876 5432")
    assert await phones_to_check(db.uow(), actor=OWNER) == []


async def test_the_demo_clinics_numbers_are_australian_e164(db):
    from domain.demo import seed_demo
    from domain.phones import is_e164

    await seed_demo(db.uow())
    phones = [p for p in await stored_phones(db) if p]
    assert len(phones) > 20 and all(is_e164(p) and p.startswith("+614") for p in phones)
    assert await phones_to_check(db.uow(), actor=OWNER) == []
