"""Nothing clinical or financial is ever lost by a delete, and no id is ever given out twice.

Before: deleting a shared profile took its session notes, admin notes, referrals and tasks with it (ON
DELETE CASCADE), saying only that "its members' client records are kept"; and SQLite gave a deleted
profile's id to the next one, so the audit log's "record 37" mixed two households.
"""

import pytest
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from domain.clients.contacts import add_referral
from domain.errors import NotAllowed
from domain.households.manage import delete_shared_profile, record_consent
from domain.households.shared_profiles import create_shared_profile
from domain.messaging.communication import make_letter, send_to_profile
from domain.records.profile_records import add_diagnosis, add_note, upload_file
from domain.tasks.tasks import add_task
from storage.clients import ProfileRow
from storage.records import NoteRow
from tests.integration.helpers import OWNER, audit_entries, count, taylors

RECORDS = {  # what each kind of record is called in the refusal, and how to make one on the profile
    "1 session note": lambda db, h: add_note(db.uow(), actor=OWNER, profile_id=h.profile, body="Worked on sleep."),
    "1 admin note": lambda db, h: add_note(
        db.uow(), actor=OWNER, profile_id=h.profile, body="Paid cash.", kind="admin"
    ),
    "1 diagnosis": lambda db, h: add_diagnosis(db.uow(), actor=OWNER, profile_id=h.profile, name="Insomnia"),
    "1 file": lambda db, h: upload_file(
        db.uow(), actor=OWNER, profile_id=h.profile, name="scan.pdf", data=b"%PDF-1.4 scan"
    ),
    "1 referral": lambda db, h: add_referral(
        db.uow(), actor=OWNER, profile_id=h.profile, referred_on="2026-11-02", source="Dr Chen", reason="Sleep"
    ),
    "1 task": lambda db, h: add_task(db.uow(), actor=OWNER, title="Call back", profile_id=h.profile),
    "a record of personal-data consent": lambda db, h: record_consent(
        db.uow(), actor=OWNER, profile_id=h.profile, given_by="Alex Taylor", given_on="2026-11-02", how="In person"
    ),
    "1 letter": lambda db, h: make_letter(
        db.uow(), actor=OWNER, profile_id=h.profile, to_person_id=h.alex, subject="Summary", body="Dear Alex"
    ),
    "1 email or SMS sent": lambda db, h: send_to_profile(
        db.uow(),
        actor=OWNER,
        profile_id=h.profile,
        channel="email",
        to_person_id=h.alex,
        cc_person_ids=[],
        subject="Hello",
        body="See you soon.",
    ),
}


@pytest.mark.parametrize("held", list(RECORDS))
async def test_deleting_a_shared_profile_that_holds_a_record_is_refused_and_names_it(db, held):
    h = await taylors(db)
    await RECORDS[held](db, h)
    with pytest.raises(NotAllowed) as refused:
        await delete_shared_profile(db.uow(), actor=OWNER, profile_id=h.profile)
    assert f"it has {held} on record" in refused.value.message
    assert "Archive the profile instead" in refused.value.message
    assert await count(db, ProfileRow) == 4  # Mary's, Alex's, Sam's and the shared one
    assert [e.action for e in await audit_entries(db, "shared.delete_refused")] == ["shared.delete_refused"]


async def test_the_refusal_names_everything_the_profile_holds(db):
    h = await taylors(db)
    for held in ("1 session note", "1 referral", "1 task"):
        await RECORDS[held](db, h)
    await add_note(db.uow(), actor=OWNER, profile_id=h.profile, body="Second session.")
    with pytest.raises(NotAllowed, match="it has 2 session notes, 1 referral and 1 task on record"):
        await delete_shared_profile(db.uow(), actor=OWNER, profile_id=h.profile)


async def test_the_database_refuses_to_delete_a_profile_that_still_has_notes(db):
    h = await taylors(db)
    await add_note(db.uow(), actor=OWNER, profile_id=h.profile, body="Worked on sleep.")
    with pytest.raises(IntegrityError):
        async with db.uow() as uow:
            await uow.session.execute(delete(ProfileRow).where(ProfileRow.id == h.profile))
            await uow.commit()
    async with db.uow() as uow:
        assert (await uow.session.execute(select(NoteRow.body))).scalars().all() == ["Worked on sleep."]


async def test_a_deleted_profiles_id_is_never_given_to_the_next(db):
    h = await taylors(db)
    mistake = await create_shared_profile(db.uow(), actor=OWNER, name="Made by mistake")
    assert await delete_shared_profile(db.uow(), actor=OWNER, profile_id=mistake) == "Made by mistake"
    after = await create_shared_profile(db.uow(), actor=OWNER, name="The Nguyens")
    assert after > mistake > h.profile
    assert [e.record_id for e in await audit_entries(db, "shared.deleted")] == [mistake]


async def test_a_profile_without_history_can_still_be_deleted(db):
    h = await taylors(db)
    mistake = await create_shared_profile(db.uow(), actor=OWNER, name="Made by mistake")
    await delete_shared_profile(db.uow(), actor=OWNER, profile_id=mistake)
    assert await count(db, ProfileRow) == 4 and h.profile
