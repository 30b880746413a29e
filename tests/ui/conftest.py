"""Page tests with NiceGUI's simulated user: the real app (ui/main.py) on a fresh SQLite database."""
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User

from domain.demo import DEMO_LOGIN

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


@pytest.fixture
def empty_clinic(monkeypatch):
    """Request before `user`: starts the app without demo data."""
    monkeypatch.setenv("HEARTH_DEMO", "0")


PATIENCE = 50  # retries of 0.1 s: signing in hashes a password and opens a new page


async def sign_in(user: User, email: str = DEMO_LOGIN[0], password: str = DEMO_LOGIN[1], path: str = "/people",
                  *, expect_success: bool = True):
    await user.open(f"/login?next={path}")
    user.find(marker="email").type(email)
    user.find(marker="password").type(password)
    user.find(ui.button).click()
    if expect_success:
        await user.should_see(marker="clinic-name", retries=PATIENCE)  # the staff shell is up


def rows_of(user: User) -> list[dict]:
    [table] = user.find(ui.table).elements
    return table.rows
