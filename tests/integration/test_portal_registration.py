"""Create an account from the Client Portal's sign-in page: off until the clinic allows it; the email is verified by
a link, and whoever opens the link chooses the password (never whoever typed the email); a newcomer becomes an active
client and is signed in; an email on file waits for staff to Link or Decline; the page never tells whether an email is
on file; bad links and too many tries are refused and logged."""

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from domain import topics
from domain.accounts.portal import portal_sign_in
from domain.accounts.registration import (
    TooManyRegistrations,
    confirm_registration,
    decline_registration,
    read_registration,
    registration_open,
    start_registration,
    verify_registration,
)
from domain.accounts.registration_views import list_registrations, waiting_registration_count
from domain.accounts.sessions import SignInFailed
from domain.clients.profile import get_client
from domain.errors import InvalidLink, NotAllowed, ValidationFailed
from domain.scheduling.online.settings import read_online_settings, save_online_settings
from domain.tokens import digest
from storage.changes import changes
from storage.clients import PersonRow
from storage.portal import PortalLoginRow, RegistrationRow
from storage.types import utcnow
from tests.integration.helpers import OWNER, URL, add, audit_entries, count, link_token, mary, outbox
from tests.integration.portal_helpers import PASSWORD as INVITED_PASSWORD
from tests.integration.portal_helpers import portal_client, signed_in

CHOSEN = "my own long password"
IP = "198.51.100.7"


async def allow(db, on: bool = True) -> None:
    """Setup > Online Booking: "Clients can create a Client Portal account"."""
    settings = await read_online_settings(db.uow())
    await save_online_settings(db.uow(), actor=OWNER, settings=replace(settings, allow_registration=on))


async def register(db, email="ana@example.com", first="Ana", last="Silva", ip=IP) -> str:
    return await start_registration(db.uow(), first_name=first, last_name=last, email=email, ip=ip, public_url=URL)


async def verify(db, token: str, password: str = CHOSEN, ip: str = IP):
    """The verify link's page, its password chosen and sent."""
    return await verify_registration(db.uow(), token=token, password=password, ip=ip)


async def mails_to(db, address: str) -> list:
    return [m for m in await outbox(db) if m.to_address == address]


async def emailed_token(db, address: str) -> str:
    """The verify link's token in the latest email to `address`."""
    links = [m.body for m in await mails_to(db, address) if "/portal/verify/" in m.body]
    return link_token(links[-1], "/portal/verify/")


async def person_with(db, email: str) -> list[PersonRow]:
    async with db.uow() as uow:
        query = select(PersonRow).where(func.lower(PersonRow.email) == email)
        return list((await uow.session.execute(query)).scalars())


async def mary_waiting(db, email: str = "mary@example.com", first: str = "Mary") -> int:
    """Mary Smith is a client; someone registers with her email and verifies it: the registration waits for staff."""
    mary = await add(db)
    await register(db, email=email, first=first, last="Smith")
    verified = await verify(db, await emailed_token(db, email.lower()))
    assert verified.state == "awaiting_staff" and verified.ticket is None
    return mary


async def test_registration_is_refused_until_the_clinic_allows_it(db):
    assert await registration_open(db.uow()) is False
    with pytest.raises(NotAllowed, match="does not create Client Portal accounts online"):
        await register(db)
    assert await outbox(db) == [] and await count(db, RegistrationRow) == 0
    await allow(db)
    assert await registration_open(db.uow()) is True
    assert (await read_online_settings(db.uow())).allow_registration is True


