"""Session packs keep their numbers straight (seed 004): "Session N of M" is said of one appointment only and
agrees with the progress bar; a preferred pack that does not cover the service books without it; a pack can
be chosen when booking; the service of an appointment can change; a pack's price goes on the invoice chosen."""

from datetime import date, timedelta

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from domain.billing.invoices import draft_invoices, list_invoices
from domain.billing.packs import add_new_pack, appointment_pack, list_packs, use_pack
from domain.billing.preferred import set_billing_setup
from domain.errors import ValidationFailed
from domain.scheduling.bookable_services import save_service
from domain.scheduling.booking import book_appointment, move_appointment, set_appointment_status
from domain.scheduling.service_change import change_appointment_service
from storage.packs import PackRow, PackUseRow
from tests.integration.helpers import OWNER, at, book_days, booking, count, ready_clinic, ten_session_pack


async def labels(db, appointments) -> list[str]:
    return [(await appointment_pack(db.uow(), appointment_id=a.id) or (None, "-"))[1] for a in appointments]


async def test_cancelling_the_first_session_renumbers_the_rest_and_the_next_is_session_3(db):
    c = await ready_clinic(db)
    pack = await add_new_pack(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        template_id=(await ten_session_pack(db, c)).id,
        starts_on=date(2031, 3, 1),
    )
    first, second, third, fourth = await book_days(db, c, 4)
    for a in (first, second, third):
        await use_pack(db.uow(), actor=OWNER, appointment_id=a.id, pack_id=pack.id)
    await set_appointment_status(db.uow(), actor=OWNER, appointment_id=first.id, status="cancelled", reason="Sick")
    assert await labels(db, [second, third]) == ["Session 1 of 10", "Session 2 of 10"]
    assert await use_pack(db.uow(), actor=OWNER, appointment_id=fourth.id, pack_id=pack.id) == "Session 3 of 10"
    assert await labels(db, [second, third, fourth]) == ["Session 1 of 10", "Session 2 of 10", "Session 3 of 10"]
    [view] = await list_packs(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert view.progress.startswith("3 of 10 sessions used")


async def test_a_cancelled_session_is_given_back_but_its_use_is_kept_and_can_be_taken_again(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c)
    [a] = await book_days(db, c, 1)
    await use_pack(db.uow(), actor=OWNER, appointment_id=a.id, template_id=template.id)
    await set_appointment_status(db.uow(), actor=OWNER, appointment_id=a.id, status="cancelled", reason="Sick")
    assert await labels(db, [a]) == ["-"]
    async with db.uow() as uow:
        [use] = (await uow.session.execute(select(PackUseRow))).scalars().all()
        assert use.appointment_id == a.id and use.released_at is not None  # the history stays
    [view] = await list_packs(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert view.progress.startswith("0 of 10 sessions used")
    await set_appointment_status(db.uow(), actor=OWNER, appointment_id=a.id, status="booked")
    assert await use_pack(db.uow(), actor=OWNER, appointment_id=a.id, pack_id=view.id) == "Session 1 of 10"
    assert await count(db, PackUseRow) == 2
    with pytest.raises(IntegrityError):  # one held use per appointment, whatever the code does
        async with db.uow() as uow:
            await uow.session.execute(
                insert(PackUseRow).values(pack_id=view.id, appointment_id=a.id, amount=1, sequence=2)
            )
            await uow.commit()


async def test_moving_a_session_before_another_renumbers_both(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c)
    a, b = await book_days(db, c, 2)
    await use_pack(db.uow(), actor=OWNER, appointment_id=a.id, template_id=template.id)
    pack, _ = await appointment_pack(db.uow(), appointment_id=a.id)
    await use_pack(db.uow(), actor=OWNER, appointment_id=b.id, pack_id=pack.id)
    await move_appointment(
        db.uow(),
        actor=OWNER,
        appointment_id=b.id,
        version=b.version,
        start=a.starts_at - timedelta(days=1),
        end=a.ends_at - timedelta(days=1),
    )
    assert await labels(db, [b, a]) == ["Session 1 of 10", "Session 2 of 10"]


async def test_the_database_refuses_two_uses_with_one_number(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c)
    a, b = await book_days(db, c, 2)
    await use_pack(db.uow(), actor=OWNER, appointment_id=a.id, template_id=template.id)
    with pytest.raises(IntegrityError):
        async with db.uow() as uow:
            pack_id = (await uow.session.execute(select(PackRow.id))).scalar_one()
            await uow.session.execute(
                insert(PackUseRow).values(pack_id=pack_id, appointment_id=b.id, amount=1, sequence=1)
            )
            await uow.commit()


async def test_a_preferred_pack_that_does_not_cover_the_service_books_it_without_the_pack(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c, name="10 x Physio")  # covers Initial consultation only
    await set_billing_setup(db.uow(), actor=OWNER, profile_id=c.mary_profile, preferred=f"template:{template.id}")
    telehealth = await save_service(
        db.uow(),
        actor=OWNER,
        service_id=None,
        name="Telehealth check-in",
        duration_minutes=30,
        price="80",
        colour="#c8733a",
    )
    view = await book_appointment(
        db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00"), 30, service_id=telehealth.id)
    )
    assert view.remark == (
        "10 x Physio does not cover Telehealth check-in, so this appointment was booked without "
        "the pack (Billing Setup's Preferred Service or Pack)."
    )
    assert await appointment_pack(db.uow(), appointment_id=view.id) is None
    covered = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-04", "10:00")))
    assert (await appointment_pack(db.uow(), appointment_id=covered.id))[1] == "Session 1 of 10"


async def test_the_new_appointment_can_use_an_open_pack_or_open_one_on_a_chosen_draft(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c)
    opened = await book_appointment(
        db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00"), template_id=template.id)
    )  # invoice_id None: a new draft of its own
    [draft] = await draft_invoices(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert [i.description for i in draft.items] == ["Session pack: 10-session pack"]
    assert draft.draft_label.startswith("Draft of ") and draft.draft_label.endswith("to Mary Smith, $1,320.00 (1 item)")
    pack, label = await appointment_pack(db.uow(), appointment_id=opened.id)
    assert label == "Session 1 of 10"
    again = await book_appointment(
        db.uow(), actor=OWNER, booking=booking(c, at("2031-03-04", "10:00"), pack_id=pack.id)
    )
    assert (await appointment_pack(db.uow(), appointment_id=again.id))[1] == "Session 2 of 10"
    second = await book_appointment(
        db.uow(),
        actor=OWNER,
        booking=booking(c, at("2031-03-05", "10:00"), template_id=template.id, invoice_id=draft.id),
    )
    assert second.remark == ""
    [draft] = await draft_invoices(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    assert [i.description for i in draft.items] == ["Session pack: 10-session pack"] * 2


async def test_a_chosen_pack_that_cannot_pay_is_refused_at_the_pack_field_and_nothing_is_booked(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c, name="10 x Physio")
    other = await save_service(
        db.uow(), actor=OWNER, service_id=None, name="Massage", duration_minutes=60, price="90", colour="#c8733a"
    )
    with pytest.raises(ValidationFailed) as refused:
        await book_appointment(
            db.uow(),
            actor=OWNER,
            booking=booking(c, at("2031-03-03", "10:00"), service_id=other.id, template_id=template.id),
        )
    assert "10 x Physio does not cover" in refused.value.errors["pack"]
    assert await count(db, PackRow) == 0 and await list_invoices(db.uow(), actor=OWNER, profile_id=c.mary_profile) == []


async def test_an_appointments_service_can_change_and_its_length_and_price_follow(db):
    c = await ready_clinic(db)
    [a] = await book_days(db, c, 1)
    short = await save_service(
        db.uow(),
        actor=OWNER,
        service_id=None,
        name="Telehealth check-in",
        duration_minutes=30,
        price="80",
        colour="#c8733a",
    )
    changed = await change_appointment_service(
        db.uow(), actor=OWNER, appointment_id=a.id, version=a.version, service_id=short.id
    )
    assert (changed.service_name, changed.price_cents) == ("Telehealth check-in", 8000)
    assert changed.ends_at - changed.starts_at == timedelta(minutes=30) and changed.version == a.version + 1


async def test_a_service_change_the_pack_does_not_cover_is_refused(db):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c, name="10 x Physio")
    [a] = await book_days(db, c, 1)
    await use_pack(db.uow(), actor=OWNER, appointment_id=a.id, template_id=template.id)
    other = await save_service(
        db.uow(), actor=OWNER, service_id=None, name="Massage", duration_minutes=60, price="90", colour="#c8733a"
    )
    with pytest.raises(ValidationFailed, match="10 x Physio does not cover"):
        await change_appointment_service(
            db.uow(), actor=OWNER, appointment_id=a.id, version=a.version, service_id=other.id
        )
    assert (await appointment_pack(db.uow(), appointment_id=a.id))[1] == "Session 1 of 10"


async def test_add_new_pack_ad_hoc_keeps_its_description_and_bills_a_new_draft(db):
    c = await ready_clinic(db)
    view = await add_new_pack(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        ad_hoc=dict(
            name="Winter special", description="Three hours over winter", metric="hours", size="3", price="300"
        ),
    )
    async with db.uow() as uow:
        assert (await uow.session.get(PackRow, view.id)).description == "Three hours over winter"
    [draft] = await draft_invoices(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    await add_new_pack(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        ad_hoc=dict(name="Spring special", metric="sessions", size="4", price="400"),
    )
    assert len(await draft_invoices(db.uow(), actor=OWNER, profile_id=c.mary_profile)) == 2  # not on the first
    await add_new_pack(
        db.uow(),
        actor=OWNER,
        profile_id=c.mary_profile,
        invoice_id=draft.id,
        ad_hoc=dict(name="Summer special", metric="sessions", size="2", price="200"),
    )
    assert (
        len(
            [v for v in await draft_invoices(db.uow(), actor=OWNER, profile_id=c.mary_profile) if v.id == draft.id][
                0
            ].items
        )
        == 2
    )


@pytest.mark.parametrize(
    "metric, size, words",
    [
        ("sessions", "2.5", "whole sessions"),
        ("sessions", "0.285", "whole sessions"),
        ("hours", "0.285", "quarter"),
        ("sessions", "inf", "must be a number"),
        ("sessions", "nan", "must be a number"),
        ("sessions", "0", "more than 0"),
        ("money", "12.345", "whole cents"),
        ("sessions", "1000000000", "at most"),
    ],
)
async def test_a_pack_size_that_cannot_be_stored_exactly_is_refused_at_the_field(db, metric, size, words):
    c = await ready_clinic(db)
    with pytest.raises(ValidationFailed) as refused:
        await add_new_pack(
            db.uow(),
            actor=OWNER,
            profile_id=c.mary_profile,
            ad_hoc=dict(name="Odd", metric=metric, size=size, price="100"),
        )
    assert words in refused.value.errors["size"]
    assert await count(db, PackRow) == 0


async def test_a_preferred_pack_too_small_for_the_appointment_books_it_without_the_pack(db):
    c = await ready_clinic(db)
    half_hour = await ten_session_pack(db, c, name="Half an hour", metric="hours", size="0.5")
    await set_billing_setup(db.uow(), actor=OWNER, profile_id=c.mary_profile, preferred=f"template:{half_hour.id}")
    view = await book_appointment(db.uow(), actor=OWNER, booking=booking(c, at("2031-03-03", "10:00")))  # 60 min
    assert view.remark.startswith("A new Half an hour pack could not pay for this appointment (Half an hour has only")
    assert view.remark.endswith("so it was booked without it.")
    assert await count(db, PackRow) == 0  # neither opened nor billed
    assert await draft_invoices(db.uow(), actor=OWNER, profile_id=c.mary_profile) == []
