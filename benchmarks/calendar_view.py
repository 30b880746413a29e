"""Calendar week view with 500 events, in Chromium: time from navigation to interactive.

    .venv/bin/python -m benchmarks.calendar_view [events] [runs]

Starts the app (demo data), adds `events` appointments to the current week (two more practitioners), then measures in
Chromium from page.goto('/calendar') until every event is drawn and the page's websocket is
connected (it can take a booking). Target: at most 1 s.
"""

import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import sync_playwright
from sqlalchemy import insert

from domain.demo import DEMO_TZ
from storage.accounts import StaffUserRow
from storage.config import sqlite_url
from storage.engine import Database
from storage.migrate import in_thread
from storage.scheduling import AppointmentRow
from tests.e2e.helpers import sign_in
from tests.e2e.server import CHROMIUM_ARGS, AppServer, chromium


async def add_events(path, count: int) -> None:
    """Two more practitioners, whose columns this week fill with 15-minute blocks."""
    db = Database(sqlite_url(path))
    tz = ZoneInfo(DEMO_TZ)
    today = datetime.now(tz).date()
    monday = today - timedelta(days=today.weekday())
    now = datetime.now(UTC)
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(StaffUserRow),
            [
                dict(
                    id=i,
                    email=f"bench{i}@example.com",
                    name=f"Bench {i}",
                    role="practitioner",
                    password_hash="x",
                    active=True,
                    bookable=True,
                    time_zone=DEMO_TZ,
                    created_at=now,
                )
                for i in (90, 91)
            ],
        )
    rows, n = [], 0
    for practitioner in (90, 91):
        for day in range(7):
            for slot in range(0, 14 * 4):  # 06:00–20:00 in 15-minute slots, beside the demo's own
                if n >= count:
                    break
                start = datetime.combine(monday + timedelta(days=day), datetime.min.time(), tz) + timedelta(
                    hours=6, minutes=15 * slot
                )
                rows.append(
                    dict(
                        practitioner_id=practitioner,
                        kind="admin",
                        title=f"Block {n}",
                        starts_at=start,
                        ends_at=start + timedelta(minutes=15),
                        status="booked",
                        notes="",
                        outside_hours=True,
                        version=1,
                        created_at=now,
                        updated_at=now,
                    )
                )
                n += 1
    async with db.engine.begin() as conn:
        await conn.execute(insert(AppointmentRow), rows)
    await db.dispose()


def main(count: int, runs: int) -> None:
    with sync_playwright() as pw, AppServer() as server:
        in_thread(asyncio.run, add_events(server.data_dir / "hearth.db", count))
        browser = pw.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page = browser.new_context(base_url=server.url, viewport={"width": 1600, "height": 1000}).new_page()
        sign_in(page, path="/people")
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            page.goto("/calendar")
            page.wait_for_function("() => window.hearthCalendar && window.socket && window.socket.connected")
            page.wait_for_function(f"() => document.querySelectorAll('.ec-event').length >= {count}", timeout=20000)
            times.append(time.perf_counter() - start)
            timing = page.evaluate(
                "JSON.stringify(performance.getEntriesByType('navigation').map(n => "
                "[n.responseStart, n.domContentLoadedEventEnd, n.loadEventEnd].map(Math.round)))"
            )
            print("  response, DOM ready, load (ms):", timing)
        drawn = page.evaluate("document.querySelectorAll('.ec-event').length")
        browser.close()
    print(f"Calendar week view, {count} events ({drawn} drawn), {runs} loads in Chromium:")
    print(
        f"  navigation to interactive with every event drawn: median {statistics.median(times) * 1000:.0f} ms, "
        f"worst {max(times) * 1000:.0f} ms (target <= 1000 ms)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500, int(sys.argv[2]) if len(sys.argv) > 2 else 5)
