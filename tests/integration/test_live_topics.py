"""Live updates follow commits: each service names what it changed, and the unit of work tells the open
pages after its commit, never after a refusal. The parts that were missing: a task made when a pack's last
session is used, a preferred pack billed by a booking, the daily pack-expiry job."""

from datetime import date, timedelta

import pytest

from domain import topics
from domain.billing.pack_templates import save_pack_template
from domain.billing.packs import add_new_pack, close_expired_packs, use_pack
from domain.billing.preferred import set_billing_setup
from domain.clinic.settings import update_clinic
from domain.scheduling.bookable_services import save_service
from domain.scheduling.booking import book_appointment
from domain.scheduling.clashes import Clash
from domain.scheduling.closed_days import add_closed_day
from domain.tasks.tasks import set_task_rule
from storage.changes import changes
from tests.integration.helpers import OWNER, at, book_days, booking, ready_clinic, ten_session_pack


class Heard:
    """Every topic published while it listens."""

    def __init__(self, *watched) -> None:
        self.topics: list = []
        self._stops = [changes.subscribe(t, self.topics.append) for t in watched]

    def __enter__(self) -> "Heard":
        return self

    def __exit__(self, *exc) -> None:
        for stop in self._stops:
            stop()


async def test_a_booking_tells_the_calendar_the_appointment_and_the_profile(db):
    c = await ready_clinic(db)
    with Heard(topics.CALENDAR, topics.profile(c.mary_profile)) as heard:
        view = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    assert heard.topics == [topics.CALENDAR, topics.profile(c.mary_profile)]
    with Heard(topics.appointment(view.id)) as heard:
        await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-04", "10:00")))
    assert heard.topics == []  # another appointment: this one's panel is not redrawn


async def test_a_refused_booking_tells_nobody(db):
    c = await ready_clinic(db)
    await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    with Heard(topics.CALENDAR, topics.profile(c.mary_profile)) as heard, pytest.raises(Clash):
        await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:30")))
    assert heard.topics == []


async def test_the_tasks_page_hears_of_the_task_made_when_a_packs_last_session_is_used(db):
    c = await ready_clinic(db)
    await set_task_rule(db.uow(), actor=OWNER, on_pack_end=True)
    one = await ten_session_pack(db, c, name="Single session", size=1)
    pack = await add_new_pack(
        db.uow(), actor=OWNER, profile_id=c.mary_profile, template_id=one.id, starts_on=date(2031, 3, 1)
    )
    [a] = await book_days(db, c, 1)
    with Heard(topics.TASKS, topics.pack(pack.id), topics.billing(c.mary_profile)) as heard:
        await use_pack(db.uow(), actor=OWNER, appointment_id=a.id, pack_id=pack.id)
    assert set(heard.topics) == {topics.TASKS, topics.pack(pack.id), topics.billing(c.mary_profile)}


async def test_booking_with_a_preferred_pack_tells_the_billing_tab(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c)
    await set_billing_setup(db.uow(), actor=OWNER, profile_id=c.mary_profile, preferred=f"template:{template.id}")
    with Heard(topics.billing(c.mary_profile)) as heard:
        view = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))
    assert heard.topics == [topics.billing(c.mary_profile)]
    assert "new draft invoice" in view.remark


async def test_the_daily_pack_expiry_job_tells_the_pack_the_billing_tab_and_tasks(db):
    c = await ready_clinic(db)
    await set_task_rule(db.uow(), actor=OWNER, on_pack_end=True)
    template = await ten_session_pack(db, c, expiry_days=30)
    pack = await add_new_pack(
        db.uow(), actor=OWNER, profile_id=c.mary_profile, template_id=template.id, starts_on=date(2031, 1, 1)
    )
    with Heard(topics.TASKS, topics.pack(pack.id), topics.billing(c.mary_profile)) as heard:
        assert await close_expired_packs(db.uow(), today=date(2031, 1, 1) + timedelta(days=31)) == 1
    assert set(heard.topics) == {topics.TASKS, topics.pack(pack.id), topics.billing(c.mary_profile)}


async def test_settings_services_and_closed_days_each_have_their_topic(db):
    c = await ready_clinic(db)
    with Heard(topics.CLINIC, topics.SERVICES, topics.CLOSED_DAYS, topics.CALENDAR) as heard:
        await update_clinic(db.uow(), actor=OWNER, name="Harbourside", time_zone="Australia/Sydney")
        await save_service(
            db.uow(),
            actor=OWNER,
            service_id=c.service,
            name="First visit",
            duration_minutes=60,
            price="150.00",
            colour="#2f6f5e",
        )
        await add_closed_day(db.uow(), actor=OWNER, day=date(2031, 12, 25), reason="Christmas Day")
        await save_pack_template(
            db.uow(), actor=OWNER, template_id=None, name="Five", description="", metric="sessions", size=5, price="500"
        )
    assert heard.topics == [topics.CLINIC, topics.SERVICES, topics.CALENDAR, topics.CLOSED_DAYS, topics.CALENDAR]


async def test_a_topic_is_a_small_tuple_that_can_travel(db):
    async with db.uow() as uow:
        with pytest.raises(TypeError, match="tuple of strings and integers"):
            uow.changed(("profile", 1.5))
        with pytest.raises(TypeError):
            uow.changed("calendar")
