"""A weekly appointment booked in Sydney across three DST changes: the clinic keeps 10:00, and the
London practitioner and the New York client see their own correct local times."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import update

from domain.scheduling.booking import get_appointment
from domain.scheduling.recurrence import Repeat, book_series
from domain.scheduling.times import describe
from storage.accounts import StaffUserRow
from storage.clients import PersonRow
from tests.integration.helpers import OWNER, at, booking, ready_clinic
from tests.support import twenty_four_hour_clinic


async def test_a_series_across_dst_changes_shows_each_person_their_local_time(db):
    twenty_four_hour_clinic()
    c = await ready_clinic(db)
    async with db.uow() as uow:
        await uow.session.execute(
            update(StaffUserRow).where(StaffUserRow.id == c.priya).values(time_zone="Europe/London")
        )
        await uow.session.execute(
            update(PersonRow).where(PersonRow.id == c.mary_person).values(time_zone="America/New_York")
        )
        await uow.commit()
    # 2031: New York springs forward on 9 Mar, London on 30 Mar, Sydney falls back on 6 Apr
    booked = await book_series(
        db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")), repeat=Repeat(times=6), skip_clashes=False
    )
    seen = []
    for a in booked:
        view = await get_appointment(db.uow(), appointment_id=a.id)
        seen.append(
            tuple(
                describe(view.starts_at, view.ends_at, ZoneInfo(z))
                for z in ("Australia/Sydney", view.practitioner_time_zone, view.client_time_zone)
            )
        )
    assert seen == [
        ("Mon 3 Mar, 10:00–11:00", "Sun 2 Mar 23:00 – Mon 3 Mar 00:00", "Sun 2 Mar, 18:00–19:00"),
        ("Mon 10 Mar, 10:00–11:00", "Sun 9 Mar 23:00 – Mon 10 Mar 00:00", "Sun 9 Mar, 19:00–20:00"),
        ("Mon 17 Mar, 10:00–11:00", "Sun 16 Mar 23:00 – Mon 17 Mar 00:00", "Sun 16 Mar, 19:00–20:00"),
        ("Mon 24 Mar, 10:00–11:00", "Sun 23 Mar 23:00 – Mon 24 Mar 00:00", "Sun 23 Mar, 19:00–20:00"),
        ("Mon 31 Mar, 10:00–11:00", "Mon 31 Mar, 00:00–01:00", "Sun 30 Mar, 19:00–20:00"),
        ("Mon 7 Apr, 10:00–11:00", "Mon 7 Apr, 01:00–02:00", "Sun 6 Apr, 20:00–21:00"),
    ]
    assert {a.ends_at - a.starts_at for a in booked} == {timedelta(hours=1)}
