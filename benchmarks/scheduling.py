"""Scheduling benchmarks: free-slot search among 100,000 appointments, and 50 concurrent bookers.

    .venv/bin/python -m benchmarks.scheduling [appointments] [bookers]

1. Free slots for one practitioner-week (find_free_slots: working hours, closed days, bookings), beside a
   hand-written SQL query on the same data that lists the gaps between that week's bookings (target ≤ 3x).
2. 50 bookers booking at once, each trying 10 overlapping times: throughput, p95 latency per booking
   (target ≤ 50 ms) and the number of double bookings found afterwards (target 0).
Set HEARTH_TEST_PG_URL to run both on PostgreSQL too.
"""

import asyncio
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, text

from benchmarks.databases import on_each_database
from domain.scheduling.booking import Booking, book_appointment
from domain.scheduling.calendar import find_free_slots
from domain.scheduling.clashes import Clash
from storage.accounts import StaffUserRow, WorkingHoursRow
from storage.engine import Database
from storage.migrate import upgrade_to_head
from storage.scheduling import AppointmentRow
from tests.support import staff_actor

ACTOR = staff_actor()
PRACTITIONERS = 20
EPOCH = datetime(2031, 1, 6, tzinfo=UTC)  # a Monday
p95 = lambda xs: statistics.quantiles(xs, n=20)[18]


async def load(db: Database, appointments: int) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(StaffUserRow),
            [
                dict(
                    id=i,
                    email=f"p{i}@example.com",
                    name=f"Practitioner {i}",
                    role="practitioner",
                    password_hash="x",
                    active=True,
                    bookable=True,
                    time_zone="UTC",
                    created_at=EPOCH,
                )
                for i in range(1, PRACTITIONERS + 1)
            ],
        )
        await conn.execute(
            insert(WorkingHoursRow),
            [
                dict(staff_user_id=i, weekday=d, start_minute=0, end_minute=1440)
                for i in range(1, PRACTITIONERS + 1)
                for d in range(7)
            ],
        )
        per = appointments // PRACTITIONERS
        rows = []
        for p in range(1, PRACTITIONERS + 1):
            for n in range(per):  # eight 45-minute appointments a day, every day, back to back with gaps
                day, slot = divmod(n, 8)
                start = EPOCH + timedelta(days=day, hours=8 + slot)
                rows.append(
                    dict(
                        practitioner_id=p,
                        kind="admin",
                        title="",
                        starts_at=start,
                        ends_at=start + timedelta(minutes=45),
                        status="booked",
                        notes="",
                        outside_hours=False,
                        version=1,
                        created_at=EPOCH,
                        updated_at=EPOCH,
                    )
                )
        for i in range(0, len(rows), 5000):
            await conn.execute(insert(AppointmentRow), rows[i : i + 5000])
        if db.dialect == "postgresql":
            await conn.execute(text("ANALYZE"))


