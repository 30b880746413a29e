"""Session packs: assigned three ways, session N of M, given back on cancel, refused when used up or
expired, the last-session race, the task made exactly once, the preferred pack."""

import asyncio
from datetime import date

import pytest
from sqlalchemy import update

from domain.billing.invoices import create_invoice, list_invoices
from domain.billing.packs import PackUnavailable, add_new_pack, appointment_pack, bill_open_pack, list_packs, use_pack
from domain.scheduling.booking import set_appointment_status
from domain.tasks.tasks import list_tasks, set_task_rule
from storage.clients import ProfileRow
from storage.engine import Database
from tests.integration.helpers import OWNER, book_days, ready_clinic, ten_session_pack


async def test_a_pack_from_the_profile_then_three_sessions_show_session_3_of_10(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c)
    pack = await add_new_pack(
        db.uow(), actor=OWNER, profile_id=c.mary_profile, template_id=template.id, starts_on=date(2031, 3, 1)
    )
    appointments = await book_days(db, c, 3)
    labels = [await use_pack(db.uow(), actor=OWNER, appointment_id=a.id, pack_id=pack.id) for a in appointments]
    assert labels == ["Session 1 of 10", "Session 2 of 10", "Session 3 of 10"]
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile, appointment_id=appointments[2].id)
    assert [(i.description, i.session_label, i.totals.total_cents) for i in invoice.items] == [
        ("Initial consultation (10-session pack)", "Session 3 of 10", 0)
    ]
    [view] = await list_packs(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert view.progress == "3 of 10 sessions used, expires 28 Aug 2031"
    drafts = [i for i in await list_invoices(db.uow(), actor=OWNER, profile_id=c.mary_profile) if i.status == "draft"]
    assert any(
        item.description == "Session pack: 10-session pack" and item.totals.net_cents == 120000
        for d in drafts
        for item in d.items
    )  # the pack itself is billed once


async def test_cancelling_gives_the_session_back(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c)
    [a, b] = await book_days(db, c, 2)
    assert await use_pack(db.uow(), actor=OWNER, appointment_id=a.id, template_id=template.id) == "Session 1 of 10"
    pack, _label = await appointment_pack(db.uow(), appointment_id=a.id)
    await set_appointment_status(db.uow(), actor=OWNER, appointment_id=a.id, status="cancelled", reason="Sick")
    assert (await list_packs(db.uow(), actor=OWNER, profile_id=c.mary_profile))[0].state.used == 0
    assert await use_pack(db.uow(), actor=OWNER, appointment_id=b.id, pack_id=pack.id) == "Session 1 of 10"


async def test_a_used_up_or_expired_pack_is_refused_with_the_offer_of_a_new_one(db):
    c = await ready_clinic(db)
    small = await ten_session_pack(db, c, name="2-session pack", size=2, expiry_days=None)
    pack = await add_new_pack(db.uow(), actor=OWNER, profile_id=c.mary_profile, template_id=small.id)
    a, b, d = await book_days(db, c, 3)
    for appointment in (a, b):
        await use_pack(db.uow(), actor=OWNER, appointment_id=appointment.id, pack_id=pack.id)
    with pytest.raises(PackUnavailable, match=r"used up .* Open a new pack"):
        await use_pack(db.uow(), actor=OWNER, appointment_id=d.id, pack_id=pack.id)
    expiring = await add_new_pack(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        ad_hoc=dict(name="Winter special", metric="hours", size="3", price="300", expiry_days="10"),
        starts_on=date(2031, 1, 1),
    )
    with pytest.raises(PackUnavailable, match="Winter special expired on 11 Jan 2031"):
        await use_pack(db.uow(), actor=OWNER, appointment_id=d.id, pack_id=expiring.id)


async def test_two_staff_using_the_last_session_at_once_exactly_one_succeeds(db, db_url):
    c = await ready_clinic(db)
    one = await ten_session_pack(db, c, name="Single session", size=1, expiry_days=None)
    pack = await add_new_pack(db.uow(), actor=OWNER, profile_id=c.mary_profile, template_id=one.id)
    await set_task_rule(db.uow(), actor=OWNER, on_pack_end=True)
    a, b = await book_days(db, c, 2)
    other = Database(db_url)
    try:
        results = await asyncio.gather(
            *(
                use_pack(database.uow(), actor=OWNER, appointment_id=x.id, pack_id=pack.id)
                for database, x in ((db, a), (other, b))
            ),
            return_exceptions=True,
        )
    finally:
        await other.dispose()
    assert sorted(type(r).__name__ for r in results) == ["PackUnavailable", "str"], results
    tasks = await list_tasks(db.uow(), actor=OWNER)
    assert [(t.title, t.assigned_name) for t in tasks] == [("Session pack ended: Single session", "Dr. Priya Patel")]


async def test_the_preferred_pack_is_used_by_new_appointments(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c)
    async with db.uow() as uow:
        await uow.session.execute(
            update(ProfileRow).where(ProfileRow.id == c.mary_profile).values(preferred_template_id=template.id)
        )
        await uow.commit()
    a, b = await book_days(db, c, 2)
    assert [(await appointment_pack(db.uow(), appointment_id=x.id))[1] for x in (a, b)] == [
        "Session 1 of 10",
        "Session 2 of 10",
    ]
    assert len(await list_packs(db.uow(), actor=OWNER, profile_id=c.mary_profile)) == 1


async def test_an_open_pack_goes_on_an_invoice_once(db):
    c = await ready_clinic(db)
    pack = await add_new_pack(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        ad_hoc=dict(name="Money pack", metric="money", size="500", price="450"),
    )
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    with pytest.raises(PackUnavailable, match="already on an invoice"):
        await bill_open_pack(db.uow(), actor=OWNER, invoice_id=invoice.id, pack_id=pack.id)


async def test_an_expired_pack_makes_its_task_once(db):
    from domain.billing.packs import close_expired_packs

    c = await ready_clinic(db)
    await set_task_rule(db.uow(), actor=OWNER, on_pack_end=True)
    await add_new_pack(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        ad_hoc=dict(name="Short pack", metric="sessions", size="5", price="400", expiry_days="30"),
        starts_on=date(2026, 1, 1),
    )
    assert await close_expired_packs(db.uow(), today=date(2026, 3, 1)) == 1
    assert await close_expired_packs(db.uow(), today=date(2026, 3, 2)) == 0
    assert [t.title for t in await list_tasks(db.uow(), actor=OWNER)] == ["Session pack ended: Short pack"]
