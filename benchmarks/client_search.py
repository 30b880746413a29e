"""Client search on 50,000 generated clients: median and p95 per search, beside a plain SQL query.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python -m benchmarks.client_search [clients] [searches]

The reference is the same search as one plain `LIKE '%word%'` query on the search column
(no count, no join, no tags), on the same data. Set HEARTH_TEST_PG_URL to run on PostgreSQL too.
"""

import random
import statistics
import sys
import time

from faker import Faker
from sqlalchemy import insert, text

from benchmarks.databases import on_each_database
from domain.clients.persons import search_people
from domain.search import search_key
from storage.clients import PersonRow, ProfileRow
from storage.engine import Database
from storage.migrate import upgrade_to_head
from tests.support import staff_actor

ACTOR = staff_actor()


def people(count: int) -> list[dict]:
    fake = Faker(["en_AU", "de_DE", "fr_FR", "es_ES"])
    Faker.seed(7)
    rows = []
    for n in range(1, count + 1):
        first, last = fake.first_name(), fake.last_name()
        email = f"{search_key(first)}.{search_key(last)}{n}@example.com".replace(" ", "")
        phone = fake.numerify("04## ### ###")
        rows.append(
            dict(
                id=n,
                first_name=first,
                last_name=last,
                email=email,
                phone=phone,
                time_zone="UTC",
                status="active",
                is_test=False,
                source="staff",
                search_text=search_key(first, last, email, phone),
            )
        )
    return rows


async def load(db: Database, rows: list[dict]) -> None:
    async with db.engine.begin() as conn:
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            await conn.execute(insert(PersonRow), chunk)
            await conn.execute(
                insert(ProfileRow),
                [dict(kind="individual", name=f"{r['first_name']} {r['last_name']}", person_id=r["id"]) for r in chunk],
            )


def queries(rows: list[dict], count: int) -> list[str]:
    random.seed(11)
    picks = random.sample(rows, count)
    kinds = [
        lambda r: r["last_name"][:4],
        lambda r: f"{r['first_name']} {r['last_name'][:3]}",
        lambda r: r["email"][:8],
        lambda r: r["phone"][-6:],
    ]
    return [kinds[n % len(kinds)](r) for n, r in enumerate(picks)]


async def timed(fn, texts: list[str]) -> list[float]:
    times = []
    for q in texts:
        start = time.perf_counter()
        await fn(q)
        times.append((time.perf_counter() - start) * 1000)
    return times


async def run(url: str, label: str, rows: list[dict], texts: list[str]) -> None:
    upgrade_to_head(url)
    db = Database(url)
    try:
        await load(db, rows)
        if db.dialect == "postgresql":
            async with db.engine.begin() as conn:
                await conn.execute(text("ANALYZE"))

        async def ours(q: str) -> None:
            await search_people(db.uow(read_only=True), actor=ACTOR, text=q)

        async def plain(q: str) -> None:
            words = search_key(q).split()
            sql = (
                "SELECT id, first_name, last_name FROM persons WHERE "
                + " AND ".join(f"search_text LIKE :w{i}" for i in range(len(words)))
                + " ORDER BY last_name LIMIT 25"
            )
            async with db.engine.connect() as conn:
                (await conn.execute(text(sql), {f"w{i}": f"%{w}%" for i, w in enumerate(words)})).all()

        await timed(ours, texts[:10]), await timed(plain, texts[:10])  # warm caches
        mine, reference = await timed(ours, texts), await timed(plain, texts)
        p95 = lambda xs: statistics.quantiles(xs, n=20)[18]
        print(f"{label}: {len(rows)} clients, {len(texts)} searches")
        print(f"  search_people (count + page + tags): median {statistics.median(mine):.1f} ms, p95 {p95(mine):.1f} ms")
        print(
            f"  plain LIKE query (reference):        median {statistics.median(reference):.1f} ms, "
            f"p95 {p95(reference):.1f} ms"
        )
        print(
            f"  ratio: median {statistics.median(mine) / statistics.median(reference):.2f}x, "
            f"p95 {p95(mine) / p95(reference):.2f}x"
        )
    finally:
        await db.dispose()


def main(clients: int, searches: int) -> None:
    rows = people(clients)
    texts = queries(rows, searches)
    on_each_database(lambda url, label: run(url, label, rows, texts))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000, int(sys.argv[2]) if len(sys.argv) > 2 else 200)
