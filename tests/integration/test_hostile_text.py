"""Text the databases cannot hold (issue 14, part 2): NUL, lone surrogates and invisible names, through the
services the pages call, anonymous ones included, on SQLite and PostgreSQL."""

import sqlite3

import pytest
from alembic import command
from sqlalchemy import select

from domain.accounts.sessions import SignInFailed, sign_in
from domain.clients.details import ClientInput
from domain.clients.profile import get_client
from domain.errors import ValidationFailed
from domain.records.form_answers import submit_public_form
from domain.records.profile_records import upload_file
from domain.scheduling.bookable_services import list_services, save_service
from domain.scheduling.reminders import parse_lead_hours
from storage.accounts import LoginFailureRow
from storage.clients import PersonRow
from storage.config import sqlite_url
from storage.engine import Database
from storage.migrate import alembic_config, in_thread, upgrade_to_head
from storage.records import FileRow
from storage.scheduling import ServiceRow
from tests.integration.helpers import OWNER, add, count, intake_form, mary, ready_clinic


async def test_a_service_named_with_a_nul_byte_is_saved_without_it_and_lists(db):
    await save_service(
        db.uow(), actor=OWNER, service_id=None, name="a\x00b", duration_minutes=30, price="80", colour="#8a3b12"
    )
    assert "ab" in [s.name for s in await list_services(db.uow())]


async def test_a_lone_surrogate_and_ansi_escapes_are_removed_from_a_client(db):
    person_id = await add(db, mary(first_name="\x1b[31mMary\ud800", last_name="Sm\x00ith"))
    client = await get_client(db.uow(), actor=OWNER, person_id=person_id)
    assert (client.first_name, client.last_name) == ("Mary", "Smith")


@pytest.mark.parametrize("name", ["\u200b\u200b", "\x00", "\x1b[2J\x07"])
async def test_a_name_with_nothing_visible_is_refused_at_the_field_and_nothing_is_written(db, name):
    with pytest.raises(ValidationFailed) as refused:
        await add(db, mary(first_name=name))
    assert "first_name" in refused.value.errors
    assert await count(db, PersonRow) == 0


async def test_a_zero_width_non_joiner_inside_a_persian_name_is_kept(db):
    person_id = await add(db, mary(first_name="\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"))
    client = await get_client(db.uow(), actor=OWNER, person_id=person_id)
    assert "\u200c" in client.first_name


async def test_the_anonymous_public_form_takes_nul_bytes_without_failing(db):
    template = await intake_form(db)
    contact = ClientInput(first_name="Jor\x00dan", last_name="Reyes\ud800", email="jordan@example.com")
    answers = {"what_brings_you_here": "Back\x00 pain\ud800", "i_agree_to_the_privacy_policy": True}
    await submit_public_form(db.uow(), public_token=template.public_token, contact=contact, answers=answers, ip=None)
    async with db.uow() as uow:
        [person] = (await uow.session.execute(select(PersonRow))).scalars().all()
        assert (person.first_name, person.last_name) == ("Jordan", "Reyes")


@pytest.mark.storage_wall
async def test_storage_removes_nul_from_any_statement_that_slipped_past_the_domain(db):
    async with db.uow() as uow:
        uow.session.add(ServiceRow(name="x\x00y\udc80", duration_minutes=30, price_cents=0, colour="#8a3b12"))
        await uow.commit()
    async with db.uow() as uow:
        assert (await uow.session.execute(select(ServiceRow.name))).scalar_one() == "xy"


async def test_nul_bytes_stored_before_the_rule_are_removed_by_the_migration(tmp_path):
    """SQLite only: PostgreSQL never accepted NUL in text."""
    empty_url = sqlite_url(tmp_path / "old.db")
    in_thread(command.upgrade, alembic_config(empty_url), "0006")
    # written as an older Hearth did, past today's storage wall (which would remove the NUL on the way in)
    with sqlite3.connect(empty_url.split(":///", 1)[1]) as raw:
        raw.execute(
            "INSERT INTO services (name, duration_minutes, price_cents, colour, active, created_at) "
            "VALUES (?, 30, 0, '#8a3b12', 1, CURRENT_TIMESTAMP)",
            ("a\x00b",),
        )
    raw.close()
    database = Database(empty_url)
    try:
        upgrade_to_head(empty_url)
        assert [s.name for s in await list_services(database.uow())] == ["ab"]
    finally:
        await database.dispose()


async def test_a_password_with_a_lone_surrogate_signs_in_neither_crashing_nor_matching_another(db):
    await ready_clinic(db)
    with pytest.raises(SignInFailed):
        await sign_in(db.uow(), email="owner@example.com", password="long enough\ud800", ip=None)
    with pytest.raises(SignInFailed):  # an unknown email takes the same path (a dummy hash)
        await sign_in(db.uow(), email="nobody\ud800@example.com", password="\ud800" * 12, ip=None)


async def test_a_hostile_sign_in_email_is_cleaned_and_cut_to_the_column(db):
    await ready_clinic(db)
    with pytest.raises(SignInFailed):
        await sign_in(db.uow(), email="\x1b[31m" + "a" * 400 + "@example.com\u202e", password="x" * 12, ip=None)
    async with db.uow() as uow:
        [email] = (await uow.session.execute(select(LoginFailureRow.email))).scalars().all()
    assert len(email) <= 254 and "\x1b" not in email and "\u202e" not in email


async def test_names_at_their_longest_fit_the_profile_and_search_columns(db):
    await ready_clinic(db)
    person = await add(db, mary(first_name="\ufdfa" * 80, last_name="ß" * 80, email="long@example.com"))
    client = await get_client(db.uow(), actor=OWNER, person_id=person)
    assert client.first_name == "\ufdfa" * 80


async def test_uploaded_file_names_lose_bidi_overrides_and_controls(db):
    c = await ready_clinic(db)
    file_id = await upload_file(
        db.uow(), actor=OWNER, profile_id=c.mary_profile, name="report\u202egpj.exe\x1b[0m.pdf", data=b"%PDF-1.4\n"
    )
    async with db.uow() as uow:
        assert (await uow.session.get(FileRow, file_id)).name == "reportgpj.exe.pdf"


@pytest.mark.parametrize("typed", ["²", "1" * 5000, "٢٤"])
def test_reminder_hours_in_other_digits_are_refused_at_the_field(typed):
    with pytest.raises(ValidationFailed) as refused:
        parse_lead_hours(typed)
    assert "reminder_hours" in refused.value.errors
