"""Staff type a name in plain letters and find the client written in any script, on SQLite and PostgreSQL alike:
in People, in People > Shared, and in the calendar's client picker."""

import importlib.util

from alembic import command
from sqlalchemy import insert, select, text

from domain.clients.persons import search_people
from domain.clients.register import update_client
from domain.households.members import add_member
from domain.households.search import SharedFilter, find_shared_for_booking, list_shared
from domain.households.shared_profiles import create_shared_profile
from domain.search import search_key
from storage.clients import PersonRow, ProfileRow
from storage.engine import Database
from storage.migrate import MIGRATIONS, alembic_config, in_thread, upgrade_to_head
from tests.integration.helpers import OWNER, add, mary

PEOPLE = [
    ("Łukasz", "Nowak"),
    ("Đorđe", "Petrović"),
    ("Zoë", "Ødegård"),
    ("Mette", "Søndergaard"),
    ("Heinz", "Straße"),
    ("Ольга", "Петрова"),
    ("Αλέξανδρος", "Παπαδόπουλος"),
    ("太郎", "山田"),
]
TYPED = {  # what staff type: whom they find
    "lukasz": ["Łukasz Nowak"],
    "dorde": ["Đorđe Petrović"],
    "zoe": ["Zoë Ødegård"],
    "sondergaard": ["Mette Søndergaard"],
    "strasse": ["Heinz Straße"],
    "STRASSE": ["Heinz Straße"],
    "straße": ["Heinz Straße"],
    "olga": ["Ольга Петрова"],
    "Ольга": ["Ольга Петрова"],
    "olga petr": ["Ольга Петрова"],
    "alexandros": ["Αλέξανδρος Παπαδόπουλος"],
    "山田": ["太郎 山田"],
    "ZOË ødegård": ["Zoë Ødegård"],
}


async def add_people(db) -> dict[str, int]:
    ids = {}
    for n, (first, last) in enumerate(PEOPLE):
        ids[f"{first} {last}"] = await add(
            db, mary(first_name=first, last_name=last, email="", phone=f"0400 000 00{n}", tags=[])
        )
    return ids


async def test_names_in_every_script_are_found_by_what_staff_type(db):
    await add_people(db)
    found = {
        typed: [p.name for p in (await search_people(db.uow(), actor=OWNER, text=typed)).people] for typed in TYPED
    }
    assert found == TYPED


async def test_shared_profiles_are_found_by_a_members_name_in_any_script(db):
    ids = await add_people(db)
    for n, person_id in enumerate(ids.values()):
        profile = await create_shared_profile(db.uow(), actor=OWNER, name=f"Household {n + 1}")
        await add_member(db.uow(), actor=OWNER, profile_id=profile, person_id=person_id)
    household = {f"{first} {last}": f"Household {n + 1}" for n, (first, last) in enumerate(PEOPLE)}
    expected = {typed: [household[name] for name in names] for typed, names in TYPED.items()}

    async def names(filters: SharedFilter) -> list[str]:
        return [s.name for s in await list_shared(db.uow(), actor=OWNER, time_zone="UTC", filters=filters)]

    assert {typed: await names(SharedFilter(text=typed)) for typed in TYPED} == expected
    assert {typed: await names(SharedFilter(member_name=typed)) for typed in TYPED} == expected
    booking = {
        typed: [s.name for s in await find_shared_for_booking(db.uow(), actor=OWNER, text=typed)] for typed in TYPED
    }
    assert booking == expected


async def test_a_renamed_client_is_found_by_the_new_name_only(db):
    person_id = await add(db, mary(first_name="Zoë", last_name="Ødegård", email="", tags=[]))
    profile = await create_shared_profile(db.uow(), actor=OWNER, name="Household")
    await add_member(db.uow(), actor=OWNER, profile_id=profile, person_id=person_id)
    await update_client(
        db.uow(), actor=OWNER, person_id=person_id, data=mary(first_name="Łukasz", last_name="Nowak", email="", tags=[])
    )
    assert [p.name for p in (await search_people(db.uow(), actor=OWNER, text="lukasz")).people] == ["Łukasz Nowak"]
    assert (await search_people(db.uow(), actor=OWNER, text="zoe")).total == 0
    assert [s.name for s in await find_shared_for_booking(db.uow(), actor=OWNER, text="nowak")] == ["Household"]
    assert await find_shared_for_booking(db.uow(), actor=OWNER, text="odegard") == []


