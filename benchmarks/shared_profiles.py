"""People > Shared and the calendar's shared-profile search among many households: median and p95 per call.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python -m benchmarks.shared_profiles [clients] [shared profiles] [calls]

Each shared profile has two members drawn from the generated clients. Set HEARTH_TEST_PG_URL to run on
PostgreSQL too.
"""

import random
import statistics
import sys

from sqlalchemy import insert, text

from benchmarks.client_search import load, people, timed
from benchmarks.databases import on_each_database
from domain.households.search import SharedFilter, find_shared_for_booking, list_shared
from storage.clients import ProfileRow
from storage.engine import Database
from storage.households import MemberRow
from storage.migrate import upgrade_to_head
from tests.support import staff_actor

ACTOR = staff_actor()


async def households(db: Database, rows: list[dict], count: int) -> list[tuple[dict, dict]]:
    random.seed(5)
    pairs = [tuple(random.sample(rows, 2)) for _ in range(count)]
    async with db.engine.begin() as conn:
        first_id = len(rows) + 1
        await conn.execute(
            insert(ProfileRow),
            [
                dict(
                    id=first_id + n,
                    kind="shared",
                    name=f"{a['last_name']} & {b['last_name']}",
                    comments="",
                    reminders="clinic",
                )
                for n, (a, b) in enumerate(pairs)
            ],
        )
        await conn.execute(
            insert(MemberRow),
            [
                dict(
                    profile_id=first_id + n,
                    person_id=p["id"],
                    is_primary=i == 0,
                    portal_booking=False,
                    receives_reminders=True,
                )
                for n, pair in enumerate(pairs)
                for i, p in enumerate(pair)
            ],
        )
    return pairs


def line(label: str, times: list[float]) -> str:
    p95 = sorted(times)[int(len(times) * 0.95) - 1]
    return f"  {label:<44} median {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms"


async def measure(url: str, label: str, clients: int, shared: int, calls: int) -> None:
    upgrade_to_head(url)
    db = Database(url)
    try:
        rows = people(clients)
        await load(db, rows)
        pairs = await households(db, rows, shared)
        if db.dialect == "postgresql":
            async with db.engine.begin() as conn:
                await conn.execute(text("ANALYZE"))
        picks = random.sample(pairs, calls)
        names = [f"{a['first_name']} {a['last_name'][:3]}" for a, _ in picks]
        emails = [b["email"][:10] for _, b in picks]
        print(f"{label}: {clients:,} clients, {shared:,} shared profiles, {calls} calls each")
        print(
            line(
                "People > Shared, first page (200)",
                await timed(lambda _: list_shared(db.uow(read_only=True), actor=ACTOR, time_zone="UTC"), names),
            )
        )
        print(
            line(
                "Advanced Search: member name",
                await timed(
                    lambda q: list_shared(
                        db.uow(read_only=True), actor=ACTOR, time_zone="UTC", filters=SharedFilter(member_name=q)
                    ),
                    names,
                ),
            )
        )
        print(
            line(
                "Advanced Search: member email",
                await timed(
                    lambda q: list_shared(
                        db.uow(read_only=True), actor=ACTOR, time_zone="UTC", filters=SharedFilter(member_email=q)
                    ),
                    emails,
                ),
            )
        )
        print(
            line(
                "Calendar client search (shared profiles)",
                await timed(lambda q: find_shared_for_booking(db.uow(read_only=True), actor=ACTOR, text=q), names),
            )
        )
    finally:
        await db.dispose()


def main() -> None:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    shared = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    calls = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    on_each_database(lambda url, label: measure(url, label, clients, shared, calls))


if __name__ == "__main__":
    main()