async def free_slot_search(db: Database, label: str, appointments: int) -> None:
    weeks = [EPOCH + timedelta(weeks=w) for w in range(0, appointments // PRACTITIONERS // 8 // 7)]
    random.seed(3)
    picks = [(random.randint(1, PRACTITIONERS), random.choice(weeks)) for _ in range(200)]

    async def ours(p, start):
        return await find_free_slots(
            db.uow(read_only=True),
            practitioner_id=p,
            start=start,
            end=start + timedelta(days=7),
            duration=timedelta(minutes=60),
        )

    sql = text(
        "SELECT ends_at, LEAD(starts_at) OVER (ORDER BY starts_at) AS next_start FROM appointments "
        "WHERE practitioner_id = :p AND status <> 'cancelled' AND starts_at < :end AND ends_at > :start"
    )

    async def plain(p, start):
        async with db.engine.connect() as conn:
            return (await conn.execute(sql, {"p": p, "start": start, "end": start + timedelta(days=7)})).all()

    for fn in (ours, plain):  # warm up
        for p, start in picks[:10]:
            await fn(p, start)
    timings = {}
    for name, fn in (("ours", ours), ("plain", plain)):
        times = []
        for p, start in picks:
            t = time.perf_counter()
            await fn(p, start)
            times.append((time.perf_counter() - t) * 1000)
        timings[name] = times
    mine, ref = timings["ours"], timings["plain"]
    print(f"{label}: free slots, one practitioner-week among {appointments:,} appointments ({len(picks)} searches)")
    print(f"  find_free_slots:           median {statistics.median(mine):.2f} ms, p95 {p95(mine):.2f} ms")
    print(f"  hand-written gap SQL:      median {statistics.median(ref):.2f} ms, p95 {p95(ref):.2f} ms")
    print(f"  ratio: median {statistics.median(mine) / statistics.median(ref):.2f}x (target <= 3x)")


async def concurrent_bookers(db: Database, label: str, bookers: int, tries: int = 10) -> None:
    base = EPOCH + timedelta(weeks=520)  # an empty stretch, ten years on
    latencies: list[float] = []
    outcome = {"booked": 0, "clash": 0}

    async def booker(n: int) -> None:
        rng = random.Random(n)
        for _ in range(tries):
            start = base + timedelta(minutes=15 * rng.randrange(0, 400))
            t = time.perf_counter()
            try:
                await book_appointment(
                    db.uow(),
                    actor=ACTOR,
                    booking=Booking(
                        practitioner_id=1 + n % 5,
                        start=start,
                        end=start + timedelta(minutes=45),
                        kind="admin",
                        title="bench",
                    ),
                    now=EPOCH,
                )
                outcome["booked"] += 1
            except Clash:
                outcome["clash"] += 1
            latencies.append((time.perf_counter() - t) * 1000)

    t0 = time.perf_counter()
    await asyncio.gather(*(booker(n) for n in range(bookers)))
    elapsed = time.perf_counter() - t0
    async with db.engine.connect() as conn:
        doubles = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM appointments a JOIN appointments b ON a.practitioner_id = b.practitioner_id "
                    "AND a.id < b.id AND a.status <> 'cancelled' AND b.status <> 'cancelled' "
                    "AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at WHERE a.starts_at >= :base"
                ),
                {"base": base},
            )
        ).scalar_one()
    print(
        f"{label}: {bookers} concurrent bookers x {tries} tries ({outcome['booked']} booked, "
        f"{outcome['clash']} refused as clashes)"
    )
    print(
        f"  throughput {len(latencies) / elapsed:.0f} attempts/s; latency median {statistics.median(latencies):.1f} ms,"
        f" p95 {p95(latencies):.1f} ms (target <= 50 ms); double bookings: {doubles} (target 0)"
    )


async def single_booker(db: Database, label: str, count: int = 100) -> None:
    """The cost of one booking with nobody else waiting: what the queue in front of a booker is made of."""
    base = EPOCH + timedelta(weeks=600)
    latencies = []
    for n in range(count):
        start = base + timedelta(hours=n)
        t = time.perf_counter()
        await book_appointment(
            db.uow(),
            actor=ACTOR,
            booking=Booking(
                practitioner_id=1, start=start, end=start + timedelta(minutes=45), kind="admin", title="bench"
            ),
            now=EPOCH,
        )
        latencies.append((time.perf_counter() - t) * 1000)
    print(
        f"{label}: one booker alone: median {statistics.median(latencies):.1f} ms, p95 {p95(latencies):.1f} ms "
        f"per booking"
    )


async def run(url: str, label: str, appointments: int, bookers: int) -> None:
    upgrade_to_head(url)
    db = Database(url, pool_size=10, max_overflow=20) if not url.startswith("sqlite") else Database(url)
    try:
        await load(db, appointments)
        await free_slot_search(db, label, appointments)
        await single_booker(db, label)
        await concurrent_bookers(db, label, bookers)
    finally:
        await db.dispose()


def main(appointments: int, bookers: int) -> None:
    on_each_database(lambda url, label: run(url, label, appointments, bookers))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, int(sys.argv[2]) if len(sys.argv) > 2 else 50)
