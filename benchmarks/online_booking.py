"""The Bookings Page's free times: one day, every practitioner ("Any practitioner"), among 100,000 appointments.

    .venv/bin/python -m benchmarks.online_booking [appointments]

The data is benchmarks.scheduling's (20 practitioners working around the clock, eight 45-minute appointments a
day each); one 60-minute service is offered online by all 20. Timed: the server's work for one day's list,
`day_times` (the offered services, the booking window, working hours, closed days, the day's bookings and
requests of all 20 diaries, the free-slot search and the "first free in alphabetical order" pick), beside a plain
SQL query that reads the same day's appointments of the same 20 practitioners, measured in turns in the same run.
Target: ≤ 100 ms. Set HEARTH_TEST_PG_URL to run on PostgreSQL too. Printed figures, never a pass/fail test.
"""

import random
import statistics
import sys
import time
from datetime import timedelta

from sqlalchemy import insert, text, update

from benchmarks.databases import on_each_database
from benchmarks.scheduling import EPOCH, PRACTITIONERS, load, p95
from domain.scheduling.online.slots import day_times
from storage.engine import Database
from storage.migrate import upgrade_to_head
from storage.online_booking import OnlineBookingRow, OnlineOfferRow
from storage.scheduling import ServiceRow

TARGET_MS = 100.0
SEARCHES = 200


async def offer_online(db: Database) -> int:
    async with db.engine.begin() as conn:
        service_id = (
            await conn.execute(
                insert(ServiceRow)
                .values(name="Consultation", duration_minutes=60, price_cents=10000, colour="#2f6f5e", active=True,
                        created_at=EPOCH)
                .returning(ServiceRow.id)
            )
        ).scalar_one()  # fmt: skip
        await conn.execute(
            insert(OnlineOfferRow),
            [dict(service_id=service_id, practitioner_id=p) for p in range(1, PRACTITIONERS + 1)],
        )
        await conn.execute(update(OnlineBookingRow).values(min_notice_minutes=0, max_advance_days=730))
    return service_id


async def run(url: str, label: str, appointments: int) -> None:
    upgrade_to_head(url)
    db = Database(url)
    try:
        await load(db, appointments)
        service_id = await offer_online(db)
        days = appointments // PRACTITIONERS // 8
        rng = random.Random(5)
        picks = [(EPOCH + timedelta(days=rng.randrange(days))).date() for _ in range(SEARCHES)]
        now = EPOCH - timedelta(days=1)
        sql = text(
            "SELECT practitioner_id, starts_at, ends_at FROM appointments WHERE practitioner_id IN "
            f"({', '.join(str(p) for p in range(1, PRACTITIONERS + 1))}) AND status <> 'cancelled' "
            "AND starts_at < :end AND ends_at > :start"
        )

        async def ours(day):
            uow = db.uow(read_only=True)
            return await day_times(uow, service_id=service_id, practitioner_id=None, day=day, now=now)

        async def plain(day):
            start = EPOCH.replace(year=day.year, month=day.month, day=day.day)
            async with db.engine.connect() as conn:
                return (await conn.execute(sql, {"start": start, "end": start + timedelta(days=1)})).all()

        found = await ours(picks[0])
        assert found, "the benchmark's day has no free time: the data is not what it should be"
        timings: dict[str, list[float]] = {"ours": [], "plain": []}
        for day in picks[:10]:  # warm up
            await ours(day)
            await plain(day)
        for day in picks:  # in turns, so both see the same machine
            for name, fn in (("ours", ours), ("plain", plain)):
                t = time.perf_counter()
                await fn(day)
                timings[name].append((time.perf_counter() - t) * 1000)
        mine, ref = timings["ours"], timings["plain"]
        print(
            f"{label}: a day's free times for all {PRACTITIONERS} practitioners among {appointments:,} appointments "
            f"({SEARCHES} days; {len(found)} free times on the first)"
        )
        print(f"  day_times (Any practitioner): median {statistics.median(mine):.1f} ms, p95 {p95(mine):.1f} ms")
        print(f"  plain SQL, the day's rows:    median {statistics.median(ref):.2f} ms, p95 {p95(ref):.2f} ms")
        print(
            f"  ratio: median {statistics.median(mine) / statistics.median(ref):.1f}x; "
            f"target p95 <= {TARGET_MS:.0f} ms: {'met' if p95(mine) <= TARGET_MS else 'NOT met'}"
        )
    finally:
        await db.dispose()


def main(appointments: int) -> None:
    on_each_database(lambda url, label: run(url, label, appointments))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
