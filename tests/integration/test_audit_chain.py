"""The audit log is tamper-evident (issue 14, part 5): REPLACE and TRUNCATE are refused like UPDATE and DELETE,
every entry is chained by hash at commit, and Verify audit log names the first broken link."""

import asyncio
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from domain.audit.chain import verify_audit_chain
from domain.errors import NotAllowed, ValidationFailed
from storage.audit import GENESIS, AuditEntryRow, hash_of
from storage.backup import backup
from storage.engine import Database
from storage.migrate import alembic_config, in_thread, upgrade_to_head
from tests.integration.helpers import OWNER, add, mary
from tests.support import staff_actor


async def three_clients(db) -> None:
    for n in range(3):
        await add(db, mary(first_name=f"Mary{n}", email=f"mary{n}@example.com"))


async def three_clients_more(db) -> None:
    for n in range(3):
        await add(db, mary(first_name=f"Ann{n}", email=f"ann{n}@example.com"))


async def execute_as_admin(db, *statements: str) -> None:
    """What someone with the database's password could do: switch the append-only trigger off, then write."""
    sqlite = db.engine.dialect.name == "sqlite"
    async with db.engine.begin() as conn:
        await conn.execute(
            text("DROP TRIGGER audit_entries_no_update" if sqlite else "ALTER TABLE audit_entries DISABLE TRIGGER ALL")
        )
        if sqlite:
            await conn.execute(text("DROP TRIGGER audit_entries_no_delete"))
            await conn.execute(text("DROP TRIGGER audit_chain_forward"))
        else:
            await conn.execute(text("ALTER TABLE audit_chain DISABLE TRIGGER ALL"))
        for statement in statements:
            await conn.execute(text(statement))


async def test_every_entry_is_chained_and_the_log_verifies(db):
    await three_clients(db)
    report = await verify_audit_chain(db.uow(), actor=OWNER)
    assert report.intact and report.entries == 3
    assert report.message.startswith("The audit log is intact: 3 entries checked.")


async def test_entries_committed_at_the_same_moment_make_one_unbroken_chain(db, db_url):
    other = Database(db_url)
    try:
        await asyncio.gather(
            *(add(db if n % 2 else other, mary(first_name=f"Ann{n}", email=f"ann{n}@example.com")) for n in range(16))
        )
    finally:
        await other.dispose()
    report = await verify_audit_chain(db.uow(), actor=OWNER)
    assert report.intact and report.entries == 16
    async with db.engine.connect() as conn:
        heads = (await conn.execute(text("SELECT sum(seq) FROM audit_chain"))).scalar_one()
    assert heads == 16  # across however many chains the commits spread over


async def test_a_changed_entry_is_named_as_the_first_broken_link(db):
    await three_clients(db)
    await execute_as_admin(db, "UPDATE audit_entries SET summary = 'nothing happened' WHERE chain_seq = 2")
    report = await verify_audit_chain(db.uow(), actor=OWNER)
    assert not report.intact and report.broken_at == 2
    assert "changed after it was written" in report.message


async def test_a_removed_entry_is_found(db):
    await three_clients(db)
    await execute_as_admin(db, "DELETE FROM audit_entries WHERE chain_seq = 2")
    report = await verify_audit_chain(db.uow(), actor=OWNER)
    assert report.broken_at == 3 and "position 2 of chain 1 is missing" in report.message


async def test_the_last_entry_removed_is_found_by_the_head(db):
    await three_clients(db)
    await execute_as_admin(db, "DELETE FROM audit_entries WHERE chain_seq = 3")
    report = await verify_audit_chain(db.uow(), actor=OWNER)
    assert not report.intact and "head does not match" in report.message


