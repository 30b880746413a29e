"""Shared profiles with the simulated user: People > Add > Shared, Add Member, the member toggles' rules,
the tabs every profile has, People > Shared, the calendar's client search."""

from nicegui import ui
from nicegui.elements.upload_files import SmallFileUpload
from nicegui.testing import User

from tests.ui.helpers import (
    PATIENCE,
    eventually,
    next_week,
    open_week,
    person_id,
    profile_id,
    select,
    sign_in,
    staff_id,
)

COUPLE = "Liam Nguyen & Grace Lee"  # the demo's shared profile, with members Liam Nguyen and Grace Lee


async def new_shared(user: User, name: str = "Alex & Sam Taylor") -> None:
    await sign_in(user, path="/people")
    user.find(marker="add-shared").click()
    await user.should_see(marker="next", retries=PATIENCE)
    user.find(marker="shared-name").type(name)
    user.find(marker="next").click()
    await user.should_see(marker="shared-heading", content=name, retries=PATIENCE)
    await user.should_see(marker="no-members", retries=PATIENCE)


async def add_existing(user: User, text: str, name: str) -> None:
    user.find(marker="add-member").click()
    await user.should_see(marker="member-search", retries=PATIENCE)
    user.find(marker="member-search").type(text)
    await user.should_see(marker="member-match", retries=PATIENCE)  # the search has answered
    await user.should_see(name)
    user.find(marker="member-match").click()


def switch(user: User, marker: str) -> ui.switch:
    return user.find(marker=marker).elements.pop()


async def test_add_shared_then_members_the_first_is_primary(user: User):
    await new_shared(user)
    await add_existing(user, "ava tay", "Ava Taylor")
    await user.should_see("Ava Taylor added.", retries=PATIENCE)
    await user.should_see(marker="primary-badge", retries=PATIENCE)
    user.find(marker="add-member").click()
    await user.should_see(marker="member-mode", retries=PATIENCE)
    user.find(marker="member-mode").elements.pop().value = "new"
    user.find(marker="member-first-name").type("Sam")
    user.find(marker="member-last-name").type("Taylor")
    user.find(marker="member-email").type("sam.taylor@example.com")
    user.find(marker="create-member").click()
    await user.should_see("Sam Taylor created and added.", retries=PATIENCE)
    await eventually(lambda: len(user.find(marker="member").elements) == 2)
    await user.should_see("sam.taylor@example.com")
    assert len(user.find(marker="primary-badge").elements) == 1


async def test_one_primary_only_and_the_flags_are_saved(user: User):
    await sign_in(user, path="/people/shared")
    await user.should_see(marker="shared-table", retries=PATIENCE)
    couple, LIAM, GRACE = await profile_id(COUPLE), await person_id("Liam Nguyen"), await person_id("Grace Lee")
    await user.open(f"/shared/{couple}")
    await user.should_see(marker=f"is_primary-{GRACE}", retries=PATIENCE)
    assert (switch(user, f"is_primary-{LIAM}").value, switch(user, f"is_primary-{GRACE}").value) == (True, False)
    switch(user, f"is_primary-{GRACE}").value = True
    await eventually(lambda: not switch(user, f"is_primary-{LIAM}").value)
    assert switch(user, f"is_primary-{GRACE}").value
    switch(user, f"is_primary-{GRACE}").value = False  # switching the primary off is refused and snaps back
    await user.should_see("needs a primary member", retries=PATIENCE)
    await eventually(lambda: switch(user, f"is_primary-{GRACE}").value)
    switch(user, f"portal_booking-{GRACE}").value = True
    switch(user, f"receives_reminders-{LIAM}").value = False
    await user.open(f"/shared/{couple}")  # read again from the database
    await user.should_see(marker=f"is_primary-{GRACE}", retries=PATIENCE)
    assert switch(user, f"portal_booking-{GRACE}").value and not switch(user, f"receives_reminders-{LIAM}").value
    assert switch(user, f"is_primary-{GRACE}").value and not switch(user, f"is_primary-{LIAM}").value


