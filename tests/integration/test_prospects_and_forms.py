"""Public forms make prospects; prospects get no automated email; Review & Add; forms sent and answered."""

import asyncio

import pytest

from domain.clients.details import ClientInput
from domain.clients.persons import search_people
from domain.clients.profile import get_client, pending_forms
from domain.clients.prospects import dismiss_prospect, review_and_add
from domain.clinic.settings import update_clinic
from domain.errors import InvalidLink, NotAllowed, NotFound, ValidationFailed
from domain.messaging.outbox import queue_client_email
from domain.records.form_answers import read_form_link, submit_form_link, submit_portal_form, submit_public_form
from domain.records.forms import send_forms
from storage.clients import PersonRow
from tests.integration.helpers import OWNER, URL, add, audit_entries, count, intake_form, link_token, outbox
from tests.integration.portal_helpers import portal_client

VISITOR = ClientInput(first_name="Jordan", last_name="Reyes", email="jordan@example.com")
ANSWERS = {"what_brings_you_here": "Back pain", "preferred_day": "Friday", "i_agree_to_the_privacy_policy": True}


async def submit(db, template, contact=VISITOR, answers=ANSWERS) -> str:
    return await submit_public_form(
        db.uow(), public_token=template.public_token, contact=contact, answers=answers, ip="203.0.113.50"
    )


async def test_public_form_makes_a_prospect_who_gets_no_automated_email(db):
    template = await intake_form(db)
    assert await submit(db, template) == "prospective"
    found = await search_people(db.uow(), actor=OWNER, status="prospective")
    assert [p.name for p in found.people] == ["Jordan Reyes"]
    assert await outbox(db) == []  # the thank-you email is automated: prospects get none
    [entry] = await audit_entries(db, "form.public_submitted")
    assert entry.ip == "203.0.113.50" and "(prospective)" in entry.summary


async def test_the_rule_lives_where_messages_are_made(db):
    await intake_form(db)
    person_id = await add(db)
    async with db.uow() as uow:
        person = await uow.session.get(PersonRow, person_id)
        for status, automated, expected in (
            ("prospective", True, None),
            ("prospective", False, "queued"),
            ("archived", True, None),
            ("active", True, "queued"),
        ):
            person.status = status
            made = queue_client_email(uow, person, subject="Reminder", body="Tomorrow 10:00", automated=automated)
            assert (made.status if made else None) == expected, (status, automated)


async def test_with_auto_add_the_visitor_is_active_and_thanked(db):
    template = await intake_form(db)
    await update_clinic(db.uow(), actor=OWNER, name="Demo Clinic", time_zone="UTC", auto_add_clients=True)
    assert await submit(db, template) == "active"
    [mail] = await outbox(db)
    assert mail.to_address == "jordan@example.com" and "received your form" in mail.subject


async def test_the_same_visitor_twice_is_one_prospect_with_two_answers(db):
    template = await intake_form(db)
    await submit(db, template)
    await submit(db, template, contact=ClientInput(first_name="JORDAN", last_name="reyes", email="Jordan@Example.com"))
    assert await count(db, PersonRow) == 1
    [prospect] = (await search_people(db.uow(), actor=OWNER, status="prospective")).people
    assert len((await get_client(db.uow(), actor=OWNER, person_id=prospect.id)).responses) == 2


async def test_public_form_checks_contact_details_and_answers(db):
    template = await intake_form(db)
    with pytest.raises(ValidationFailed) as refused:
        await submit(
            db,
            template,
            contact=ClientInput(first_name="", last_name="Reyes", email="nope"),
            answers={"preferred_day": "Sunday"},
        )
    assert set(refused.value.errors) == {
        "first_name",
        "email",
        "what_brings_you_here",
        "preferred_day",
        "i_agree_to_the_privacy_policy",
    }
    assert await count(db, PersonRow) == 0


