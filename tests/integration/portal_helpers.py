"""Signing a client in to the Client Portal for integration tests: the real invitation, password and session."""

from sqlalchemy import select

from domain.accounts.portal import redeem_ticket, resume_portal
from domain.clients.invitations import accept_invitation, invite_client
from domain.households.access import PortalView
from storage.outbox import OutboxMessageRow
from tests.integration.helpers import OWNER, URL

PASSWORD = "correct horse battery"


async def portal_client(db, person_id: int) -> PortalView:
    """Invites the client, accepts the invitation (emailed link) and returns the signed-in portal view."""
    await invite_client(db.uow(), actor=OWNER, person_id=person_id, public_url=URL)
    async with db.uow() as uow:
        body = (
            (
                await uow.session.execute(
                    select(OutboxMessageRow.body)
                    .where(OutboxMessageRow.body.contains(f"{URL}/invite/"))
                    .order_by(OutboxMessageRow.id.desc())
                )
            )
            .scalars()
            .first()
        )
    assert body, "the invitation email was not queued"
    token = body.split(f"{URL}/invite/")[1].split()[0]
    ticket = await accept_invitation(db.uow(), token=token, password=PASSWORD, ip=None)
    return await signed_in(db, ticket)


async def signed_in(db, ticket: str) -> PortalView:
    """Trades a sign-in ticket for a session, as the browser does at /portal/start."""
    session_token = await redeem_ticket(db.uow(), ticket=ticket)
    assert session_token, "the ticket was refused"
    who = await resume_portal(db.uow(), token=session_token)
    assert who is not None
    return who