async def test_a_newcomer_verifies_the_email_and_is_signed_in_as_a_new_active_client(db):
    await allow(db)
    said = await register(db, email="Ana@Example.com")
    assert said == (
        "Check your email: we sent a link to ana@example.com to finish creating your account. It works for 24 hours."
    )
    [mail] = await mails_to(db, "ana@example.com")
    assert "confirm your email" in mail.subject and f"{URL}/portal/verify/" in mail.body
    token = await emailed_token(db, "ana@example.com")
    async with db.uow() as uow:
        [row] = (await uow.session.execute(select(RegistrationRow))).scalars()
    assert row.token_hash == digest(token) and row.password_hash == ""  # no password before the link is opened
    assert await person_with(db, "ana@example.com") == []  # nothing is created before the link is opened

    link = await read_registration(db.uow(), token=token, ip=IP)  # opening the link (or a scanner fetching it)
    assert (link.first_name, link.last_name, link.email, link.waiting) == ("Ana", "Silva", "ana@example.com", "")
    async with db.uow() as uow:
        [row] = (await uow.session.execute(select(RegistrationRow))).scalars()
    assert (row.state, row.verified_at, row.password_hash) == ("awaiting_email", None, "")  # changed nothing
    assert await person_with(db, "ana@example.com") == [] and await count(db, PortalLoginRow) == 0

    verified = await verify(db, token)
    assert verified.state == "active" and "your account is ready" in verified.message
    who = await signed_in(db, verified.ticket)
    assert (who.first_name, who.last_name, who.email) == ("Ana", "Silva", "ana@example.com")
    [ana] = await person_with(db, "ana@example.com")
    assert (ana.id, ana.status, ana.source) == (who.person_id, "active", "portal_registration")
    assert (await get_client(db.uow(), actor=OWNER, person_id=ana.id)).portal.state == "accepted"
    assert await portal_sign_in(db.uow(), email="ana@example.com", password=CHOSEN, ip=None)
    with pytest.raises(InvalidLink, match="already used"):
        await read_registration(db.uow(), token=token, ip=IP)
    with pytest.raises(InvalidLink, match="already used"):
        await verify(db, token, password="someone else's password")
    assert await portal_sign_in(db.uow(), email="ana@example.com", password=CHOSEN, ip=None)
    assert [e.record_id for e in await audit_entries(db, "portal.registered")] == [ana.id]


async def test_the_password_is_checked_on_the_link_page_and_a_bad_one_keeps_the_link_open(db):
    await allow(db)
    await register(db)
    token = await emailed_token(db, "ana@example.com")
    with pytest.raises(ValidationFailed) as refused:
        await verify(db, token, password="short")
    assert refused.value.errors == {"password": "Password must be at least 10 characters."}
    assert await person_with(db, "ana@example.com") == [] and await count(db, PortalLoginRow) == 0
    assert (await verify(db, token)).state == "active"


async def test_an_email_on_file_waits_for_staff_who_link_it_to_the_client(db):
    await allow(db)
    heard: list = []
    stop = changes.subscribe(topics.PORTAL_ACCOUNTS, heard.append)
    try:
        mary = await mary_waiting(db, email="MARY@example.com")
    finally:
        stop()
    assert heard == [topics.PORTAL_ACCOUNTS]  # the Requests page hears of it
    assert len(await person_with(db, "mary@example.com")) == 1  # no second Mary
    with pytest.raises(SignInFailed):  # not before staff confirm
        await portal_sign_in(db.uow(), email="mary@example.com", password=CHOSEN, ip=None)
    [waiting] = await list_registrations(db.uow(), actor=OWNER)
    assert waiting.summary == (
        "Mary Smith (mary@example.com) asked for a Client Portal account; "
        "on file: Mary Smith (client, same email and name)"
    )
    assert waiting.on_file.person_id == mary
    assert await waiting_registration_count(db.uow(), actor=OWNER) == 1

    said = await confirm_registration(db.uow(), actor=OWNER, registration_id=waiting.id, public_url=URL)
    assert said == "Linked: Mary Smith can sign in to the Client Portal. Mary was emailed."
    [mail] = [m for m in await mails_to(db, "mary@example.com") if "ready" in m.subject]
    assert f"Your Client Portal account is ready: sign in at {URL}/portal/login" in mail.body
    ticket = await portal_sign_in(db.uow(), email="mary@example.com", password=CHOSEN, ip=None)
    assert (await signed_in(db, ticket)).person_id == mary
    assert await waiting_registration_count(db.uow(), actor=OWNER) == 0
    assert [e.record_id for e in await audit_entries(db, "portal.registration_linked")] == [mary]
    with pytest.raises(NotAllowed, match="already answered"):
        await decline_registration(db.uow(), actor=OWNER, registration_id=waiting.id)
    with pytest.raises(InvalidLink, match="already used"):
        await verify(db, await emailed_token(db, "mary@example.com"))


async def test_the_password_chosen_on_the_link_is_kept_when_the_link_is_opened_again(db):
    """The one who typed the email chose no password; the inbox's owner chooses it on the link, once: sending another
    from the same link while staff have yet to answer changes nothing."""
    await allow(db)
    mary = await mary_waiting(db)  # Mary opened the link and chose CHOSEN
    token = await emailed_token(db, "mary@example.com")
    link = await read_registration(db.uow(), token=token, ip=IP)
    assert link.waiting.startswith("Thank you, your email is verified.") and "will confirm your account" in link.waiting
    again = await verify(db, token, password="a stranger's long password")
    assert again.state == "awaiting_staff" and again.ticket is None
    [waiting] = await list_registrations(db.uow(), actor=OWNER)
    await confirm_registration(db.uow(), actor=OWNER, registration_id=waiting.id, public_url=URL)
    with pytest.raises(SignInFailed):
        await portal_sign_in(db.uow(), email="mary@example.com", password="a stranger's long password", ip=None)
    ticket = await portal_sign_in(db.uow(), email="mary@example.com", password=CHOSEN, ip=None)
    assert (await signed_in(db, ticket)).person_id == mary


