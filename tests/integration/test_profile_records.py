"""Records, Communication, Classifications, Contacts and Referrals of a profile (the same for both kinds)."""

from datetime import date

import pytest

from domain.adapters.sms import SmsGateway
from domain.adapters.smtp import SmtpSettings
from domain.clients.classification_report import classification_report
from domain.clients.classifications import add_classification, set_classification_active, set_profile_classifications
from domain.clients.contacts import add_contact, add_referral, link_contact, list_referrals, profile_contacts
from domain.errors import NotAllowed, ValidationFailed
from domain.messaging.communication import correspondence, make_letter, send_to_profile
from domain.messaging.sender import deliver_one
from domain.records.profile_records import add_note, list_files, list_notes, read_file, upload_file
from domain.scheduling.booking import book_appointment
from storage.records import MAX_FILE_BYTES
from tests.integration.helpers import OWNER, at, booking, outbox, taylors
from tests.support import SmsGatewayRecorder, SmtpRecorder, staff_actor

PRACTITIONER = staff_actor(user_id=2, role="practitioner", label="Dr. Priya Patel")


async def test_files_upload_within_limits_and_download_intact(db):
    h = await taylors(db)
    data = bytes(range(256)) * 400
    file_id = await upload_file(db.uow(), actor=OWNER, profile_id=h.profile, name="C:\\scans\\referral.pdf", data=data)
    assert await read_file(db.uow(), actor=OWNER, file_id=file_id) == ("referral.pdf", "application/pdf", data)
    with pytest.raises(ValidationFailed, match="at most 10 MB"):
        await upload_file(
            db.uow(), actor=OWNER, profile_id=h.profile, name="scan.png", data=b"x" * (MAX_FILE_BYTES + 1)
        )
    with pytest.raises(ValidationFailed, match="not a file type"):
        await upload_file(db.uow(), actor=OWNER, profile_id=h.profile, name="setup.exe", data=b"MZ")
    assert [f.name for f in await list_files(db.uow(), actor=OWNER, profile_id=h.profile)] == ["referral.pdf"]


async def test_session_notes_belong_to_the_profile_and_admin_records_are_for_owners_and_admins(db):
    h = await taylors(db)
    await add_note(db.uow(), actor=PRACTITIONER, profile_id=h.profile, body="Joint session: communication goals.")
    [note] = await list_notes(db.uow(), actor=OWNER, profile_id=h.profile)
    assert (note.body, note.author) == ("Joint session: communication goals.", "Dr. Priya Patel")
    with pytest.raises(NotAllowed):
        await add_note(db.uow(), actor=PRACTITIONER, profile_id=h.profile, body="Fee dispute", kind="admin")
    await add_note(db.uow(), actor=OWNER, profile_id=h.profile, body="Fee dispute", kind="admin")
    admin_file = await upload_file(
        db.uow(), actor=OWNER, profile_id=h.profile, name="contract.pdf", data=b"%PDF", kind="admin"
    )
    with pytest.raises(NotAllowed):
        await read_file(db.uow(), actor=PRACTITIONER, file_id=admin_file)
    assert [n.body for n in await list_notes(db.uow(), actor=OWNER, profile_id=h.profile)] == [
        "Joint session: communication goals."
    ]


async def test_email_goes_to_the_primary_with_members_in_cc_and_sms_through_the_gateway(db):
    h = await taylors(db)
    await send_to_profile(
        db.uow(),
        actor=OWNER,
        profile_id=h.profile,
        channel="email",
        to_person_id=h.alex,
        cc_person_ids=[h.sam],
        subject="Next session",
        body="See you both on Monday.",
    )
    await send_to_profile(
        db.uow(),
        actor=OWNER,
        profile_id=h.profile,
        channel="sms",
        to_person_id=h.alex,
        cc_person_ids=[h.sam],
        subject="",
        body="Running 10 min late",
    )
    with SmtpRecorder() as smtp, SmsGatewayRecorder() as gateway:
        settings, sms = SmtpSettings.from_url(smtp.url), SmsGateway.from_url(gateway.url, token="t0k")
        while await deliver_one(db, settings, sms=sms) is not None:
            pass
    [mail] = [m for m in smtp.messages if m["Subject"] == "Next session"]
    assert (mail["To"], mail["Cc"], mail["Subject"]) == (
        "alex.taylor@example.com",
        "sam.taylor@example.com",
        "Next session",
    )
    assert sorted((r["to"], r["body"], r["authorization"]) for r in gateway.received) == [
        ("+61400111222", "Running 10 min late", "Bearer t0k"),  # typed "0400 111 222": the gateway gets E.164
        ("+61400333444", "Running 10 min late", "Bearer t0k"),
    ]
    kept = await correspondence(db.uow(), actor=OWNER, profile_id=h.profile)
    assert sorted(c.channel for c in kept) == ["email", "sms", "sms"] and {c.status for c in kept} == {"sent"}


