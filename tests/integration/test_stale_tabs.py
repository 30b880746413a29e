"""A tab opened before its user was signed out elsewhere, deactivated or given a lesser role keeps no rights:
every action re-checks the session and the role first (the unit of work's guard), and changes nothing."""

import pytest

from domain.accounts.sessions import session_guard, sign_in, sign_out
from domain.accounts.staff import add_staff, create_first_owner, set_staff_active, update_staff
from domain.clinic.settings import get_clinic, update_clinic
from domain.errors import SessionEnded
from tests.support import staff_actor

PASSWORD = "long enough password"
OWNER = staff_actor()


async def tab_of(db, email: str) -> tuple[str, object]:
    """A signed-in tab: its token and the staff user as the page saw them when it opened."""
    return await sign_in(db.uow(), email=email, password=PASSWORD, ip=None)


async def clinic_with_admin(db) -> int:
    await create_first_owner(
        db.uow(),
        clinic_name="Test Clinic",
        time_zone="UTC",
        name="Olivia Owner",
        email="owner@example.com",
        password=PASSWORD,
        ip=None,
    )
    admin = await add_staff(
        db.uow(),
        actor=OWNER,
        name="Ada Admin",
        email="ada@example.com",
        role="admin",
        password=PASSWORD,
        bookable=False,
        time_zone="UTC",
    )
    return admin.id


async def test_an_open_tab_acts_while_its_session_lives(db):
    await clinic_with_admin(db)
    token, ada = await tab_of(db, "ada@example.com")
    guarded = db.uow(guard=session_guard(token, ada.role))
    await update_clinic(guarded, actor=ada.actor(None), name="Harbourside", time_zone="UTC")
    assert (await get_clinic(db.uow())).name == "Harbourside"


async def test_a_tab_signed_out_elsewhere_is_sent_to_sign_in_and_changes_nothing(db):
    await clinic_with_admin(db)
    token, ada = await tab_of(db, "ada@example.com")
    await sign_out(db.uow(), actor=ada.actor(None), token=token)  # the other tab
    with pytest.raises(SessionEnded) as ended:
        await update_clinic(
            db.uow(guard=session_guard(token, ada.role)), actor=ada.actor(None), name="Renamed", time_zone="UTC"
        )
    assert ended.value.signed_out and "Sign in again" in ended.value.message
    assert (await get_clinic(db.uow())).name == "Test Clinic"


async def test_a_deactivated_users_open_tab_is_signed_out(db):
    admin_id = await clinic_with_admin(db)
    token, ada = await tab_of(db, "ada@example.com")
    await set_staff_active(db.uow(), actor=OWNER, user_id=admin_id, active=False)
    with pytest.raises(SessionEnded) as ended:
        await get_clinic(db.uow(read_only=True, guard=session_guard(token, ada.role)))
    assert ended.value.signed_out


async def test_a_lesser_role_reloads_the_tab_with_its_new_rights(db):
    admin_id = await clinic_with_admin(db)
    token, ada = await tab_of(db, "ada@example.com")
    await update_staff(
        db.uow(), actor=OWNER, user_id=admin_id, name="Ada Admin", role="reception", bookable=False, time_zone="UTC"
    )
    with pytest.raises(SessionEnded) as ended:
        await update_clinic(
            db.uow(guard=session_guard(token, ada.role)), actor=ada.actor(None), name="Renamed", time_zone="UTC"
        )
    assert not ended.value.signed_out and "Reception" in ended.value.message
    assert (await get_clinic(db.uow())).name == "Test Clinic"


async def test_a_tab_in_use_keeps_its_session_alive(db):
    from datetime import timedelta

    from sqlalchemy import select, update

    from storage.accounts import StaffSessionRow
    from storage.types import utcnow

    await clinic_with_admin(db)
    token, ada = await tab_of(db, "ada@example.com")
    eleven_hours_ago = utcnow() - timedelta(hours=11)
    async with db.uow() as uow:
        await uow.session.execute(update(StaffSessionRow).values(last_seen_at=eleven_hours_ago))
        await uow.commit()
    await get_clinic(db.uow(read_only=True, guard=session_guard(token, ada.role)))  # an action in the open tab
    async with db.uow() as uow:
        seen = (await uow.session.execute(select(StaffSessionRow.last_seen_at))).scalar_one()
    assert seen > eleven_hours_ago + timedelta(hours=10)  # the 12-hour idle limit starts again
