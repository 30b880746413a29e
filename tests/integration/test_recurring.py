"""Recurring appointments: clashes listed first, skipped on request, all or nothing."""

import pytest

from domain.scheduling.booking import book_appointment
from domain.scheduling.calendar import profile_appointments
from domain.scheduling.clashes import Clash
from domain.scheduling.recurrence import Repeat, book_series, plan_series
from tests.integration.helpers import OWNER, at, booking, ready_clinic
from tests.support import spaces


async def test_clashing_occurrences_are_listed_and_can_be_skipped(db):
    c = await ready_clinic(db)
    await book_appointment(
        db.uow(),
        actor=OWNER,
        booking=booking(
            c, at("2031-03-17", "10:30"), kind="meeting", profile_id=None, service_id=None, title="Team meeting"
        ),
    )
    weekly = booking(c, at("2031-03-03", "10:00"))
    plan = await plan_series(db.uow(), actor=OWNER, booking=weekly, repeat=Repeat(times=4))
    assert [spaces(o.label) for o in plan] == [
        "Mon, 3 Mar, 10:00 – 11:00 am",
        "Mon, 10 Mar, 10:00 – 11:00 am",
        "Mon, 17 Mar, 10:00 – 11:00 am",
        "Mon, 24 Mar, 10:00 – 11:00 am",
    ]
    assert [bool(o.clash) for o in plan] == [False, False, True, False]
    assert "Team meeting" in plan[2].clash
    with pytest.raises(Clash):
        await book_series(db.uow(), actor=OWNER, booking=weekly, repeat=Repeat(times=4), skip_clashes=False)
    assert await profile_appointments(db.uow(), actor=OWNER, profile_id=c.mary_profile) == []  # all or nothing
    booked = await book_series(db.uow(), actor=OWNER, booking=weekly, repeat=Repeat(times=4), skip_clashes=True)
    assert len(booked) == 3
    history = await profile_appointments(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert len({a.series_id for a in history}) == 1 and history[0].series_id is not None
