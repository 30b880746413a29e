"""Backups, each printed with the audit chain's head.

    .venv/bin/python -m storage.backup [folder]      (scripts/backup; default: HEARTH_DATA_DIR/backups)

SQLite: an online copy through SQLite's backup API (consistent while the app runs). PostgreSQL: `pg_dump -Fc`.
Beside each file, `<file>.head` records the audit chain's head (position and hash) at that moment, and the
same line is printed: keep these lines somewhere else (an email to yourself, a ticket). If someone later
rewrites the whole chain inside the database, Verify audit log still passes, but the entry at an old head's
position no longer has the hash printed then.
"""

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.config import DatabaseUrlError, check_database_url
from storage.engine import make_engine


async def chain_head(url: str) -> tuple[int, str]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            row = (await conn.execute(text("SELECT seq, head FROM audit_chain WHERE id = 1"))).one()
            return int(row.seq), str(row.head)
    finally:
        await engine.dispose()


def _pg_dump() -> str:
    found = shutil.which("pg_dump") or max(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"), default=None)
    if not found:
        raise SystemExit("hearth: pg_dump is not installed (Debian: apt-get install postgresql-client)")
    return str(found)


def backup(url: str, folder: Path, *, now: datetime | None = None) -> tuple[Path, str]:
    """Writes the backup and its .head file; returns (file, the printed line)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    seq, head = asyncio.run(chain_head(url))
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        target = folder / f"hearth-{stamp}.db"
        source, copy = sqlite3.connect(str(parsed.database)), sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        target = folder / f"hearth-{stamp}.dump"
        plain = parsed.set(drivername="postgresql")
        subprocess.run(
            [_pg_dump(), "-Fc", "-f", str(target), "--dbname", plain.render_as_string(hide_password=False)], check=True
        )
    line = f"Audit chain head at {stamp}: position {seq}, hash {head}"
    Path(f"{target}.head").write_text(line + "\n")
    return target, line


def main() -> None:
    os.umask(0o077)  # a backup holds every client's records: the owner's alone
    data_dir = Path(os.environ.get("HEARTH_DATA_DIR", "data")).resolve()
    url = os.environ.get("DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'hearth.db'}"
    try:
        url = check_database_url(url)
    except DatabaseUrlError as exc:
        raise SystemExit(f"hearth: {exc}") from None
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else data_dir / "backups"
    target, line = backup(url, folder)
    print(f"Backup written to {target}")
    print(line)


if __name__ == "__main__":
    main()
