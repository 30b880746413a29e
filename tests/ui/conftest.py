"""Page tests with NiceGUI's simulated user: the real app (ui/main.py) on a SQLite database of its own.

Each test starts from a copy of one database migrated and filled with the demo once per run (migrating and
seeding take a second or two); the app's own start-up still runs and finds it up to date.
"""

import shutil
from pathlib import Path

import pytest

from domain.demo import seed_demo
from storage.changes import changes
from storage.engine import Database
from tests.support import migrated_sqlite, run_sync

MAIN = str(Path(__file__).resolve().parents[2] / "ui" / "main.py")


def pytest_collection_modifyitems(items):
    """Every page test runs the real app, unless it draws small pages of its own (nicegui_main_file(None))."""
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent and not item.get_closest_marker("nicegui_main_file"):
            item.add_marker(pytest.mark.nicegui_main_file(MAIN))


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "hearth.db"

    async def seed() -> None:
        database = Database(migrated_sqlite(path))
        try:
            await seed_demo(database.uow())
        finally:
            await database.dispose()

    run_sync(seed())
    return path


@pytest.fixture(autouse=True)
def app_env(monkeypatch, tmp_path, demo_database):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copyfile(demo_database, data / "hearth.db")
    monkeypatch.setenv("HEARTH_DATA_DIR", str(data))
    monkeypatch.setenv("HEARTH_DEMO", "1")
    for name in ("DATABASE_URL", "SMTP_URL", "HEARTH_PORT"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def no_listeners_left():
    """NiceGUI's simulated user forgets its pages without closing them, so their live subscriptions would
    hear the next test's changes (on another database)."""
    yield
    changes.clear()


@pytest.fixture
def empty_clinic(monkeypatch, tmp_path):
    """Request before `user`: starts the app without demo data."""
    (tmp_path / "data" / "hearth.db").unlink()
    monkeypatch.setenv("HEARTH_DEMO", "0")
