"""The demo's Client Portal: Chloe Brown signs in to it (the sandbox's client side)."""

from domain.accounts.passwords import hash_password
from storage.clients import PersonRow
from storage.portal import PortalLoginRow
from storage.uow import UnitOfWork

DEMO_PORTAL_LOGIN = ("chloe.brown@example.com", "portal-demo-2026")
DEMO_PORTAL_CLIENT = "Chloe Brown"


async def seed_portal(uow: UnitOfWork, *, people: dict[str, PersonRow]) -> None:
    """Inside the demo's transaction: Chloe's portal login."""
    chloe = people[DEMO_PORTAL_CLIENT]
    uow.session.add(
        PortalLoginRow(
            email=DEMO_PORTAL_LOGIN[0],
            password_hash=await hash_password(DEMO_PORTAL_LOGIN[1]),
            primary_person_id=chloe.id,
        )
    )
    await uow.session.flush()
