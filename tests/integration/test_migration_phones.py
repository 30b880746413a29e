"""Migration 0009: phone numbers on file become E.164 in the region of the clinic's locale; those that cannot be
read are kept exactly as typed, do not fail the migration, and are listed for staff to check."""

from alembic import command
from sqlalchemy import text

from domain.clients.persons import search_people
from domain.clients.phone_check import phones_to_check
from storage.engine import Database
from storage.migrate import alembic_config, in_thread, upgrade_to_head
from tests.integration.helpers import OWNER

TYPED = {1: "0412 345 678", 2: "+44 20 7946 0958", 3: "((((", 4: "+12", 5: None}


async def _at_0008(url: str, database: Database, *, locale: str = "en-AU") -> None:
    in_thread(command.upgrade, alembic_config(url), "0008")
    async with database.engine.begin() as conn:
        await conn.execute(text("UPDATE clinic SET locale = :locale"), {"locale": locale})
        for person_id, phone in TYPED.items():
            await conn.execute(
                text(
                    "INSERT INTO persons (id, first_name, last_name, time_zone, status, is_test, search_text, phone, "
                    "created_at) VALUES (:id, 'Client', :last, 'UTC', 'active', false, :key, :phone, CURRENT_TIMESTAMP)"
                ),
                {
                    "id": person_id,
                    "last": f"No{person_id}",
                    "phone": phone,
                    "key": " ".join(x for x in ("client", f"no{person_id}", phone) if x),
                },
            )
            await conn.execute(
                text(
                    "INSERT INTO profiles (kind, name, person_id, created_at) "
                    "VALUES ('individual', :name, :id, CURRENT_TIMESTAMP)"
                ),
                {"id": person_id, "name": f"Client No{person_id}"},
            )
        await conn.execute(
            text(
                "INSERT INTO contacts (name, kind, organisation, email, phone) VALUES "
                "('Dr. Lee', 'GP', '', '', '(02) 9876 5432'), ('Dr. Who', 'GP', '', '', 'ask reception')"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO outbox_messages (created_at, to_address, subject, body, status, attempts, "
                "next_attempt_at, channel, cc) VALUES "
                "(CURRENT_TIMESTAMP, '0412 345 678', 'SMS', 'Hi', 'queued', 0, CURRENT_TIMESTAMP, 'sms', ''), "
                "(CURRENT_TIMESTAMP, '0412 345 678', 'SMS', 'Hi', 'sent', 1, CURRENT_TIMESTAMP, 'sms', '')"
            )
        )


async def _column(database: Database, query: str) -> list:
    async with database.engine.connect() as conn:
        return list((await conn.execute(text(query))).scalars())


async def test_migration_0009_stores_e164_keeps_what_it_cannot_read_and_lists_it(empty_url):
    database = Database(empty_url)
    try:
        await _at_0008(empty_url, database)
        in_thread(command.upgrade, alembic_config(empty_url), "0009")
        assert await _column(database, "SELECT phone FROM persons ORDER BY id") == [
            "+61412345678",
            "+442079460958",
            "((((",
            "+12",
            None,
        ]
        assert await _column(database, "SELECT phone FROM contacts ORDER BY id") == ["+61298765432", "ask reception"]
        assert await _column(database, "SELECT to_address FROM outbox_messages ORDER BY id") == [
            "+61412345678",  # still to be sent: the gateway gets E.164
            "0412 345 678",  # sent: history stays as it was
        ]
        assert await _column(database, "SELECT search_text FROM persons WHERE id = 1") == [
            "client no1 +61412345678 0412345678"
        ]
        upgrade_to_head(empty_url)
        listed = await phones_to_check(database.uow(), actor=OWNER)
        assert [(p.kind, p.name, p.phone) for p in listed] == [
            ("client", "Client No3", "(((("),
            ("client", "Client No4", "+12"),
            ("contact", "Dr. Who", "ask reception"),
        ]
        assert [p.link for p in listed] == ["/clients/3", "/clients/4", None]
        found = await search_people(database.uow(), actor=OWNER, text="+61 412")
        assert [p.name for p in found.people] == ["Client No1"]
    finally:
        await database.dispose()


async def test_migration_0009_reads_national_numbers_in_the_clinics_region(empty_url):
    database = Database(empty_url)
    try:
        await _at_0008(empty_url, database, locale="de-DE")
        async with database.engine.begin() as conn:
            await conn.execute(text("UPDATE persons SET phone = '030 1234567' WHERE id = 1"))
        in_thread(command.upgrade, alembic_config(empty_url), "0009")
        assert (await _column(database, "SELECT phone FROM persons ORDER BY id"))[:2] == [
            "+49301234567",
            "+442079460958",
        ]
    finally:
        await database.dispose()
