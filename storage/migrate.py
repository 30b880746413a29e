"""Runs Alembic migrations from code, before the web server starts.

Alembic's async env calls asyncio.run(), which cannot nest inside a running loop (NiceGUI's,
or pytest's), so the upgrade runs in a short-lived thread of its own.
"""

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["database_url"] = url
    return config


def in_thread(fn, *args):
    """Runs fn(*args) in a short-lived thread (which has no event loop) and returns its result."""
    errors: list[BaseException] = []
    results: list = []

    def target():
        try:
            results.append(fn(*args))
        except BaseException as exc:  # re-raised in the caller's thread
            errors.append(exc)

    thread = threading.Thread(target=target, name="hearth-migrate")
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return results[0]


def upgrade_to_head(url: str) -> None:
    in_thread(command.upgrade, alembic_config(url), "head")


def downgrade_to_base(url: str) -> None:
    in_thread(command.downgrade, alembic_config(url), "base")
