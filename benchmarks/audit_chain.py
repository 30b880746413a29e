"""What the audit log's hash chain costs 50 concurrent bookers.

    .venv/bin/python -m benchmarks.audit_chain [bookers] [bookings_each]

Every booking writes an audit entry, and every audit entry is chained at commit under the lock of one of the
eight head rows (storage/audit.py: chain_entries). Each booker books in a diary of its own, so the
practitioners' locks never meet and the heads are the only thing they share: the worst case for the chains.
The reference, measured in the same run on the same database, is the same bookings with entries added
unchained (no heads, no locks). Rounds alternate (reference, chained, reference, chained) so neither side gets
the warm cache. Figures, not pass/fail.
Set HEARTH_TEST_PG_URL to run on PostgreSQL too (SQLite serialises writers anyway: the head adds no queue there).
"""

import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

import storage.uow
from benchmarks.databases import on_each_database
from domain.scheduling.booking import Booking, book_appointment
from storage.accounts import StaffUserRow, WorkingHoursRow
from storage.audit import chain_entries
from storage.engine import Database
from storage.migrate import upgrade_to_head
from tests.support import staff_actor

ACTOR = staff_actor()
EPOCH = datetime(2031, 1, 6, tzinfo=UTC)
p95 = lambda xs: statistics.quantiles(xs, n=20)[18]


async def unchained(session, entries) -> None:
    session.add_all(entries)


async def load(db: Database, bookers: int) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(
            insert(StaffUserRow),
            [
                dict(id=i, email=f"p{i}@example.com", name=f"Practitioner {i}", role="practitioner",
                     password_hash="x", active=True, bookable=True, time_zone="UTC", created_at=EPOCH)
                for i in range(1, bookers + 1)
            ],
        )  # fmt: skip
        await conn.execute(
            insert(WorkingHoursRow),
            [
                dict(staff_user_id=i, weekday=d, start_minute=0, end_minute=1440)
                for i in range(1, bookers + 1)
                for d in range(7)
            ],
        )


async def round_of(db: Database, bookers: int, each: int, week: int) -> tuple[float, list[float]]:
    latencies: list[float] = []

    async def booker(n: int) -> None:
        for k in range(each):
            start = EPOCH + timedelta(weeks=week, hours=k)
            t = time.perf_counter()
            await book_appointment(
                db.uow(),
                actor=ACTOR,
                booking=Booking(practitioner_id=n + 1, start=start, end=start + timedelta(minutes=45), kind="admin",
                                title="bench"),
                now=EPOCH,
            )  # fmt: skip
            latencies.append((time.perf_counter() - t) * 1000)

    t0 = time.perf_counter()
    await asyncio.gather(*(booker(n) for n in range(bookers)))
    return bookers * each / (time.perf_counter() - t0), latencies


async def run(url: str, label: str, bookers: int, each: int) -> None:
    upgrade_to_head(url)
    db = Database(url, pool_size=bookers, max_overflow=10) if not url.startswith("sqlite") else Database(url)
    results: dict[str, list[tuple[float, list[float]]]] = {"reference": [], "chained": []}
    try:
        await load(db, bookers)
        await round_of(db, bookers, 2, week=0)  # warm up
        for week, name in enumerate(("reference", "chained", "reference", "chained"), start=1):
            storage.uow.chain_entries = unchained if name == "reference" else chain_entries  # type: ignore[assignment]
            results[name].append(await round_of(db, bookers, each, week=week * 2))
    finally:
        storage.uow.chain_entries = chain_entries  # type: ignore[assignment]
        await db.dispose()
    print(f"{label}: {bookers} concurrent bookers x {each} bookings, each in a diary of its own, two rounds each")
    figures = {}
    for name, rounds in results.items():
        rate = statistics.median(r for r, _ in rounds)
        lat = [x for _, xs in rounds for x in xs]
        figures[name] = (rate, statistics.median(lat), p95(lat))
        _, median, tail = figures[name]
        print(f"  {name:9} {rate:6.0f} bookings/s; latency median {median:.1f} ms, p95 {tail:.1f} ms")
    (ref_rate, _, ref_p95), (rate, _, chained_p95) = figures["reference"], figures["chained"]
    print(f"  ratio: throughput {rate / ref_rate:.2f}x of the reference, p95 latency {chained_p95 / ref_p95:.2f}x")


def main(bookers: int, each: int) -> None:
    on_each_database(lambda url, label: run(url, label, bookers, each))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50, int(sys.argv[2]) if len(sys.argv) > 2 else 10)
