"""Setup > Emails: the clinic words the Client Portal invitation itself; placeholders are filled in plain text, a bad
template is refused at its field and changes nothing; the default can be restored. The clinic's phone number."""

from datetime import timedelta

import pytest

from domain.clients.invitation_template import (
    DEFAULT_BODY,
    DEFAULT_SUBJECT,
    SAMPLE_TOKEN,
    check_template,
    preview_invitation,
    read_invitation_template,
    render,
    reset_invitation_template,
    save_invitation_template,
)
from domain.clients.invitations import VALID_FOR, accept_invitation, invite_client
from domain.clinic.settings import get_clinic, update_clinic
from domain.errors import NotAllowed, ValidationFailed
from storage.clinic import ClinicRow, clinic_row
from tests.integration.helpers import OWNER, URL, add, audit_entries, link_token, outbox
from tests.support import staff_actor

CUSTOM_SUBJECT = "Your {clinic_name} portal, {first_name}"
CUSTOM_BODY = "Dear {client_name},\n\nOpen {link} before {expires}.\n\nSee you soon,\n{clinic_name}"


async def stored(db) -> ClinicRow:
    async with db.uow() as uow:
        return await clinic_row(uow.session)


async def test_a_custom_invitation_reaches_the_client_with_its_placeholders_filled(db):
    await save_invitation_template(db.uow(), actor=OWNER, subject=CUSTOM_SUBJECT, body=CUSTOM_BODY)
    await add(db, invite=True)
    [mail] = await outbox(db)
    assert mail.subject == "Your My Clinic portal, Mary"
    token = link_token(mail.body, "/invite/")
    assert mail.body.startswith(f"Dear Mary Smith,\n\nOpen {URL}/invite/{token} before ")
    assert mail.body.endswith("See you soon,\nMy Clinic") and "{" not in mail.body
    await accept_invitation(db.uow(), token=token, password="a long password", ip=None)  # the link is the real one


async def test_the_default_invitation_promises_what_the_portal_does(db):
    await add(db, invite=True)
    [mail] = await outbox(db)
    assert mail.subject == "My Clinic invites you to the Client Portal"
    assert "book, cancel or reschedule appointments, pay invoices, complete forms and tasks" in mail.body
    assert "The link works once, for 7 days" in mail.body and "{" not in mail.body
    assert timedelta(days=7) == VALID_FOR  # what the default text says


@pytest.mark.parametrize(
    "subject, body, field, message",
    [
        ("Hi {clinc_name}", "{link}", "subject", "{clinc_name} is not a placeholder (did you mean {clinic_name}?)"),
        ("Hi", "Open {lnk}", "body", "{lnk} is not a placeholder"),
        ("Hi", "Hello {first_name}", "body", "The text must contain {link}: it is the only way to accept"),
        ("Hi", "Open {{link}}", "body", "Write it as {link}"),
        ("Hi\nthere", "{link}", "subject", "The subject must be one line"),
        ("", "{link}", "subject", "The subject is required."),
        ("Hi", "  ", "body", "The text is required."),
        ("x" * 201, "{link}", "subject", "at most 200 characters (it has 201)"),
        ("Hi", "{link}" + "x" * 5000, "body", "at most 5000 characters"),
    ],
)
async def test_a_bad_template_is_refused_at_its_field_and_nothing_is_saved(db, subject, body, field, message):
    assert message in check_template(subject, body)[field]
    with pytest.raises(ValidationFailed) as refused:
        await save_invitation_template(db.uow(), actor=OWNER, subject=subject, body=body)
    assert message in refused.value.errors[field]
    with pytest.raises(ValidationFailed):
        await preview_invitation(db.uow(), actor=OWNER, subject=subject, body=body)
    row = await stored(db)
    assert (row.invitation_subject, row.invitation_body) == ("", "")
    assert await audit_entries(db, "clinic.invitation_template_saved") == []


async def test_braces_that_are_not_placeholders_stay_literal_text(db):
    subject, body = "{0.__class__} {} for {first_name}", "{first_name.__init__.__globals__} {link} {0!r:>{1}}"
    assert check_template(subject, body) == {}
    await save_invitation_template(db.uow(), actor=OWNER, subject=subject, body=body)
    await add(db, invite=True)
    [mail] = await outbox(db)
    assert mail.subject == "{0.__class__} {} for Mary"
    assert mail.body.startswith("{first_name.__init__.__globals__} http://clinic.example/invite/")
    assert mail.body.endswith(" {0!r:>{1}}")
    # a value is never read again for placeholders: a client called "{link}" stays "{link}"
    assert render("{first_name}", "{first_name} {link}", {"first_name": "{link}", "link": "L"}) == (
        "{link}",
        "{link} L",
    )


