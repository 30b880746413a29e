"""Helpers shared by the test suites: databases on both backends, actors, an SMTP server."""

import asyncio
import os
import shutil
import tempfile
import uuid
from datetime import UTC, date, time
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from domain.actor import Actor
from storage.config import sqlite_url
from storage.migrate import in_thread, upgrade_to_head
from tests.e2e.server import free_port

PG_ENV = "HEARTH_TEST_PG_URL"


def run_sync(coro):
    """Runs a coroutine to completion from sync code, even when a loop is running in this thread."""
    return in_thread(asyncio.run, coro)


def pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get("HEARTH_REQUIRE_PG") == "1":
            pytest.fail(f"{PG_ENV} is not set but HEARTH_REQUIRE_PG=1: PostgreSQL tests cannot be skipped")
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (scripts/test sets it)")
    return url


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def _pg_execute(url: str, *statements: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_dsn(url))
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


def create_pg_database(template: str | None = None) -> str:
    """A new, empty (or cloned) PostgreSQL database; returns its SQLAlchemy URL."""
    admin = pg_admin_url()
    name = f"hearth_test_{uuid.uuid4().hex[:12]}"
    run_sync(_pg_execute(admin, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    return make_url(admin).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    name = make_url(url).database
    run_sync(_pg_execute(pg_admin_url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


_SQLITE_TEMPLATE: list[Path] = []


def migrated_sqlite(path: Path) -> str:
    """A SQLite database at head: a copy of one migrated once per test run (migrating takes about a second)."""
    if not _SQLITE_TEMPLATE:
        template = Path(tempfile.mkdtemp(prefix="hearth-sqlite-template-")) / "template.db"
        upgrade_to_head(sqlite_url(template))  # the engine is disposed after: the WAL is folded into the file
        _SQLITE_TEMPLATE.append(template)
    shutil.copyfile(_SQLITE_TEMPLATE[0], path)
    return sqlite_url(path)


def staff_actor(user_id: int = 1, role: str = "owner", label: str = "Olivia Owner", ip: str = "203.0.113.7") -> Actor:
    return Actor(user_id=user_id, label=label, role=role, ip=ip)


class SmtpRecorder:
    """A real SMTP server (aiosmtpd) on a free loopback port that keeps what it receives."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def __enter__(self) -> "SmtpRecorder":
        from aiosmtpd.controller import Controller

        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.url = f"smtp://127.0.0.1:{self.port}"
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


class SmsGatewayRecorder:
    """A local stand-in for an HTTP SMS gateway: keeps every JSON POST; answers `status` (200 by default)."""

    def __init__(self, status: int = 200) -> None:
        self.received: list[dict] = []
        self.status = status

    def __enter__(self) -> "SmsGatewayRecorder":
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                recorder.received.append(
                    json.loads(self.rfile.read(length)) | {"authorization": self.headers.get("Authorization")}
                )
                self.send_response(recorder.status)
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def next_clock_change(zone: str, *, back: bool, after: date | None = None) -> tuple[date, time]:
    """The next night (after `after`, by default a week from today) when the clocks of `zone` go back (an hour
    happens twice) or forward (an hour does not exist), and the wall-clock hour that repeats or is skipped:
    tests on those nights never go stale."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(zone)
    day = after or date.today() + timedelta(days=7)
    for _ in range(800):
        for hour in range(24):
            wall = datetime.combine(day, time(hour, 30))
            first, second = wall.replace(tzinfo=tz, fold=0), wall.replace(tzinfo=tz, fold=1)
            exists = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall
            if back and exists and first.utcoffset() != second.utcoffset():
                return day, time(hour)
            if not back and not exists:
                return day, time(hour)
        day += timedelta(days=1)
    raise LookupError(f"{zone} has no clock change in the next two years")


def spaces(text: str) -> str:
    """Babel's typography with plain spaces, for readable expectations: '10:00\u2009–\u200911:00\u202fam' is written
    '10:00 – 11:00 am' in a test (narrow, thin and no-break spaces are what a reader sees as spaces)."""
    return text.replace("\u202f", " ").replace("\u2009", " ").replace("\u00a0", " ")


def twenty_four_hour_clinic() -> None:
    """The clinic's formats become en-GB's (24-hour times) for this test: for tests about daylight-saving nights,
    whose labels read best as 02:30; the conftest restores the default clinic afterwards."""
    from domain.formats import Formats, set_clinic

    set_clinic(Formats("en-GB", "GBP"))
