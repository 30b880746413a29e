"""Migrations take an empty database to head (and back) on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from storage.engine import Database
from storage.migrate import downgrade_to_base, upgrade_to_head
from storage.tables import metadata


async def table_names(url: str) -> set[str]:
    database = Database(url)
    try:
        async with database.engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await database.dispose()


async def test_upgrade_from_empty_to_head_creates_every_table(empty_url):
    assert await table_names(empty_url) == set()
    upgrade_to_head(empty_url)
    assert await table_names(empty_url) == set(metadata.tables) | {"alembic_version"}


async def test_downgrade_then_upgrade_again(empty_url):
    upgrade_to_head(empty_url)
    downgrade_to_base(empty_url)
    assert await table_names(empty_url) == {"alembic_version"}
    upgrade_to_head(empty_url)
    assert "audit_entries" in await table_names(empty_url)


async def test_upgrade_twice_changes_nothing(db_url):
    upgrade_to_head(db_url)  # already at head: a restart must keep the data
    database = Database(db_url)
    try:
        async with database.engine.connect() as conn:
            assert (await conn.execute(text("SELECT name FROM clinic"))).scalar_one() == "My Clinic"
    finally:
        await database.dispose()


async def test_audit_log_refuses_update_and_delete_in_the_database(db):
    async with db.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO audit_entries (at, actor_label, action, summary) "
                "VALUES (CURRENT_TIMESTAMP, 'x', 'test.entry', '')"
            )
        )
    for statement in ("UPDATE audit_entries SET summary = 'rewritten'", "DELETE FROM audit_entries"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with db.engine.begin() as conn:
                await conn.execute(text(statement))
    async with db.engine.connect() as conn:
        assert (await conn.execute(text("SELECT summary FROM audit_entries"))).scalar_one() == ""


async def test_clients_made_before_the_clients_migration_survive_it(empty_url):
    from alembic import command

    from storage.migrate import alembic_config, in_thread

    in_thread(command.upgrade, alembic_config(empty_url), "0001")
    database = Database(empty_url)
    try:
        async with database.engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO persons (id, first_name, last_name, time_zone, status, is_test, search_text, "
                    "created_at) "
                    "VALUES (1, 'Mary', 'Smith', 'UTC', 'archived', false, 'mary smith', CURRENT_TIMESTAMP)"
                )
            )
            await conn.execute(
                text(
                    "INSERT INTO profiles (kind, name, person_id, created_at) "
                    "VALUES ('individual', 'Mary Smith', 1, CURRENT_TIMESTAMP)"
                )
            )
        upgrade_to_head(empty_url)
        async with database.engine.connect() as conn:
            row = (await conn.execute(text("SELECT first_name, status, source FROM persons"))).one()
            assert tuple(row) == ("Mary", "archived", "staff")
            assert (await conn.execute(text("SELECT count(*) FROM profiles"))).scalar_one() == 1
            indexes = await conn.run_sync(lambda c: {i["name"] for i in inspect(c).get_indexes("persons")})
            assert {"ix_persons_email", "ix_persons_search_text"} <= indexes
    finally:
        await database.dispose()


async def test_migration_0006_renumbers_sessions_keeps_ids_unused_and_its_triggers_refuse(empty_url):
    """A database of the bug's days: two uses of one pack both called "Session 3", a deleted profile the audit log
    still names. After the upgrade the sessions are 1 and 2 in appointment order, no new row takes the deleted
    profile's id, and the rebuilt tables still refuse what their triggers refuse."""
    from datetime import UTC, date, datetime, timedelta

    from alembic import command
    from sqlalchemy import delete, insert, select

    from storage.accounts import StaffUserRow
    from storage.audit import AuditEntryRow
    from storage.clients import PersonRow, ProfileRow
    from storage.migrate import alembic_config, in_thread
    from storage.packs import PackRow, PackUseRow
    from storage.scheduling import AppointmentRow

    in_thread(command.upgrade, alembic_config(empty_url), "0005")
    database = Database(empty_url)
    start = datetime(2031, 3, 3, 0, 0, tzinfo=UTC)
    try:
        async with database.engine.begin() as conn:
            staff = (
                await conn.execute(
                    insert(StaffUserRow)
                    .values(
                        email="p@example.com",
                        name="P",
                        role="practitioner",
                        password_hash="x",
                        time_zone="UTC",
                        bookable=True,
                    )
                    .returning(StaffUserRow.id)
                )
            ).scalar_one()
            profiles = []
            for n in range(3):
                person = (
                    await conn.execute(
                        insert(PersonRow)
                        .values(first_name=f"P{n}", last_name="X", time_zone="UTC", search_text=f"p{n} x")
                        .returning(PersonRow.id)
                    )
                ).scalar_one()
                profiles.append(
                    (
                        await conn.execute(
                            insert(ProfileRow)
                            .values(kind="individual", name=f"P{n} X", person_id=person)
                            .returning(ProfileRow.id)
                        )
                    ).scalar_one()
                )
            await conn.execute(delete(ProfileRow).where(ProfileRow.id == profiles[2]))
            await conn.execute(
                insert(AuditEntryRow).values(
                    actor_label="x", action="shared.deleted", record_type="profile", record_id=profiles[2]
                )
            )
            pack = (
                await conn.execute(
                    insert(PackRow)
                    .values(
                        profile_id=profiles[0],
                        name="10-session pack",
                        metric="sessions",
                        size=10,
                        used=2,
                        price_cents=0,
                        starts_on=date(2031, 3, 1),
                    )
                    .returning(PackRow.id)
                )
            ).scalar_one()
            for days in (7, 0):  # the later appointment was used first
                appointment = (
                    await conn.execute(
                        insert(AppointmentRow)
                        .values(
                            practitioner_id=staff,
                            profile_id=profiles[0],
                            starts_at=start + timedelta(days=days),
                            ends_at=start + timedelta(days=days, hours=1),
                        )
                        .returning(AppointmentRow.id)
                    )
                ).scalar_one()
                await conn.execute(
                    insert(PackUseRow).values(pack_id=pack, appointment_id=appointment, amount=1, sequence=3)
                )  # the bug: both "Session 3 of 10"
        upgrade_to_head(empty_url)
        async with database.engine.begin() as conn:
            sessions = (
                await conn.execute(
                    select(AppointmentRow.starts_at, PackUseRow.sequence)
                    .join(PackUseRow)
                    .order_by(AppointmentRow.starts_at)
                )
            ).all()
            assert [n for _, n in sessions] == [1, 2]
            person = (
                await conn.execute(
                    insert(PersonRow)
                    .values(first_name="New", last_name="X", time_zone="UTC", search_text="new x")
                    .returning(PersonRow.id)
                )
            ).scalar_one()
            new_profile = (
                await conn.execute(
                    insert(ProfileRow)
                    .values(kind="individual", name="New X", person_id=person)
                    .returning(ProfileRow.id)
                )
            ).scalar_one()
            assert new_profile > profiles[2]  # the audit log's "profile #3" stays the deleted one
        with pytest.raises(DBAPIError, match="append-only"):
            async with database.engine.begin() as conn:
                await conn.execute(text("UPDATE audit_entries SET summary = 'rewritten'"))
        with pytest.raises(DBAPIError, match=r"appointment_overlap|23P01|ex_appointments_no_overlap"):
            async with database.engine.begin() as conn:
                await conn.execute(
                    insert(AppointmentRow).values(
                        practitioner_id=staff,
                        profile_id=profiles[0],
                        starts_at=start + timedelta(minutes=30),
                        ends_at=start + timedelta(minutes=90),
                    )
                )
    finally:
        await database.dispose()


def test_the_table_registry_alone_knows_every_table():
    """storage.tables is what Alembic compares against: imported on its own, it must name every table."""
    import subprocess
    import sys

    from tests.e2e.server import ROOT

    found = subprocess.run(
        [sys.executable, "-c", "from storage.tables import metadata; print(len(metadata.tables))"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert int(found) == len(metadata.tables) == 50


async def test_the_migrated_schema_matches_the_models(db_url):
    """Nothing for an autogenerate to add or drop: the migrations and the models describe the same schema."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    database = Database(db_url)
    try:
        async with database.engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(MigrationContext.configure(c, opts={"compare_type": True}), metadata)
            )
    finally:
        await database.dispose()
    assert diff == []
