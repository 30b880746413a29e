"""Family records with the simulated user (seed 001): each client's More Options ⋮ (People and the profile) with Add
a family record, Link to primary, Make primary and Unlink record (then Invite to the Client Portal); the profile's
Family records card; People's "Family record of …"."""

from nicegui import ui
from nicegui.testing import User

from domain.clients.details import ClientInput
from domain.clients.register import add_client
from domain.demo_portal import DEMO_PORTAL_CLIENT
from domain.households.family import add_family_record
from tests.ui.helpers import DEMO_OWNER, PATIENCE, eventually, person_id, rows_of, sign_in

NORA = "nora.quill@example.com"


def _db():
    from ui.state import state

    return state.db


async def nora(*, with_theo: bool = False) -> tuple[int, int | None]:
    """Nora Quill (no family yet), and Theo Quill as her family record when asked."""
    nora_id = await add_client(
        _db().uow(),
        actor=DEMO_OWNER,
        data=ClientInput("Nora", "Quill", email=NORA, time_zone="Australia/Sydney"),
        invite=False,
        form_ids=[],
        public_url="http://clinic.example",
    )
    if not with_theo:
        return nora_id, None
    theo = await add_family_record(
        _db().uow(), actor=DEMO_OWNER, primary_id=nora_id, data=ClientInput("Theo", "Quill", date_of_birth=None)
    )
    return nora_id, theo


def row(user: User, name: str) -> dict:
    return next(r for r in rows_of(user) if r["name"] == name)


async def search_people(user: User, text: str, name: str) -> None:
    user.find(marker="search").type(text)
    await eventually(lambda: any(r["name"] == name for r in rows_of(user)))


async def test_add_a_family_record_from_people_opens_the_add_client_screen_with_the_email_read_only(user: User):
    await sign_in(user)
    nora_id, _ = await nora()
    await search_people(user, "quill", "Nora Quill")
    assert [e["label"] for e in row(user, "Nora Quill")["family"]] == ["Add a family record", "Link to primary"]
    user.find(ui.table).trigger("family", {"action": "add", "id": nora_id})  # More options ⋮ > Add a family record
    await user.should_see("Family records share Nora Quill's email and Client Portal login.", retries=PATIENCE)
    [email] = user.find(marker="email").elements
    assert email.value == NORA and email.props.get("readonly")
    user.find(marker="first_name").type("Theo")
    user.find(marker="last_name").type("Quill")
    user.find(marker="add").click()
    await user.should_see("Family record added: it shares Nora Quill's email.", retries=PATIENCE)
    await user.should_see(marker="family-primary", retries=PATIENCE)  # the Family records card of Theo's profile
    assert {e.text for e in user.find(marker="family-member").elements} == {"Nora Quill", "Theo Quill"}
    [details_email] = user.find(marker="email").elements
    assert details_email.props.get("readonly")
    assert (
        details_email.props["hint"] == "Shared with Nora Quill (family record). Unlink record to give Theo their own."
    )
    await user.open("/people")
    await search_people(user, "quill", "Theo Quill")
    assert row(user, "Theo Quill")["family_of"] == "Nora Quill"
    assert [e["key"] for e in row(user, "Theo Quill")["family"]] == ["make", "unlink"]
    assert [e["key"] for e in row(user, "Nora Quill")["family"]] == ["add"]  # a primary links no further


async def test_link_to_primary_says_that_the_records_own_portal_sign_in_ends(user: User):
    await sign_in(user)
    await nora()
    chloe = await person_id(DEMO_PORTAL_CLIENT)  # she signs in to the Client Portal with her own email
    await user.open(f"/clients/{chloe}")
    [more] = user.find(marker="more-options").elements
    assert more.props["aria-label"] == "More options for Chloe Brown"
    user.find(marker="family-link").click()
    await user.should_see(marker="primary-search", retries=PATIENCE)
    user.find(marker="primary-search").type("quill")
    await user.should_see(NORA, retries=PATIENCE)  # the search answered: Nora Quill, with her email
    user.find(marker="primary-choice").click()
    await user.should_see(
        "Chloe's own Client Portal sign-in will end: Chloe will be reached through Nora Quill's email and login.",
        retries=PATIENCE,
    )
    user.find(marker="confirm-yes").click()
    await user.should_see(
        "Chloe Brown is now a family record of Nora Quill. Their own portal sign-in was ended.", retries=PATIENCE
    )
    await user.should_see(marker="family-primary", retries=PATIENCE)
    await eventually(lambda: user.find(marker="email").elements.pop().value == NORA)


async def test_make_primary_from_the_sub_records_menu(user: User):
    await sign_in(user)
    _nora, theo = await nora(with_theo=True)
    await user.open(f"/clients/{theo}")
    await user.should_see(marker="family-primary", retries=PATIENCE)
    user.find(marker="family-make").click()
    await user.should_see("Make Theo Quill the primary record?", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("Theo Quill is now the primary record; Nora Quill is a family record.", retries=PATIENCE)
    await user.should_see(marker="family-add", retries=PATIENCE)  # the menu of a primary now
    await eventually(lambda: "hint" not in user.find(marker="email").elements.pop().props)  # Theo's own email now


async def test_unlink_record_asks_for_its_own_email_first_then_offers_the_invitation(user: User):
    await sign_in(user)
    _nora, theo = await nora(with_theo=True)
    await user.open(f"/clients/{theo}")
    await user.should_see(marker="family-primary", retries=PATIENCE)
    user.find(marker="family-unlink").click()
    await user.should_see(marker="unlink-email", retries=PATIENCE)
    user.find(marker="unlink-confirm").click()
    [email] = user.find(marker="unlink-email").elements
    await eventually(lambda: bool(email.error))
    email.set_value(NORA)
    user.find(marker="unlink-confirm").click()
    await eventually(lambda: email.error == "That is Nora Quill's email: give Theo their own.")
    email.set_value("theo.quill@example.com")
    user.find(marker="unlink-confirm").click()
    await user.should_see(marker="unlinked", retries=PATIENCE)
    await user.should_see("Theo Quill is no longer a family record of Nora Quill.", retries=PATIENCE)
    user.find(marker="invite-after-unlink").click()
    await user.should_see("Invitation sent to Theo's own email.", retries=PATIENCE)
    await user.should_see(marker="family-add", retries=PATIENCE)  # Theo is a primary record of his own now
    await eventually(lambda: user.find(marker="email").elements.pop().value == "theo.quill@example.com")
