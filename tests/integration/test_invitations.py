"""Invitations to the Client Portal: single use, expiring, revocable; the portal session they open."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from domain.accounts.portal import portal_sign_in, redeem_ticket, resume_portal, view_portal_as
from domain.clients.invitations import accept_invitation, invite_client, revoke_invitation
from domain.clients.profile import get_client
from domain.clients.register import create_test_client
from domain.errors import InvalidLink, NotAllowed, ValidationFailed
from storage.portal import InvitationRow, PortalLoginRow
from storage.types import utcnow
from tests.integration.helpers import OWNER, URL, add, audit_entries, count, link_token, outbox


async def invited(db) -> tuple[int, str]:
    person_id = await add(db, invite=True)
    [mail] = await outbox(db)
    assert mail.to_address == "mary@example.com" and "invites you to the Client Portal" in mail.subject
    return person_id, link_token(mail.body, "/invite/")


async def test_accepting_the_invitation_opens_the_portal(db):
    person_id, token = await invited(db)
    assert (await get_client(db.uow(), actor=OWNER, person_id=person_id)).portal.state == "sent"
    ticket = await accept_invitation(db.uow(), token=token, password="a long password", ip="198.51.100.1")
    session = await redeem_ticket(db.uow(), ticket=ticket)
    portal = await resume_portal(db.uow(), token=session)
    assert (portal.person_id, portal.first_name, portal.viewed_by_staff) == (person_id, "Mary", False)
    assert (await get_client(db.uow(), actor=OWNER, person_id=person_id)).portal.state == "accepted"
    assert await redeem_ticket(db.uow(), ticket=ticket) is None  # a ticket works once
    again = await portal_sign_in(db.uow(), email="MARY@example.com", password="a long password", ip=None)
    assert await redeem_ticket(db.uow(), ticket=again)


async def test_a_used_invitation_link_is_refused_and_logged(db):
    person_id, token = await invited(db)
    await accept_invitation(db.uow(), token=token, password="a long password", ip=None)
    with pytest.raises(InvalidLink, match="already used"):
        await accept_invitation(db.uow(), token=token, password="another password", ip="198.51.100.2")
    [entry] = await audit_entries(db, "client.invitation_refused")
    assert (entry.record_id, entry.ip) == (person_id, "198.51.100.2")


async def test_an_invitation_to_an_email_that_signs_in_already_is_refused_and_logged(db):
    person_id, token = await invited(db)
    async with db.uow() as uow:  # made meanwhile, e.g. by a Client Portal registration of this email
        uow.session.add(PortalLoginRow(email="mary@example.com", password_hash="x", primary_person_id=person_id))
        await uow.commit()
    with pytest.raises(InvalidLink, match="This email already signs in to the Client Portal"):
        await accept_invitation(db.uow(), token=token, password="a long password", ip="198.51.100.3")
    [entry] = await audit_entries(db, "client.invitation_refused")
    assert (entry.record_id, entry.ip) == (person_id, "198.51.100.3")
    assert await count(db, PortalLoginRow) == 1 and await audit_entries(db, "client.invitation_accepted") == []


async def test_an_expired_invitation_is_refused(db):
    _person_id, token = await invited(db)
    async with db.uow() as uow:
        await uow.session.execute(update(InvitationRow).values(expires_at=utcnow() - timedelta(minutes=1)))
        await uow.commit()
    with pytest.raises(InvalidLink, match="expired"):
        await accept_invitation(db.uow(), token=token, password="a long password", ip=None)


async def test_a_tampered_link_is_refused(db):
    _person_id, token = await invited(db)
    with pytest.raises(InvalidLink, match="not valid"):
        await accept_invitation(db.uow(), token=token[:-2] + "xx", password="a long password", ip=None)


async def test_resending_withdraws_the_old_link_and_revoking_stops_the_new_one(db):
    person_id, first = await invited(db)
    await invite_client(db.uow(), actor=OWNER, person_id=person_id, public_url=URL)
    second = link_token((await outbox(db))[-1].body, "/invite/")
    with pytest.raises(InvalidLink, match="withdrawn"):
        await accept_invitation(db.uow(), token=first, password="a long password", ip=None)
    await revoke_invitation(db.uow(), actor=OWNER, person_id=person_id)
    assert (await get_client(db.uow(), actor=OWNER, person_id=person_id)).portal.state == "revoked"
    with pytest.raises(InvalidLink, match="withdrawn"):
        await accept_invitation(db.uow(), token=second, password="a long password", ip=None)


async def test_short_password_keeps_the_invitation_open(db):
    person_id, token = await invited(db)
    with pytest.raises(ValidationFailed):
        await accept_invitation(db.uow(), token=token, password="short", ip=None)
    assert (await get_client(db.uow(), actor=OWNER, person_id=person_id)).portal.state == "sent"


async def test_test_client_is_invited_and_viewable_only_by_staff_as_test(db):
    person_id = await create_test_client(
        db.uow(), actor=OWNER, first_name="Test", last_name="Client", email="me+test@example.com", public_url=URL
    )
    client = await get_client(db.uow(), actor=OWNER, person_id=person_id)
    assert client.is_test and client.portal.state == "sent"
    ticket = await view_portal_as(db.uow(), actor=OWNER, person_id=person_id)
    portal = await resume_portal(db.uow(), token=await redeem_ticket(db.uow(), ticket=ticket))
    assert portal.viewed_by_staff and portal.person_id == person_id
    real = await add(db)
    with pytest.raises(NotAllowed, match="test client"):
        await view_portal_as(db.uow(), actor=OWNER, person_id=real)


async def test_test_client_needs_a_secondary_email(db):
    from domain.accounts.staff import create_first_owner

    owner = await create_first_owner(
        db.uow(),
        clinic_name="C",
        time_zone="UTC",
        name="Olivia",
        email="olivia@example.com",
        password="a long password",
        ip=None,
    )
    with pytest.raises(ValidationFailed, match="secondary email"):
        await create_test_client(
            db.uow(),
            actor=owner.actor(None),
            first_name="Test",
            last_name="Client",
            email="Olivia@example.com",
            public_url=URL,
        )