async def test_the_same_client_twice_and_removing_the_primary_are_refused(user: User):
    await new_shared(user, "The Walkers")
    await add_existing(user, "henry walk", "Henry Walker")
    await user.should_see(marker="primary-badge", retries=PATIENCE)
    await add_existing(user, "henry walk", "Henry Walker")
    await user.should_see("Henry Walker is already a member of The Walkers.", retries=PATIENCE)
    user.find(marker=f"remove-{await person_id('Henry Walker')}").click()
    await user.should_see(marker="confirm-yes", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("is the only member", retries=PATIENCE)
    assert len(user.find(marker="member").elements) == 1


async def test_records_keep_notes_of_the_whole_profile_refuse_bad_files_and_point_forms_to_members(user: User):
    await new_shared(user)
    await add_existing(user, "ava tay", "Ava Taylor")
    await user.should_see(marker="primary-badge", retries=PATIENCE)
    user.find(marker="tab-records").click()
    await user.should_see(marker="forms-note", retries=PATIENCE)
    await user.should_see("Online forms cannot be sent from a shared profile")
    await user.should_see(marker="member-profile-link", content="Ava Taylor's profile")
    user.find(marker="session-note").type("Joint session about routines.")
    user.find(marker="add-note").click()
    await user.should_see("Note saved.", retries=PATIENCE)
    await user.should_see(marker="note", retries=PATIENCE)  # saved notes are listed under the box
    assert not user.find(marker="session-note").elements.pop().value  # the box is empty again
    [upload] = user.find(marker="upload-record").elements
    assert ".pdf" in upload.props["accept"].split(",")  # the browser's file picker offers the kept types
    await upload.handle_uploads([SmallFileUpload("tool.exe", "application/octet-stream", b"MZ")])
    await user.should_see("is not a file type Hearth keeps", retries=PATIENCE)
    [upload] = user.find(marker="upload-record").elements
    await upload.handle_uploads([SmallFileUpload("letter.pdf", "application/pdf", b"%PDF-1.4 hello")])
    await user.should_see(marker="profile-file", retries=PATIENCE)
    await user.should_see("letter.pdf")


async def test_communication_emails_the_primary_and_cc_and_a_profile_with_records_is_archived_not_deleted(user: User):
    await new_shared(user, "Made by mistake")
    await add_existing(user, "ava tay", "Ava Taylor")
    await user.should_see(marker="primary-badge", retries=PATIENCE)
    user.find(marker="tab-communication").click()
    await user.should_see(marker="message-subject", retries=PATIENCE)
    await user.should_see("Sends to ava.taylor@example.com")
    user.find(marker="message-subject").type("Welcome")
    user.find(marker="message-body").type("Hello!")
    user.find(marker="send-message").click()
    await user.should_see("1 message queued in the Outbox.", retries=PATIENCE)
    user.find(marker="tab-admin").click()
    await user.should_see(marker="record-consent", retries=PATIENCE)
    user.find(marker="consent-how").elements.pop().value = "In person"
    user.find(marker="record-consent").click()
    await user.should_see(marker="consent-state", content="Given by Ava Taylor", retries=PATIENCE)
    user.find(marker="delete-shared").click()
    await user.should_see(marker="confirm-yes", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see(
        "it has 1 email or SMS sent and a record of personal-data consent on record, which are never "
        "deleted. Archive the profile instead",
        retries=PATIENCE,
    )
    user.find(marker="archive-shared").click()
    await user.should_see("Profile archived.", retries=PATIENCE)


async def test_admin_deletes_a_shared_profile_made_by_mistake(user: User):
    await new_shared(user, "Made by mistake")
    user.find(marker="tab-admin").click()
    await user.should_see(marker="delete-shared", retries=PATIENCE)
    user.find(marker="delete-shared").click()
    await user.should_see(marker="confirm-yes", retries=PATIENCE)
    user.find(marker="confirm-yes").click()
    await user.should_see("Made by mistake deleted. Its members' client records are kept.", retries=PATIENCE)


async def test_people_shared_lists_members_and_advanced_search_filters(user: User):
    await sign_in(user, path="/people/shared")
    await user.should_see(marker="shared-table", retries=PATIENCE)
    [table] = user.find(marker="shared-table").elements
    assert table.rows[0]["name"] == "Liam Nguyen & Grace Lee"
    assert table.rows[0]["members"] == "Liam Nguyen (primary), Grace Lee"
    user.find(marker="f-email").type("nobody@")
    await user.should_see(marker="no-shared", retries=PATIENCE)
    user.find(marker="f-email").clear().type("grace.lee@")
    await user.should_see(marker="shared-table", retries=PATIENCE)
    [classifications] = user.find(marker="f-classifications").elements
    classifications.value = [next(k for k, v in classifications.options.items() if v == "Family")]
    await user.should_see(marker="no-shared", retries=PATIENCE)


async def test_a_members_profile_lists_the_shared_profile_and_has_the_same_tabs(user: User):
    await sign_in(user, path=f"/clients/{await person_id('Liam Nguyen')}")
    await user.should_see(marker="membership", content="Liam Nguyen & Grace Lee", retries=PATIENCE)
    for tab in (
        "Classifications",
        "Contacts",
        "Referrals",
        "Appointment Reminders",
        "Tasks",
        "Billing",
        "Records",
        "Communication",
        "Admin",
    ):
        user.find(marker=f"tab-{tab.lower().replace(' ', '-')}")  # raises when a tab is missing
    user.find(marker="tab-appointment-reminders").click()
    await user.should_see(marker="reminder-mode", retries=PATIENCE)
    user.find(marker="reminder-mode").elements.pop().value = "on"
    user.find(marker="reminder-hours").type("400")
    user.find(marker="save-reminders").click()
    await user.should_see("Please correct the highlighted fields.", retries=PATIENCE)
    assert "between 1 and 336" in user.find(marker="reminder-hours").elements.pop().error


async def test_the_calendar_search_finds_the_shared_profile_and_books_it(user: User):
    calendar = await open_week(user)
    tuesday = next_week(1)
    select(user, tuesday, "12:00", "12:30", await staff_id("Sam O'Connor"))
    await user.should_see("New appointment", retries=PATIENCE)
    user.find(marker="client-search").type("grace lee")
    await user.should_see("Shared profile · Liam Nguyen, Grace Lee", retries=PATIENCE)
    user.find(marker="shared-match").click()
    await user.should_see(marker="chosen-client", content="Liam Nguyen & Grace Lee")
    [service] = user.find(marker="service").elements
    service.value = next(k for k, v in service.options.items() if v.startswith("Telehealth check-in"))
    user.find(marker="save").click()
    await user.should_see("Appointment booked.", retries=PATIENCE)
    await eventually(lambda: any(e.get("title", "").startswith("Liam Nguyen & Grace Lee") for e in calendar.events))


async def test_a_member_toggled_elsewhere_leaves_comments_being_typed_alone(user: User):
    await sign_in(user, path="/people/shared")
    await user.should_see(marker="shared-table", retries=PATIENCE)
    couple, GRACE = await profile_id(COUPLE), await person_id("Grace Lee")
    await user.open(f"/shared/{couple}")
    await user.should_see(marker=f"portal_booking-{GRACE}", retries=PATIENCE)
    user.find(marker="comments").clear().type("Half-written note")
    from domain.households.members import set_member_flag
    from domain.households.shared_profiles import get_shared
    from tests.support import staff_actor
    from ui.state import uow

    shared = await get_shared(uow(read_only=True), actor=staff_actor(), profile_id=couple)
    grace = next(m for m in shared.members if m.person_id == GRACE)
    await set_member_flag(uow(), actor=staff_actor(), member_id=grace.id, flag="portal_booking", value=True)
    await eventually(lambda: switch(user, f"portal_booking-{GRACE}").value)  # another staff member's change shows
    assert user.find(marker="comments").elements.pop().value == "Half-written note"


async def test_a_note_being_written_stays_when_someone_else_adds_a_file(user: User):
    LIAM = await person_id("Liam Nguyen")
    await sign_in(user, path=f"/clients/{LIAM}")
    user.find(marker="tab-records").click()
    await user.should_see(marker="session-note", retries=PATIENCE)
    user.find(marker="session-note").type("Half a sentence")
    from domain.clients.profile import get_client
    from domain.records.profile_records import upload_file
    from tests.support import staff_actor
    from ui.state import uow

    liam = await get_client(uow(read_only=True), actor=staff_actor(), person_id=LIAM)
    await upload_file(uow(), actor=staff_actor(), profile_id=liam.profile_id, name="gp-letter.pdf", data=b"%PDF-1.4")
    await user.should_see("gp-letter.pdf", retries=PATIENCE)  # the list follows the other browser's change
    assert user.find(marker="session-note").elements.pop().value == "Half a sentence"


async def test_a_deleted_or_unknown_shared_profile_says_so(user: User):
    await sign_in(user, path="/shared/99999")
    await user.should_see("That shared profile no longer exists.", retries=PATIENCE)
    await user.should_see("Back to shared profiles")