async def test_without_a_gateway_sms_stay_queued_and_a_member_without_email_is_named(db):
    h = await taylors(db, sam_email=None)
    await send_to_profile(
        db.uow(),
        actor=OWNER,
        profile_id=h.profile,
        channel="sms",
        to_person_id=h.sam,
        cc_person_ids=[],
        subject="",
        body="Hi",
    )
    assert await deliver_one(db, None) is None
    assert [(m.channel, m.status) for m in await outbox(db) if m.record_type == "profile"] == [("sms", "queued")]
    with pytest.raises(ValidationFailed, match="No email address for Sam Taylor"):
        await send_to_profile(
            db.uow(),
            actor=OWNER,
            profile_id=h.profile,
            channel="email",
            to_person_id=h.alex,
            cc_person_ids=[h.sam],
            subject="Hello",
            body="Hi",
        )


async def test_a_letter_is_a_pdf_kept_in_correspondence(db):
    h = await taylors(db)
    file_id, name, pdf = await make_letter(
        db.uow(),
        actor=OWNER,
        profile_id=h.profile,
        to_person_id=h.alex,
        subject="Summary of sessions",
        body="Dear Alex and Sam,\n\nThank you.",
    )
    assert pdf.startswith(b"%PDF") and name.endswith("Summary of sessions.pdf")
    [item] = await correspondence(db.uow(), actor=OWNER, profile_id=h.profile)
    assert (item.channel, item.file_id) == ("letter", file_id)


async def test_classifications_contacts_referrals_and_the_report(db):
    h = await taylors(db)
    couples = await add_classification(db.uow(), actor=OWNER, name="Couples")
    with pytest.raises(ValidationFailed, match="already exists"):
        await add_classification(db.uow(), actor=OWNER, name="couples")
    retired = await add_classification(db.uow(), actor=OWNER, name="Old")
    await set_classification_active(db.uow(), actor=OWNER, classification_id=retired, active=False)
    with pytest.raises(ValidationFailed):
        await set_profile_classifications(db.uow(), actor=OWNER, profile_id=h.profile, ids=[retired])
    await set_profile_classifications(db.uow(), actor=OWNER, profile_id=h.profile, ids=[couples])
    gp = await add_contact(
        db.uow(), actor=OWNER, name="Dr. Lee", kind="GP", organisation="Harbour Medical", link_to=h.profile
    )
    with pytest.raises(ValidationFailed, match="already a contact"):
        await link_contact(db.uow(), actor=OWNER, profile_id=h.profile, contact_id=gp)
    assert [c.label for c in await profile_contacts(db.uow(), profile_id=h.profile)] == [
        "Dr. Lee (GP, Harbour Medical)"
    ]
    await add_referral(
        db.uow(),
        actor=OWNER,
        profile_id=h.profile,
        referred_on="2026-11-01",
        contact_id=gp,
        reason="Relationship counselling",
    )
    assert [r.referrer for r in await list_referrals(db.uow(), profile_id=h.profile)] == [
        "Dr. Lee (GP, Harbour Medical)"
    ]
    for day in ("2031-03-03", "2031-03-04"):
        await book_appointment(db.uow(), actor=OWNER, booking=booking(h.clinic, at(day, "10:00"), profile_id=h.profile))
    await book_appointment(db.uow(), actor=OWNER, booking=booking(h.clinic, at("2031-03-03", "12:00")))
    report = await classification_report(
        db.uow(), actor=OWNER, first=date(2031, 3, 1), last=date(2031, 3, 31), time_zone="Australia/Sydney"
    )
    assert [(r.classification, r.appointments) for r in report] == [("Couples", 2), ("Old", 0), ("Unclassified", 1)]
