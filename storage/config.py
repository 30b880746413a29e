"""Where the database lives: DATABASE_URL, checked before anything connects."""

import os
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


class DatabaseUrlError(ValueError):
    """DATABASE_URL cannot be used; the message says what to write instead."""


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def data_folder() -> Path:
    """HEARTH_DATA_DIR (default ./data): the SQLite file, the secret, sessions, backups."""
    return Path(os.environ.get("HEARTH_DATA_DIR", "data")).resolve()


def database_url(data_dir: Path) -> str:
    """DATABASE_URL, or the SQLite file in the data folder (unchecked: see check_database_url)."""
    return os.environ.get("DATABASE_URL") or sqlite_url(data_dir / "hearth.db")


def check_database_url(url: str) -> str:
    """Return the URL if Hearth can use it, else raise DatabaseUrlError with a one-line reason."""
    example = "use sqlite+aiosqlite:///path/to/hearth.db or postgresql+asyncpg://user:password@host:5432/dbname"
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseUrlError(f"DATABASE_URL is not a database URL ({url!r}): {example}") from None
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise DatabaseUrlError(f"DATABASE_URL driver {parsed.drivername!r} is not supported: {example}")
    if parsed.drivername.startswith("sqlite") and not parsed.database:
        raise DatabaseUrlError(f"DATABASE_URL names no SQLite file: {example}")
    if parsed.drivername.startswith("postgresql") and not (parsed.host and parsed.database):
        raise DatabaseUrlError(f"DATABASE_URL needs a host and a database name: {example}")
    return url
