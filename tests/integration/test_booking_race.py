"""50 bookers racing for overlapping slots, through two engines (like two server processes):
exactly the non-overlapping bookings succeed, on SQLite and on PostgreSQL."""

import asyncio
import itertools
import random
from datetime import timedelta

from sqlalchemy import select

from domain.scheduling.booking import book_appointment
from domain.scheduling.clashes import Clash
from storage.engine import Database
from storage.scheduling import AppointmentRow
from tests.integration.helpers import OWNER, at, booking, ready_clinic

BOOKERS = 50


async def race(db, db_url, starts, c, minutes=60):
    second = Database(db_url)  # another engine: another "server process"

    async def one(i, start):
        database = db if i % 2 else second
        try:
            return await book_appointment(database.uow(), actor=OWNER, booking=booking(c, start, minutes))
        except Clash as exc:
            return exc

    try:
        return await asyncio.gather(*(one(i, s) for i, s in enumerate(starts)))
    finally:
        await second.dispose()


async def stored(db):
    async with db.uow() as uow:
        return list((await uow.session.execute(select(AppointmentRow).order_by(AppointmentRow.starts_at))).scalars())


async def test_fifty_bookers_for_ten_slots_give_exactly_ten_bookings(db, db_url):
    c = await ready_clinic(db)
    starts = [at("2031-03-03", "08:00") + timedelta(hours=i % 10) for i in range(BOOKERS)]
    random.Random(7).shuffle(starts)
    results = await race(db, db_url, starts, c)
    booked = [r for r in results if not isinstance(r, Exception)]
    assert len(booked) == 10 and sorted(b.starts_at for b in booked) == sorted(set(starts))
    assert all("clashes with Mary Smith" in str(r) or "just taken" in str(r) for r in results if isinstance(r, Clash))
    assert len(await stored(db)) == 10


async def test_fifty_bookers_at_random_overlapping_times_never_double_book(db, db_url):
    c = await ready_clinic(db)
    rng = random.Random(11)
    starts = [at("2031-03-03", "08:00") + timedelta(minutes=15 * rng.randrange(0, 40)) for _ in range(BOOKERS)]
    results = await race(db, db_url, starts, c, minutes=45)
    rows = await stored(db)
    for a, b in itertools.pairwise(rows):
        assert a.ends_at <= b.starts_at, "two appointments overlap"
    booked = {r.starts_at for r in results if not isinstance(r, Exception)}
    assert {r.starts_at for r in rows} == booked
    for start in starts:  # every refused booking really did overlap one that succeeded
        if start not in booked:
            assert any(s < start + timedelta(minutes=45) and start < s + timedelta(minutes=45) for s in booked)
