"""Every integration test runs twice: on SQLite and on a real PostgreSQL server."""

import logging

import pytest

from storage.config import sqlite_url
from storage.engine import Database
from storage.migrate import upgrade_to_head
from tests.support import create_pg_database, drop_pg_database, migrated_sqlite, pg_admin_url


@pytest.fixture(scope="session")
def pg_template():
    """One migrated PostgreSQL database, cloned for each test (much faster than migrating each time)."""
    pg_admin_url()
    url = create_pg_database()
    upgrade_to_head(url)
    yield url.rsplit("/", 1)[1]
    drop_pg_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path):
    """An empty database (no migrations), for the migration tests."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "empty.db")
        return
    url = create_pg_database()
    yield url
    drop_pg_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield migrated_sqlite(tmp_path / "hearth.db")
        return
    url = create_pg_database(template=request.getfixturevalue("pg_template"))
    yield url
    drop_pg_database(url)


@pytest.fixture
async def db(db_url):
    database = Database(db_url)
    yield database
    await database.dispose()


class _StorageWall(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record.getMessage())


@pytest.fixture(autouse=True)
def text_rule_everywhere(request):
    """Fails a test in which storage's last wall had to remove NUL or a surrogate: some text path skipped the
    domain's rule (domain/text.py). A test that writes past the domain on purpose is marked `storage_wall`."""
    wall = _StorageWall()
    logger = logging.getLogger("hearth.storage")
    logger.addHandler(wall)
    try:
        yield
    finally:
        logger.removeHandler(wall)
    if wall.seen and request.node.get_closest_marker("storage_wall") is None:
        pytest.fail(f"a text path skipped the rule: {wall.seen[0]}")