async def test_replace_and_truncate_are_refused_like_update_and_delete(db):
    await three_clients(db)
    if db.engine.dialect.name == "sqlite":
        tamper = (
            "INSERT OR REPLACE INTO audit_entries (id, at, actor_label, action, summary) "
            "VALUES (1, CURRENT_TIMESTAMP, 'x', 'rewritten', '')"
        )
    else:
        tamper = "TRUNCATE audit_entries"
    with pytest.raises(DBAPIError, match="append-only"):
        async with db.engine.begin() as conn:
            await conn.execute(text(tamper))
    with pytest.raises(DBAPIError, match="only moves forward"):
        async with db.engine.begin() as conn:
            await conn.execute(text("UPDATE audit_chain SET seq = 0, head = 'x'"))
    assert (await verify_audit_chain(db.uow(), actor=OWNER)).intact


async def test_only_an_owner_verifies_the_log(db):
    with pytest.raises(NotAllowed):
        await verify_audit_chain(db.uow(), actor=staff_actor(role="admin"))


async def test_entries_written_before_the_chain_are_chained_by_the_migration(empty_url):
    in_thread(command.upgrade, alembic_config(empty_url), "0006")
    database = Database(empty_url)
    try:
        async with database.engine.begin() as conn:
            for n in range(3):
                await conn.execute(
                    text(
                        "INSERT INTO audit_entries (at, actor_label, action, summary) "
                        f"VALUES (CURRENT_TIMESTAMP, 'Olivia Owner', 'test.entry', 'entry {n} ✓')"
                    )
                )
        upgrade_to_head(empty_url)
        await add(database)  # and the app goes on from there
        report = await verify_audit_chain(database.uow(), actor=OWNER)
        assert report.intact and report.entries == 4
    finally:
        await database.dispose()


async def test_a_backup_prints_the_seal_and_a_chain_rewritten_in_full_no_longer_matches_it(db, db_url, tmp_path):
    await three_clients(db)  # one after another: each commit finds chain 1 free
    target, line = in_thread(backup, db_url, tmp_path / "backups")
    assert target.stat().st_size > 0 and Path(f"{target}.head").read_text().strip() == line
    assert "positions 1:3 2:0 3:0" in line
    await three_clients_more(db)  # the log goes on after the backup
    report = await verify_audit_chain(db.uow(), actor=OWNER, backup_head=line)
    assert report.intact and "they pass through the heads your backup sealed" in report.message
    # Someone with the database's password rewrites entry 2 and every hash after it, and the head: the chain
    # verifies on its own, but not against the line the backup printed.
    async with db.uow() as uow:
        rows = (await uow.session.execute(select(AuditEntryRow).order_by(AuditEntryRow.chain_seq))).scalars().all()
        previous, forged = GENESIS, []
        for row in rows:
            if row.chain_seq == 2:
                row.summary = "nothing happened"
            previous = hash_of(previous, row, 1, row.chain_seq)
            forged.append((row.id, row.summary.replace("'", "''"), previous))
    await execute_as_admin(
        db,
        *(f"UPDATE audit_entries SET summary = '{s}', entry_hash = '{h}' WHERE id = {i}" for i, s, h in forged),
        f"UPDATE audit_chain SET head = '{previous}' WHERE id = 1",
    )
    assert (await verify_audit_chain(db.uow(), actor=OWNER)).intact
    report = await verify_audit_chain(db.uow(), actor=OWNER, backup_head=line)
    assert not report.intact and "were rewritten after that backup" in report.message


async def test_entries_removed_after_a_backup_are_found_against_its_seal(db, db_url, tmp_path):
    await three_clients(db)
    _, line = in_thread(backup, db_url, tmp_path / "backups")
    rewind = "UPDATE audit_chain SET seq = 2, head = (SELECT entry_hash FROM audit_entries WHERE chain_seq = 2)"
    await execute_as_admin(db, "DELETE FROM audit_entries WHERE chain_seq = 3", rewind + " WHERE id = 1")
    assert (await verify_audit_chain(db.uow(), actor=OWNER)).intact  # consistent on its own
    report = await verify_audit_chain(db.uow(), actor=OWNER, backup_head=line)
    assert "no longer reaches it" in report.message


async def test_a_head_line_that_is_not_one_is_refused_at_its_field(db):
    with pytest.raises(ValidationFailed) as refused:
        await verify_audit_chain(db.uow(), actor=OWNER, backup_head="yesterday's")
    assert "head" in refused.value.errors