async def test_the_search_column_has_a_trigram_index_on_postgresql(db):
    """PostgreSQL: a pg_trgm GIN index, which the search's LIKE '%word%' uses (seq scans off: with a few rows a
    scan is cheaper). SQLite: a plain index (its LIKE ignores case, so no index serves it; kept as the model says)."""
    await add_people(db)
    async with db.engine.connect() as conn:
        if db.dialect == "sqlite":
            indexes = (await conn.execute(text("SELECT name FROM sqlite_master WHERE tbl_name = 'persons'"))).scalars()
            assert "ix_persons_search_text" in set(indexes)
            return
        definition = (
            await conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_persons_search_text'"))
        ).scalar_one()
        assert "USING gin (search_text gin_trgm_ops)" in definition
        await conn.execute(text("SET enable_seqscan = off"))
        query = select(PersonRow.id).where(PersonRow.search_text.contains("lukasz", autoescape=True))
        compiled = query.compile(conn.sync_connection, compile_kwargs={"literal_binds": True})
        plan = "\n".join((await conn.execute(text(f"EXPLAIN {compiled}"))).scalars())
        assert "ix_persons_search_text" in plan


def migration_0010():
    spec = importlib.util.spec_from_file_location("m0010", MIGRATIONS / "versions" / "0010_search_fold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def test_migration_0010_refolds_every_stored_client_and_its_downgrade_restores_the_old_keys(empty_url):
    """A database of before the fold: keys as the old NFKD fold made them ("łukasz", "ольга"). More clients than one
    batch of the migration. After it every key is what the search folds to now, and "lukasz" finds Łukasz."""
    old = migration_0010().old_search_key
    in_thread(command.upgrade, alembic_config(empty_url), "0009")
    names = PEOPLE + [(f"Client{n}", "Filler") for n in range(1100)]
    database = Database(empty_url)
    try:
        async with database.engine.begin() as conn:
            await conn.execute(
                insert(PersonRow),
                [
                    dict(
                        id=n,
                        first_name=first,
                        last_name=last,
                        email=f"c{n}@example.com",
                        time_zone="UTC",
                        search_text=old(first, last, f"c{n}@example.com"),
                    )
                    for n, (first, last) in enumerate(names, start=1)
                ],
            )
            await conn.execute(
                insert(ProfileRow),
                [dict(kind="individual", name=f"{f} {la}", person_id=n) for n, (f, la) in enumerate(names, start=1)],
            )
            assert (await conn.execute(text("SELECT search_text FROM persons WHERE id = 1"))).scalar_one() == (
                "łukasz nowak c1@example.com"
            )

        async def keys() -> dict[int, str]:
            async with database.engine.connect() as conn:
                return dict((await conn.execute(select(PersonRow.id, PersonRow.search_text))).all())

        upgrade_to_head(empty_url)
        now = {n: search_key(first, last, f"c{n}@example.com") for n, (first, last) in enumerate(names, start=1)}
        assert await keys() == now
        assert now[6] == "olga petrova c6@example.com" and now[8] == "tailang shantian c8@example.com"
        found = await search_people(database.uow(), actor=OWNER, text="lukasz")
        assert [p.name for p in found.people] == ["Łukasz Nowak"]

        in_thread(command.downgrade, alembic_config(empty_url), "0009")
        assert await keys() == {n: old(first, last, f"c{n}@example.com") for n, (first, last) in enumerate(names, 1)}
        if database.dialect == "postgresql":
            async with database.engine.connect() as conn:
                definition = (
                    await conn.execute(
                        text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_persons_search_text'")
                    )
                ).scalar_one()
            assert "USING btree (search_text)" in definition
        upgrade_to_head(empty_url)
        assert await keys() == now
    finally:
        await database.dispose()
