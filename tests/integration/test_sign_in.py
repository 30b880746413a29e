"""Staff sign in and out; failures are slowed down and audited; sessions expire."""

from datetime import timedelta

import pytest
from sqlalchemy import update

from domain.accounts.sessions import SignInFailed, presented, resume_session, sign_in, sign_out
from domain.accounts.staff import add_staff, set_staff_active
from domain.demo import DEMO_LOGIN, seed_demo
from domain.errors import TooManyAttempts
from storage.accounts import StaffSessionRow
from storage.types import utcnow
from tests.integration.helpers import audit_entries
from tests.support import staff_actor

EMAIL, PASSWORD = DEMO_LOGIN


@pytest.fixture
async def demo(db):
    await seed_demo(db.uow())
    return db


async def test_owner_signs_in_and_the_session_resumes(demo):
    token, staff = await sign_in(demo.uow(), email=" Owner@Demo.Hearth.test ", password=PASSWORD, ip="198.51.100.4")
    assert staff.email == EMAIL and staff.role == "owner"
    resumed = await resume_session(demo.uow(), token=token)
    assert resumed is not None and resumed.id == staff.id
    [entry] = await audit_entries(demo, "staff.signed_in")
    assert entry.ip == "198.51.100.4" and entry.actor_id == staff.id


async def test_the_stored_token_does_not_work_without_the_browsers_secret(demo):
    """The token sits in a session file on the server; the session is bound to a secret only the browser holds
    (its signed cookie), so someone who reads the file cannot use what is in it."""
    token, staff = await sign_in(demo.uow(), email=EMAIL, password=PASSWORD, ip=None, binding="browser-secret")
    assert await resume_session(demo.uow(), token=token) is None
    assert await resume_session(demo.uow(), token=presented(token, "another browser")) is None
    resumed = await resume_session(demo.uow(), token=presented(token, "browser-secret"))
    assert resumed is not None and resumed.id == staff.id


async def test_wrong_password_is_refused_and_audited(demo):
    with pytest.raises(SignInFailed, match="Email or password is incorrect"):
        await sign_in(demo.uow(), email=EMAIL, password="wrong password", ip="198.51.100.9")
    [entry] = await audit_entries(demo, "staff.sign_in_failed")
    assert entry.summary == EMAIL and entry.ip == "198.51.100.9"


async def test_unknown_email_gets_the_same_message(demo):
    with pytest.raises(SignInFailed, match="Email or password is incorrect"):
        await sign_in(demo.uow(), email="nobody@example.com", password=PASSWORD, ip=None)


async def test_repeated_failures_lock_the_email_for_a_while(demo):
    for _ in range(5):
        with pytest.raises(SignInFailed):
            await sign_in(demo.uow(), email=EMAIL, password="wrong password", ip=None)
    with pytest.raises(TooManyAttempts, match="Try again in 30 seconds"):
        await sign_in(demo.uow(), email=EMAIL, password=PASSWORD, ip=None)  # even the right password waits
    assert await audit_entries(demo, "staff.sign_in_refused")


async def test_success_clears_earlier_failures(demo):
    for _ in range(4):
        with pytest.raises(SignInFailed):
            await sign_in(demo.uow(), email=EMAIL, password="wrong password", ip=None)
    await sign_in(demo.uow(), email=EMAIL, password=PASSWORD, ip=None)
    for _ in range(4):  # a fresh allowance of free failures
        with pytest.raises(SignInFailed):
            await sign_in(demo.uow(), email=EMAIL, password="wrong password", ip=None)


async def test_sign_out_ends_the_session(demo):
    token, staff = await sign_in(demo.uow(), email=EMAIL, password=PASSWORD, ip=None)
    await sign_out(demo.uow(), actor=staff.actor(None), token=token)
    assert await resume_session(demo.uow(), token=token) is None
    assert await audit_entries(demo, "staff.signed_out")


async def test_idle_session_expires(demo):
    token, _ = await sign_in(demo.uow(), email=EMAIL, password=PASSWORD, ip=None)
    async with demo.uow() as uow:
        await uow.session.execute(update(StaffSessionRow).values(last_seen_at=utcnow() - timedelta(hours=13)))
        await uow.commit()
    assert await resume_session(demo.uow(), token=token) is None


async def test_deactivated_user_is_signed_out_and_cannot_sign_in(demo):
    owner = staff_actor()
    added = await add_staff(
        demo.uow(),
        actor=owner,
        name="Temp Worker",
        email="temp@example.com",
        role="reception",
        password="a long password",
        bookable=False,
        time_zone="UTC",
    )
    token, _ = await sign_in(demo.uow(), email="temp@example.com", password="a long password", ip=None)
    await set_staff_active(demo.uow(), actor=owner, user_id=added.id, active=False)
    assert await resume_session(demo.uow(), token=token) is None
    with pytest.raises(SignInFailed, match="deactivated"):
        await sign_in(demo.uow(), email="temp@example.com", password="a long password", ip=None)
