"""Who can see my information, in the Client Portal and on the staff profile (issue 20), with the simulated user:
the demo's Chloe Brown lets a family member pay her invoices, sees them on her list with why, and revokes it after
confirming; staff see the same on Chloe's profile; a relative reached through Manage Bookings sees Chloe's history
page, and one reached through View and Pay alone is told it is not shared."""

from nicegui.testing import User

from domain.households.relationships import relate
from tests.ui.helpers import DEMO_OWNER, PATIENCE, _db, eventually, person_id, portal_sign_in, shown, sign_in

CHLOE = "Chloe Brown"


async def chloe_lets_mary_pay() -> tuple[int, int]:
    chloe, mary = await person_id(CHLOE), await person_id("Mary Smith")
    await relate(_db().uow(), actor=DEMO_OWNER, person_id=chloe, other_id=mary, relation="other", gives=["view_pay"])
    return chloe, mary


async def test_chloe_sees_who_can_see_her_information_and_revokes_it(user: User):
    _chloe, mary = await chloe_lets_mary_pay()
    await portal_sign_in(user)
    user.find(marker="menu-access").click()
    await user.should_see(marker="page-heading", content="Who can see my information", retries=PATIENCE)
    await user.should_see(marker=f"access-{mary}", retries=PATIENCE)
    await user.should_see("Other: a relationship, with the permissions you granted")
    await user.should_see(marker="access-can", content="• View and Pay")
    await user.should_see(marker="access-name", content="The clinic's staff")
    user.find(marker="revoke").click()
    await user.should_see("Revoke what you granted Mary Smith?", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see(
        "Revoked: Mary Smith can no longer see or do anything with your information.", retries=PATIENCE
    )
    await eventually(lambda: not shown(user, f"access-{mary}"))


async def test_staff_see_the_same_list_on_the_profile_and_revoke_at_the_client_s_request(user: User):
    chloe, mary = await chloe_lets_mary_pay()
    await sign_in(user)
    await user.open(f"/clients/{chloe}")
    await user.should_see(marker="who-can-see", retries=PATIENCE)
    await user.should_see("Who can see Chloe's information")
    await user.should_see("Other: a relationship, with the permissions Chloe granted")
    user.find(marker=f"revoke-{mary}").click()
    await user.should_see("Revoke what Chloe granted Mary Smith?", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("Revoked: Mary Smith can no longer see or do anything with Chloe's information.",
                          retries=PATIENCE)  # fmt: skip
    await eventually(lambda: not shown(user, f"revoke-{mary}"))


async def test_view_and_pay_shows_the_relative_s_invoice_and_manage_opens_their_profile(user: User):
    chloe, mary = await chloe_lets_mary_pay()
    await portal_sign_in(user, "mary.smith@example.com")
    await user.open("/portal/invoices")
    await user.should_see(content="for Chloe Brown", retries=PATIENCE)  # Chloe's invoice, Mary may pay it
    await user.open("/portal/switch")
    await user.should_see(marker="profiles", retries=PATIENCE)
    assert not shown(user, f"profile-{chloe}")  # View and Pay alone: no profile to open, no appointment history

    await relate(_db().uow(), actor=DEMO_OWNER, person_id=chloe, other_id=mary, relation="other",
                 gives=["view_pay", "manage"], edit=True)  # fmt: skip
    await user.open("/portal/switch")
    await user.should_see(marker=f"profile-{chloe}", retries=PATIENCE)
    await user.should_see("Chloe Brown granted View and Pay and Manage Bookings and Intake Forms")
    user.find(marker=f"profile-{chloe}").click()
    await user.should_see(marker="portal-greeting", content="Chloe Brown's profile", retries=PATIENCE)
    await user.should_see(marker="relative-limits", retries=PATIENCE)  # her documents and tasks stay hers
    assert not shown(user, "home-documents") and not shown(user, "home-tasks")
    user.find(marker="home-history").click()
    await user.should_see(marker="page-heading", content="Appointment history", retries=PATIENCE)
    await user.should_see(marker="history-appointments", retries=PATIENCE)
