"""My Documents: staff share a file on Chloe Brown's Records tab, Chloe sees it in the portal marked New and opens
it, staff see it was opened; a tampered download link is not found."""

import pytest
from nicegui.testing import User

from domain.accounts.portal import portal_sign_in as portal_ticket
from domain.demo_portal import DEMO_PORTAL_LOGIN
from domain.messaging.communication import make_letter
from domain.records.profile_records import upload_file
from domain.records.shared_files import share_file
from tests.support import staff_actor
from tests.ui.helpers import PATIENCE, person_id, portal_sign_in, profile_id, shown, sign_in, without_demo_portal_items
from ui.state import uow


@pytest.fixture(autouse=True)
def chloe_starts_with_nothing(app_env, tmp_path):
    without_demo_portal_items(tmp_path / "data")


OWNER = staff_actor(user_id=1)  # the demo's owner, as another browser would act
PLAN = b"%PDF-1.4 Chloe's exercise plan" * 50
NAME = "Exercise plan – week 1.pdf"


async def chloes_file(name: str = NAME, data: bytes = PLAN, *, client: str = "Chloe Brown") -> int:
    return await upload_file(uow(), actor=OWNER, profile_id=await profile_id(client), name=name, data=data)


async def share_on_records_tab(user: User) -> None:
    await sign_in(user, path=f"/clients/{await person_id('Chloe Brown')}")
    user.find(marker="tab-records").click()
    await user.should_see(NAME, retries=PATIENCE)
    user.find(marker="share-file").click()
    await user.should_see(f"Shared {NAME} with Chloe Brown", retries=PATIENCE)
    await user.should_see(marker="file-sharing", content="Shared with client · Not opened yet", retries=PATIENCE)
    await user.should_see(marker="unshare-file")


async def open_link(user: User) -> str:
    [button] = user.find(marker="open-document").elements
    return button.props["href"]


async def test_staff_share_a_file_and_chloe_sees_it_new_until_she_opens_it(user: User):
    file_id = await chloes_file()
    await share_on_records_tab(user)

    await portal_sign_in(user)
    user.find(marker="section-documents").click()
    await user.should_see(marker="documents-heading", content="My Documents", retries=PATIENCE)
    await user.should_see(marker="document-name", content=NAME, retries=PATIENCE)
    await user.should_see(marker="document-new")
    await user.should_see(marker="document-details", content="Shared ")
    href = await open_link(user)
    assert href == f"/portal/documents/{file_id}/download"

    response = await user.http_client.get(href)
    assert response.status_code == 200 and response.content == PLAN
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.headers["x-content-type-options"] == "nosniff"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''Exercise%20plan%20%E2%80%93%20week%201.pdf" in (
        disposition
    )
    await user.should_not_see(marker="document-new", retries=PATIENCE)  # opened: no longer New, without a reload
    await user.should_see(marker="document-name", content=NAME)

    await user.open(f"/clients/{await person_id('Chloe Brown')}")  # staff, in the same browser
    user.find(marker="tab-records").click()
    await user.should_see(marker="file-sharing", content="Shared with client · Opened ", retries=PATIENCE)


async def test_staff_see_the_file_opened_live_and_stop_sharing_takes_it_away(user: User):
    file_id = await chloes_file()
    await share_on_records_tab(user)
    ticket = await portal_ticket(uow(), email=DEMO_PORTAL_LOGIN[0], password=DEMO_PORTAL_LOGIN[1], ip=None)
    await user.http_client.get(f"/portal/start?ticket={ticket}")  # Chloe, in another tab of this browser
    assert (await user.http_client.get(f"/portal/documents/{file_id}/download")).status_code == 200
    await user.should_see(marker="file-sharing", content="Shared with client · Opened ", retries=PATIENCE)

    user.find(marker="unshare-file").click()
    await user.should_see("Stopped sharing", retries=PATIENCE)
    await user.should_see(marker="file-sharing", content="Sharing stopped · Opened ", retries=PATIENCE)
    await user.should_see(marker="share-file")
    assert (await user.http_client.get(f"/portal/documents/{file_id}/download")).status_code == 404

    await user.open("/portal/documents")
    await user.should_see("Nothing shared with you yet. Files Demo Clinic shares with you appear here.")
    assert shown(user, "portal-document") == 0
    await share_file(uow(), actor=OWNER, file_id=file_id, shared=True)  # shared again, from another browser
    await user.should_see(marker="document-name", content=NAME, retries=PATIENCE)  # appears without a reload
    assert shown(user, "document-new") == 0  # she opened it before


async def test_a_client_without_portal_access_is_not_shared_with(user: User):
    await chloes_file("Liam's plan.pdf", client="Liam Nguyen")
    await sign_in(user, path=f"/clients/{await person_id('Liam Nguyen')}")
    user.find(marker="tab-records").click()
    await user.should_see("Liam's plan.pdf", retries=PATIENCE)
    user.find(marker="share-file").click()
    await user.should_see("Liam Nguyen has no Client Portal access yet: invite Liam", retries=PATIENCE)
    assert shown(user, "file-sharing") == 0


async def test_a_tampered_download_link_is_not_found(user: User):
    others = await chloes_file("Liam's plan.pdf", client="Liam Nguyen")  # another client's file
    unshared = await chloes_file("draft.pdf")
    await portal_sign_in(user)
    for file_id in (others, unshared, 987_654_321):
        response = await user.http_client.get(f"/portal/documents/{file_id}/download")
        assert response.status_code == 404 and b"%PDF" not in response.content
        assert "Not found" in response.text
    await user.open("/portal/sign-out")
    response = await user.http_client.get(f"/portal/documents/{unshared}/download")
    assert response.status_code == 303 and response.headers["location"] == "/portal/login"


async def test_a_letter_is_shared_from_correspondence_but_a_shared_profiles_files_stay_with_staff(user: User):
    chloe = await person_id("Chloe Brown")
    await make_letter(
        uow(),
        actor=OWNER,
        profile_id=await profile_id("Chloe Brown"),
        to_person_id=chloe,
        subject="Your plan",
        body="Hi",
    )
    await sign_in(user, path=f"/clients/{chloe}")
    user.find(marker="tab-records").click()
    await user.should_see(marker="share-file", retries=PATIENCE)  # the letter's, in Correspondence
    user.find(marker="share-file").click()
    await user.should_see("with Chloe Brown: it is in their My Documents", retries=PATIENCE)
    await user.should_see(marker="file-sharing", content="Shared with client · Not opened yet", retries=PATIENCE)

    couple = await profile_id("Liam Nguyen & Grace Lee")
    await upload_file(uow(), actor=OWNER, profile_id=couple, name="joint plan.pdf", data=PLAN)
    await user.open(f"/shared/{couple}")
    user.find(marker="tab-records").click()
    await user.should_see("joint plan.pdf", retries=PATIENCE)
    await user.should_see("Files of a shared profile stay with staff.")
    assert shown(user, "share-file") == 0
