"""Migrations take an empty database to head (and back) on SQLite and PostgreSQL."""
import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError

from storage.config import sqlite_url
from storage.engine import Database
from storage.migrate import downgrade_to_base, upgrade_to_head
from storage.tables import metadata
from tests.support import create_pg_database, drop_pg_database


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "empty.db")
        return
    url = create_pg_database()
    yield url
    drop_pg_database(url)


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
        await conn.execute(text("INSERT INTO audit_entries (at, actor_label, action, summary) "
                                "VALUES (CURRENT_TIMESTAMP, 'x', 'test.entry', '')"))
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
            await conn.execute(text(
                "INSERT INTO persons (id, first_name, last_name, time_zone, status, is_test, search_text, created_at) "
                "VALUES (1, 'Mary', 'Smith', 'UTC', 'archived', false, 'mary smith', CURRENT_TIMESTAMP)"))
            await conn.execute(text("INSERT INTO profiles (kind, name, person_id, created_at) "
                                    "VALUES ('individual', 'Mary Smith', 1, CURRENT_TIMESTAMP)"))
        upgrade_to_head(empty_url)
        async with database.engine.connect() as conn:
            row = (await conn.execute(text("SELECT first_name, status, source FROM persons"))).one()
            assert tuple(row) == ("Mary", "archived", "staff")
            assert (await conn.execute(text("SELECT count(*) FROM profiles"))).scalar_one() == 1
            indexes = await conn.run_sync(lambda c: {i["name"] for i in inspect(c).get_indexes("persons")})
            assert {"ix_persons_email", "ix_persons_search_text"} <= indexes
    finally:
        await database.dispose()
