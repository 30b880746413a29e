"""My Documents: staff share a file from Records, the client opens it in the portal, staff see that it was opened.
Only with a client who signs in to the portal; never an admin file; a tampered id is not found, audited, and
changes nothing."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from domain import topics
from domain.accounts.portal import redeem_ticket, resume_portal, view_portal_as
from domain.clients.details import ClientInput
from domain.clients.invitations import invite_client
from domain.clients.profile import get_client
from domain.clients.register import create_test_client
from domain.errors import NotAllowed, NotFound
from domain.formats import Formats, using
from domain.records.profile_records import list_files, upload_file
from domain.records.shared_files import open_portal_document, portal_documents, share_file, sharing_label
from storage.changes import changes
from tests.integration.helpers import OWNER, URL, add, audit_entries, ready_clinic, taylors
from tests.integration.portal_helpers import portal_client

PLAN = b"%PDF-1.4 exercise plan" * 100
SYDNEY = ZoneInfo("Australia/Sydney")


class Heard:
    """Every topic published while it listens."""

    def __init__(self, *watched) -> None:
        self.topics: list = []
        self._stops = [changes.subscribe(t, self.topics.append) for t in watched]

    def __enter__(self) -> "Heard":
        return self

    def __exit__(self, *exc) -> None:
        for stop in self._stops:
            stop()


async def upload(db, profile_id: int, name: str = "Exercise plan.pdf", data: bytes = PLAN, kind: str = "record"):
    return await upload_file(db.uow(), actor=OWNER, profile_id=profile_id, name=name, data=data, kind=kind)


async def staff_file(db, profile_id: int, file_id: int):
    [found] = [
        f
        for f in await list_files(db.uow(), actor=OWNER, profile_id=profile_id, kinds=("record", "letter"))
        if f.id == file_id
    ]
    return found


async def john(db) -> tuple[int, int]:
    person = await add(db, ClientInput(first_name="John", last_name="Smith", email="john@example.com"))
    return person, (await get_client(db.uow(), actor=OWNER, person_id=person)).profile_id


def test_staff_see_shared_and_opened_on_the_clinics_day():
    shared = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)  # 2 Dec in Sydney
    opened = datetime(2026, 12, 2, 22, 30, tzinfo=UTC)  # 3 Dec, 9:30 am in Sydney
    with using(Formats("en-AU", "AUD")):
        assert sharing_label(shared, None, SYDNEY) == "Shared with client · Not opened yet"
        assert sharing_label(shared, opened, SYDNEY) == "Shared with client · Opened 3 Dec 2026"
        assert sharing_label(None, opened, SYDNEY) == "Sharing stopped · Opened 3 Dec 2026"
        assert sharing_label(None, None, SYDNEY) == ""


async def test_client_opens_a_shared_file_and_staff_see_it_was_opened(db):
    clinic = await ready_clinic(db)
    mary = await portal_client(db, clinic.mary_person)
    file_id = await upload(db, clinic.mary_profile)
    assert await portal_documents(db.uow(), who=mary) == []  # uploaded, not shared

    with Heard(topics.documents(clinic.mary_person), topics.profile(clinic.mary_profile)) as heard:
        said = await share_file(db.uow(), actor=OWNER, file_id=file_id, shared=True)
    assert said.startswith("Shared Exercise plan.pdf with Mary Smith")
    assert set(heard.topics) == {topics.documents(clinic.mary_person), topics.profile(clinic.mary_profile)}
    [doc] = await portal_documents(db.uow(), who=mary)
    assert (doc.name, doc.content_type, doc.size, doc.opened, doc.for_name) == (
        "Exercise plan.pdf",
        "application/pdf",
        len(PLAN),
        False,
        "Mary Smith",
    )
    assert doc.shared_on == doc.shared_at.astimezone(SYDNEY).date()
    staff_view = await staff_file(db, clinic.mary_profile, file_id)
    assert staff_view.shared and staff_view.opened_at is None
    [entry] = await audit_entries(db, "file.shared")
    assert entry.actor_label == "Olivia Owner" and "Exercise plan.pdf with Mary Smith" in entry.summary

    with Heard(topics.profile(clinic.mary_profile)) as heard:  # the staff Records tab redraws
        opened = await open_portal_document(db.uow(), who=mary, file_id=file_id, ip="198.51.100.4")
    assert opened == ("Exercise plan.pdf", "application/pdf", PLAN)
    assert heard.topics == [topics.profile(clinic.mary_profile)]
    first = (await staff_file(db, clinic.mary_profile, file_id)).opened_at
    assert first is not None
    assert (await open_portal_document(db.uow(), who=mary, file_id=file_id))[2] == PLAN  # again: stamped once
    assert (await staff_file(db, clinic.mary_profile, file_id)).opened_at == first
    [doc] = await portal_documents(db.uow(), who=mary)
    assert doc.opened
    once, twice = await audit_entries(db, "document.opened")
    assert once.actor_label == "Client portal: Mary Smith" and once.ip == "198.51.100.4"
    assert once.summary == "Exercise plan.pdf (first time)" and twice.summary == "Exercise plan.pdf"


async def test_sharing_twice_changes_nothing_the_second_time(db):
    clinic = await ready_clinic(db)
    await portal_client(db, clinic.mary_person)
    file_id = await upload(db, clinic.mary_profile)
    await share_file(db.uow(), actor=OWNER, file_id=file_id, shared=True)
    assert await share_file(db.uow(), actor=OWNER, file_id=file_id, shared=True) == (
        "Exercise plan.pdf is already shared with Mary Smith."
    )
    assert len(await audit_entries(db, "file.shared")) == 1


async def test_stop_sharing_hides_the_file_and_keeps_when_it_was_opened(db):
    clinic = await ready_clinic(db)
    mary = await portal_client(db, clinic.mary_person)
    file_id = await upload(db, clinic.mary_profile)
    await share_file(db.uow(), actor=OWNER, file_id=file_id, shared=True)
    await open_portal_document(db.uow(), who=mary, file_id=file_id)
    said = await share_file(db.uow(), actor=OWNER, file_id=file_id, shared=False)
    assert said == "Stopped sharing Exercise plan.pdf: Mary no longer sees it in the Client Portal."
    assert await portal_documents(db.uow(), who=mary) == []
    with pytest.raises(NotFound):
        await open_portal_document(db.uow(), who=mary, file_id=file_id)
    staff_view = await staff_file(db, clinic.mary_profile, file_id)
    assert not staff_view.shared and staff_view.opened_at is not None
    assert sharing_label(staff_view.shared_at, staff_view.opened_at, SYDNEY).startswith("Sharing stopped · Opened")
    assert len(await audit_entries(db, "file.unshared")) == 1
    await share_file(db.uow(), actor=OWNER, file_id=file_id, shared=True)  # shared again: she has seen it
    [doc] = await portal_documents(db.uow(), who=mary)
    assert doc.opened


async def test_letters_can_be_shared_but_admin_files_and_a_shared_profiles_files_cannot(db):
    h = await taylors(db)
    mary_profile = h.clinic.mary_profile
    await portal_client(db, h.clinic.mary_person)
    contract = await upload(db, mary_profile, "contract.pdf", kind="admin")
    with pytest.raises(NotAllowed, match="Admin files are for staff only"):
        await share_file(db.uow(), actor=OWNER, file_id=contract, shared=True)
    joint = await upload(db, h.profile, "joint plan.pdf")
    with pytest.raises(NotAllowed, match="shared profile cannot be shared"):
        await share_file(db.uow(), actor=OWNER, file_id=joint, shared=True)
    letter = await upload(db, mary_profile, "letter.pdf", kind="letter")
    await share_file(db.uow(), actor=OWNER, file_id=letter, shared=True)
    assert (await staff_file(db, mary_profile, letter)).shared
    assert [e.summary for e in await audit_entries(db, "file.share_refused")] == [
        "Admin files are for staff only: they cannot be shared with the client.",
        "Files of a shared profile cannot be shared with a client: upload the file to the client's own profile "
        "(Records) and share it from there.",
    ]
    with pytest.raises(NotFound):
        await share_file(db.uow(), actor=OWNER, file_id=10**12, shared=True)


async def test_a_client_without_portal_access_cannot_be_shared_with(db):
    await ready_clinic(db)
    person, profile = await john(db)
    file_id = await upload(db, profile)
    with pytest.raises(NotAllowed, match="John Smith has no Client Portal access yet: invite John"):
        await share_file(db.uow(), actor=OWNER, file_id=file_id, shared=True)
    await invite_client(db.uow(), actor=OWNER, person_id=person, public_url=URL)  # invited, not yet signed up
    with pytest.raises(NotAllowed, match="no Client Portal access yet"):
        await share_file(db.uow(), actor=OWNER, file_id=file_id, shared=True)
    assert not (await staff_file(db, profile, file_id)).shared
    await portal_client(db, person)  # accepts a new invitation
    await share_file(db.uow(), actor=OWNER, file_id=file_id, shared=True)
    assert (await staff_file(db, profile, file_id)).shared


async def test_another_clients_file_an_unshared_one_or_an_admin_file_is_not_found_and_audited(db):
    clinic = await ready_clinic(db)
    john_person, john_profile = await john(db)
    mary, _john = await portal_client(db, clinic.mary_person), await portal_client(db, john_person)
    johns = await upload(db, john_profile, "John's results.pdf")
    await share_file(db.uow(), actor=OWNER, file_id=johns, shared=True)
    unshared = await upload(db, clinic.mary_profile, "draft.pdf")
    admin = await upload(db, clinic.mary_profile, "fees.pdf", kind="admin")
    for file_id in (johns, unshared, admin, 999_999, 2**40, -1):
        with pytest.raises(NotFound, match="Not found"):
            await open_portal_document(db.uow(), who=mary, file_id=file_id, ip="198.51.100.9")
    refused = await audit_entries(db, "portal.refused")
    assert len(refused) == 6
    assert all(e.actor_label == "Client portal: Mary Smith" and e.ip == "198.51.100.9" for e in refused)
    assert f"documents on person {john_person}" in refused[0].summary
    assert await audit_entries(db, "document.opened") == []
    assert (await staff_file(db, john_profile, johns)).opened_at is None  # nothing changed
    assert await portal_documents(db.uow(), who=mary) == []


async def test_staff_viewing_a_test_clients_portal_do_not_count_as_the_client_opening(db):
    await ready_clinic(db)
    person = await create_test_client(
        db.uow(), actor=OWNER, first_name="Test", last_name="Client", email="me+test@example.com", public_url=URL
    )
    profile = (await get_client(db.uow(), actor=OWNER, person_id=person)).profile_id
    file_id = await upload(db, profile)
    await share_file(db.uow(), actor=OWNER, file_id=file_id, shared=True)  # a test client: staff try the portal
    ticket = await view_portal_as(db.uow(), actor=OWNER, person_id=person)
    staff = await resume_portal(db.uow(), token=await redeem_ticket(db.uow(), ticket=ticket))
    assert [d.name for d in await portal_documents(db.uow(), who=staff)] == ["Exercise plan.pdf"]
    assert (await open_portal_document(db.uow(), who=staff, file_id=file_id))[2] == PLAN
    assert (await staff_file(db, profile, file_id)).opened_at is None
    [entry] = await audit_entries(db, "document.opened")
    assert entry.actor_label == "Client portal: Test Client (staff viewing)"
