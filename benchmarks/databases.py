"""Runs a benchmark on a fresh SQLite file, then (with HEARTH_TEST_PG_URL) on a fresh PostgreSQL database."""

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from storage.config import sqlite_url
from tests.support import create_pg_database, drop_pg_database


def on_each_database(run: Callable[[str, str], Awaitable[None]]) -> None:
    """`run(url, label)` once per database, each on an empty one it may fill."""
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(sqlite_url(Path(folder) / "bench.db"), "SQLite"))
    if os.environ.get("HEARTH_TEST_PG_URL"):
        url = create_pg_database()
        try:
            asyncio.run(run(url, "PostgreSQL"))
        finally:
            drop_pg_database(url)