async def test_preview_shows_mary_smith_and_a_link_shaped_like_the_real_one(db):
    preview = await preview_invitation(
        db.uow(), actor=OWNER, subject=CUSTOM_SUBJECT, body=CUSTOM_BODY, public_url="https://hearth.example/"
    )
    assert preview.subject == "Your My Clinic portal, Mary"
    assert preview.body.startswith(f"Dear Mary Smith,\n\nOpen https://hearth.example/invite/{SAMPLE_TOKEN} before ")
    assert await audit_entries(db) == []  # a preview saves nothing


async def test_restoring_the_default_text_and_saving_the_default_store_nothing_of_their_own(db):
    saved = await save_invitation_template(db.uow(), actor=OWNER, subject=CUSTOM_SUBJECT, body=CUSTOM_BODY)
    assert saved.custom and (saved.subject, saved.body) == (CUSTOM_SUBJECT, CUSTOM_BODY)
    restored = await reset_invitation_template(db.uow(), actor=OWNER)
    assert not restored.custom and (restored.subject, restored.body) == (DEFAULT_SUBJECT, DEFAULT_BODY)
    row = await stored(db)
    assert (row.invitation_subject, row.invitation_body) == ("", "")
    # saving the default's own wording stores '' for it: a better default later reaches this clinic
    await save_invitation_template(db.uow(), actor=OWNER, subject="Welcome, {first_name}", body=DEFAULT_BODY + "\n")
    row = await stored(db)
    assert (row.invitation_subject, row.invitation_body) == ("Welcome, {first_name}", "")
    assert (await read_invitation_template(db.uow(), actor=OWNER)).body == DEFAULT_BODY
    entries = [(e.action, e.summary, e.actor_label) for e in await audit_entries(db) if "invitation" in e.action]
    assert entries == [
        ("clinic.invitation_template_saved", "subject and text changed; now custom", "Olivia Owner"),
        ("clinic.invitation_template_reset", "default restored", "Olivia Owner"),
        ("clinic.invitation_template_saved", "subject changed; now custom", "Olivia Owner"),
    ]


async def test_only_setup_may_word_the_invitation(db):
    reception = staff_actor(role="reception")
    with pytest.raises(NotAllowed):
        await save_invitation_template(db.uow(), actor=reception, subject="Hi", body="{link}")
    with pytest.raises(NotAllowed):
        await read_invitation_template(db.uow(), actor=reception)
    assert (await stored(db)).invitation_body == ""


async def test_a_stored_template_that_fails_the_checks_falls_back_to_the_default(db):
    async with db.uow() as uow:  # e.g. written before a placeholder was renamed
        (await clinic_row(uow.session)).invitation_body = "No link here"
        await uow.commit()
    person_id = await add(db)
    await invite_client(db.uow(), actor=OWNER, person_id=person_id, public_url=URL)
    [mail] = await outbox(db)
    assert f"{URL}/invite/" in mail.body and "No link here" not in mail.body


async def test_the_clinic_phone_is_stored_as_e164_and_shown_nationally(db):
    clinic = await update_clinic(db.uow(), actor=OWNER, name="My Clinic", time_zone="UTC", phone="(02) 9999 0000")
    assert (clinic.phone_e164, clinic.phone) == ("+61299990000", "(02) 9999 0000")
    assert clinic.call_the_clinic == "call the clinic on (02) 9999 0000"
    assert (await get_clinic(db.uow())).phone == "(02) 9999 0000"
    [entry] = await audit_entries(db, "clinic.updated")
    assert entry.summary == "phone: '' → '+61299990000'"
    # saved again as shown, with another locale: still the same number
    clinic = await update_clinic(
        db.uow(), actor=OWNER, name="My Clinic", time_zone="UTC", locale="en-GB", phone="(02) 9999 0000"
    )
    assert (clinic.phone_e164, clinic.phone) == ("+61299990000", "+61 2 9999 0000")
    cleared = await update_clinic(db.uow(), actor=OWNER, name="My Clinic", time_zone="UTC", phone="")
    assert (cleared.phone_e164, cleared.call_the_clinic) == ("", "call the clinic")


async def test_an_invalid_clinic_phone_is_refused_and_nothing_changes(db):
    await update_clinic(db.uow(), actor=OWNER, name="My Clinic", time_zone="UTC", phone="02 9999 0000")
    with pytest.raises(ValidationFailed) as refused:
        await update_clinic(db.uow(), actor=OWNER, name="Renamed", time_zone="UTC", phone="call me maybe")
    assert refused.value.errors["phone"].startswith("That is not a phone number we can call")
    clinic = await get_clinic(db.uow())
    assert (clinic.name, clinic.phone) == ("My Clinic", "(02) 9999 0000")
    unchanged = await update_clinic(db.uow(), actor=OWNER, name="Renamed", time_zone="UTC")  # phone not given: kept
    assert unchanged.phone == "(02) 9999 0000"
