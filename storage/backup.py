"""Backups, each printed with the seal of the audit chains' heads.

    .venv/bin/python -m storage.backup [folder]      (scripts/backup; default: HEARTH_DATA_DIR/backups)

SQLite: an online copy through SQLite's backup API (consistent while the app runs). PostgreSQL: `pg_dump -Fc`.
Beside each file, `<file>.head` records each chain's last position and one seal over the heads at that moment
(storage.audit.seal), and the same line is printed: keep these lines somewhere else (an email to yourself, a
ticket). If someone later rewrites every chain inside the database, Verify audit log still passes, but pasted
this line it finds that the chains no longer pass through the sealed heads.
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

from storage.audit import seal
from storage.config import DatabaseUrlError, check_database_url, data_folder, database_url
from storage.engine import make_engine


async def chain_heads(url: str) -> dict[int, tuple[int, str]]:
    engine = make_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT id, seq, head FROM audit_chain"))
            return {int(r.id): (int(r.seq), str(r.head)) for r in rows}
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
    heads = asyncio.run(chain_heads(url))
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
    positions = " ".join(f"{chain}:{seq}" for chain, (seq, _) in sorted(heads.items()))
    line = f"Audit chains at {stamp}: positions {positions}; seal {seal(heads)}"
    Path(f"{target}.head").write_text(line + "\n")
    return target, line


def main() -> None:
    os.umask(0o077)  # a backup holds every client's records: the owner's alone
    data_dir = data_folder()
    url = database_url(data_dir)
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