async def test_review_and_add_makes_an_active_invited_client(db):
    template = await intake_form(db)
    await submit(db, template)
    [prospect] = (await search_people(db.uow(), actor=OWNER, status="prospective")).people
    await review_and_add(
        db.uow(), actor=OWNER, person_id=prospect.id, invite=True, tags=["New"], form_ids=[template.id], public_url=URL
    )
    client = await get_client(db.uow(), actor=OWNER, person_id=prospect.id)
    assert (client.status, client.tags, client.portal.state) == ("active", ["New"], "sent")
    assert sorted(m.subject.split(":")[0] for m in await outbox(db)) == [
        "My Clinic",
        "My Clinic invites you to the Client Portal",
    ]
    with pytest.raises(NotAllowed, match="not a prospective client"):
        await review_and_add(
            db.uow(), actor=OWNER, person_id=prospect.id, invite=False, tags=[], form_ids=[], public_url=URL
        )


async def test_dismissed_prospect_leaves_every_list(db):
    template = await intake_form(db)
    await submit(db, template)
    [prospect] = (await search_people(db.uow(), actor=OWNER, status="prospective")).people
    await dismiss_prospect(db.uow(), actor=OWNER, person_id=prospect.id)
    for status in ("current", "prospective", "archived", "test"):
        assert (await search_people(db.uow(), actor=OWNER, status=status)).total == 0


async def test_a_sent_form_is_completed_once_through_its_link(db):
    template = await intake_form(db)
    person_id = await add(db)
    await send_forms(db.uow(), actor=OWNER, person_id=person_id, template_ids=[template.id], public_url=URL)
    token = link_token((await outbox(db))[0].body, "/forms/")
    assert (await read_form_link(db.uow(), token=token, ip=None)).first_name == "Mary"
    await submit_form_link(db.uow(), token=token, answers=ANSWERS, ip=None)
    with pytest.raises(InvalidLink, match="already completed"):
        await submit_form_link(db.uow(), token=token, answers=ANSWERS, ip="198.51.100.3")
    [response] = (await get_client(db.uow(), actor=OWNER, person_id=person_id)).responses
    assert response.answers[0] == {"label": "What brings you here?", "answer": "Back pain"}
    assert await audit_entries(db, "form.resubmit_refused")


async def test_two_submissions_at_once_store_one_answer(db):
    template = await intake_form(db)
    person_id = await add(db)
    await send_forms(db.uow(), actor=OWNER, person_id=person_id, template_ids=[template.id], public_url=URL)
    token = link_token((await outbox(db))[0].body, "/forms/")
    results = await asyncio.gather(
        *(submit_form_link(db.uow(), token=token, answers=ANSWERS, ip=None) for _ in range(2)), return_exceptions=True
    )
    assert sum(isinstance(r, InvalidLink) for r in results) == 1
    assert len((await get_client(db.uow(), actor=OWNER, person_id=person_id)).responses) == 1


async def test_a_tampered_form_token_is_refused(db):
    with pytest.raises(InvalidLink, match="not valid"):
        await read_form_link(db.uow(), token="made-up-token", ip=None)


async def test_portal_forms_belong_to_their_client_only(db):
    template = await intake_form(db)
    mary_id = await add(db)
    other_id = await add(db, ClientInput(first_name="John", last_name="Smith", email="john@example.com"))
    await send_forms(db.uow(), actor=OWNER, person_id=mary_id, template_ids=[template.id], public_url=URL)
    mary, john = await portal_client(db, mary_id), await portal_client(db, other_id)
    [pending] = await pending_forms(db.uow(), who=mary)
    assert await pending_forms(db.uow(), who=john) == []
    with pytest.raises(NotFound):  # John's login, Mary's form: as if it did not exist, and audited
        await submit_portal_form(db.uow(), who=john, request_id=pending.id, answers=ANSWERS, ip=None)
    [refused] = await audit_entries(db, "portal.refused")
    assert refused.actor_label == "Client portal: John Smith" and f"person {mary_id}" in refused.summary
    await submit_portal_form(db.uow(), who=mary, request_id=pending.id, answers=ANSWERS, ip=None)
    assert await pending_forms(db.uow(), who=mary) == []
