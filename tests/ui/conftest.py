"""Page tests with NiceGUI's simulated user: the real app (ui/main.py) on a fresh SQLite database."""
from pathlib import Path

import pytest
from storage.changes import changes

MAIN = str(Path(__file__).resolve().parents[2] / "ui" / "main.py")


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.nicegui_main_file(MAIN))


@pytest.fixture(autouse=True)
def app_env(monkeypatch, tmp_path):
    monkeypatch.setenv("HEARTH_DATA_DIR", str(tmp_path / "data"))
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
def empty_clinic(monkeypatch):
    """Request before `user`: starts the app without demo data."""
    monkeypatch.setenv("HEARTH_DEMO", "0")