async def test_staff_cannot_link_a_registration_whose_password_was_never_chosen(db):
    await allow(db)
    mary = await add(db)
    await register(db, email="mary@example.com", first="Mary", last="Smith")
    async with db.uow() as uow:  # not a state the services make: a guard all the same
        await uow.session.execute(update(RegistrationRow).values(state="awaiting_staff", match_person_id=mary))
        await uow.commit()
    [waiting] = await list_registrations(db.uow(), actor=OWNER)
    with pytest.raises(NotAllowed, match="has not chosen a password yet"):
        await confirm_registration(db.uow(), actor=OWNER, registration_id=waiting.id, public_url=URL)
    assert await count(db, PortalLoginRow) == 0


async def test_a_prospect_with_the_email_is_linked_and_becomes_an_active_client(db):
    await allow(db)
    mary = await add(db)
    async with db.uow() as uow:
        await uow.session.execute(update(PersonRow).where(PersonRow.id == mary).values(status="prospective"))
        await uow.commit()
    await register(db, email="mary@example.com", first="M.", last="Smith")
    await verify(db, await emailed_token(db, "mary@example.com"))
    [waiting] = await list_registrations(db.uow(), actor=OWNER)
    assert waiting.on_file.label == "Mary Smith (prospective client, same email)"
    said = await confirm_registration(db.uow(), actor=OWNER, registration_id=waiting.id, public_url=URL)
    assert "Mary Smith is now an active client." in said
    ticket = await portal_sign_in(db.uow(), email="mary@example.com", password=CHOSEN, ip=None)
    assert (await signed_in(db, ticket)).person_id == mary


async def test_staff_decline_emails_the_person_and_changes_nothing_else(db):
    await allow(db)
    mary = await mary_waiting(db)
    [waiting] = await list_registrations(db.uow(), actor=OWNER)
    said = await decline_registration(db.uow(), actor=OWNER, registration_id=waiting.id)
    assert said == "Declined. Mary was emailed to contact the clinic."
    mail = (await mails_to(db, "mary@example.com"))[-1]
    assert "could not set up a Client Portal account" in mail.body and "Please contact the clinic" in mail.body
    with pytest.raises(SignInFailed):
        await portal_sign_in(db.uow(), email="mary@example.com", password=CHOSEN, ip=None)
    assert await count(db, PortalLoginRow) == 0
    assert (await get_client(db.uow(), actor=OWNER, person_id=mary)).status == "active"
    assert await list_registrations(db.uow(), actor=OWNER) == []
    with pytest.raises(InvalidLink, match="did not create an account"):
        await read_registration(db.uow(), token=await emailed_token(db, "mary@example.com"), ip=IP)
    with pytest.raises(NotAllowed, match="already answered"):
        await confirm_registration(db.uow(), actor=OWNER, registration_id=waiting.id, public_url=URL)


async def test_the_page_answers_the_same_whether_or_not_the_email_is_on_file(db):
    await allow(db)
    await portal_client(db, await add(db))  # Mary signs in already (invited)
    await add(db, mary(first_name="Leo", last_name="Park", email="leo@example.com", phone=""))  # no login
    answers = {
        email: (await register(db, email=email, first="Someone", last="Else")).replace(email, "X")
        for email in ("mary@example.com", "leo@example.com", "nobody@example.com")
    }
    assert len(set(answers.values())) == 1, answers
    mail = (await mails_to(db, "mary@example.com"))[-1]
    assert "you already have a Client Portal account" in mail.subject
    assert f"sign in at {URL}/portal/login" in mail.body and "/portal/verify/" not in mail.body
    for address in ("leo@example.com", "nobody@example.com"):
        assert "/portal/verify/" in (await mails_to(db, address))[-1].body
    assert await portal_sign_in(db.uow(), email="mary@example.com", password=INVITED_PASSWORD, ip=None)
    async with db.uow() as uow:  # no password is asked for or kept before a link is opened
        assert set((await uow.session.execute(select(RegistrationRow.password_hash))).scalars()) == {""}


async def test_bad_expired_and_used_links_say_why_and_are_logged(db):
    await allow(db)
    await register(db)
    token = await emailed_token(db, "ana@example.com")
    with pytest.raises(InvalidLink, match="This link is not valid"):
        await read_registration(db.uow(), token=token[:-2] + "xx", ip="198.51.100.9")
    with pytest.raises(InvalidLink, match="This link is not valid"):
        await verify(db, token[:-2] + "xx", ip="198.51.100.9")
    assert [e.ip for e in await audit_entries(db, "portal.registration_link_refused")] == ["198.51.100.9"] * 2
    async with db.uow() as uow:
        await uow.session.execute(update(RegistrationRow).values(expires_at=utcnow() - timedelta(minutes=1)))
        await uow.commit()
    with pytest.raises(InvalidLink, match=r"This link expired on .* Create your account again"):
        await verify(db, token)
    assert await person_with(db, "ana@example.com") == []
    assert len(await audit_entries(db, "portal.registration_link_refused")) == 3


async def test_a_link_opened_after_the_clinic_stopped_sign_ups_is_refused(db):
    await allow(db)
    await register(db)
    await allow(db, on=False)
    with pytest.raises(InvalidLink, match="no longer creates Client Portal accounts"):
        await verify(db, await emailed_token(db, "ana@example.com"))
    assert await person_with(db, "ana@example.com") == []


async def test_the_form_names_each_bad_field(db):
    await allow(db)
    with pytest.raises(ValidationFailed) as refused:
        await register(db, email="not an email", first="  ", last="")
    errors = refused.value.errors
    assert set(errors) == {"first_name", "last_name", "email"}
    assert errors["last_name"] == "Last name is required."
    with pytest.raises(ValidationFailed, match="at most 80 characters"):
        await register(db, first="A" * 81)
    assert await outbox(db) == []


async def test_too_many_sign_ups_from_one_connection_or_to_one_email_are_refused_and_logged(db):
    await allow(db)
    for n in range(5):
        await register(db, email=f"visitor{n}@example.com", ip="203.0.113.50")
    with pytest.raises(TooManyRegistrations, match="from this connection in the last hour"):
        await register(db, email="visitor9@example.com", ip="203.0.113.50")
    for n in range(3):
        await register(db, email="target@example.com", ip=f"203.0.113.{n + 1}")
    with pytest.raises(TooManyRegistrations, match="today's limit"):
        await register(db, email="target@example.com", ip="203.0.113.99")
    refused = await audit_entries(db, "portal.registration_refused")
    assert [e.ip for e in refused] == ["203.0.113.50", "203.0.113.99"]
    assert len(await mails_to(db, "target@example.com")) == 3 and await mails_to(db, "visitor9@example.com") == []


async def test_two_links_of_one_email_opened_at_once_make_one_login(db):
    await allow(db)
    await register(db)
    first = await emailed_token(db, "ana@example.com")
    await register(db)
    second = await emailed_token(db, "ana@example.com")
    outcomes = await asyncio.gather(
        verify(db, first), verify(db, second, password="another long password"), return_exceptions=True
    )
    made = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(made) == 1 and made[0].state == "active"
    assert len(refused) == 1 and isinstance(refused[0], InvalidLink), refused
    assert "Sign in with your email and password" in refused[0].message
    assert await count(db, PortalLoginRow) == 1 and len(await person_with(db, "ana@example.com")) == 1


async def test_one_link_opened_twice_at_once_signs_in_once(db):
    await allow(db)
    await register(db)
    token = await emailed_token(db, "ana@example.com")
    outcomes = await asyncio.gather(verify(db, token), verify(db, token), return_exceptions=True)
    assert sorted(type(o).__name__ for o in outcomes) == ["InvalidLink", "Verified"], outcomes
    assert await count(db, PortalLoginRow) == 1 and len(await person_with(db, "ana@example.com")) == 1


async def test_linking_one_of_two_registrations_of_an_email_answers_both(db):
    await allow(db)
    await mary_waiting(db)
    await register(db, email="mary@example.com", first="Mary", last="Smith")
    await verify(db, await emailed_token(db, "mary@example.com"), password="a second long password")
    older, newer = await list_registrations(db.uow(), actor=OWNER)
    await confirm_registration(db.uow(), actor=OWNER, registration_id=newer.id, public_url=URL)
    assert await waiting_registration_count(db.uow(), actor=OWNER) == 0
    with pytest.raises(NotAllowed, match="already answered"):
        await confirm_registration(db.uow(), actor=OWNER, registration_id=older.id, public_url=URL)
    assert await portal_sign_in(db.uow(), email="mary@example.com", password="a second long password", ip=None)
