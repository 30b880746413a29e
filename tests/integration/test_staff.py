"""Managing staff users: roles, duplicates, the last owner, and the audit trail."""

import asyncio

import pytest

from domain.accounts.staff import (
    DUPLICATE_EMAIL,
    add_staff,
    create_first_owner,
    list_staff,
    needs_first_owner,
    set_staff_active,
    update_staff,
)
from domain.errors import NotAllowed, ValidationFailed
from storage.accounts import StaffUserRow
from tests.integration.helpers import audit_entries, count, outbox
from tests.support import staff_actor


@pytest.fixture
async def owner(db):
    view = await create_first_owner(
        db.uow(),
        clinic_name="Riverside Allied Health",
        time_zone="Europe/London",
        name="Olivia Owner",
        email="olivia@example.com",
        password="correct horse 1",
        ip="192.0.2.1",
    )
    return view.actor("192.0.2.1")


def new_staff(**overrides):
    values = dict(
        name="Priya Patel",
        email="priya@example.com",
        role="practitioner",
        password="a long password",
        bookable=True,
        time_zone="Europe/London",
    )
    return values | overrides


async def test_first_owner_is_created_once(db):
    assert await needs_first_owner(db.uow())
    await create_first_owner(
        db.uow(),
        clinic_name="A",
        time_zone="UTC",
        name="First",
        email="first@example.com",
        password="correct horse 1",
        ip=None,
    )
    assert not await needs_first_owner(db.uow())
    with pytest.raises(NotAllowed, match="already has an owner"):
        await create_first_owner(
            db.uow(),
            clinic_name="B",
            time_zone="UTC",
            name="Second",
            email="second@example.com",
            password="correct horse 1",
            ip=None,
        )
    assert [s.email for s in await list_staff(db.uow())] == ["first@example.com"]


async def test_adding_staff_is_audited_and_emails_them(db, owner):
    added = await add_staff(db.uow(), actor=owner, **new_staff(), sign_in_url="http://clinic.example/login")
    [entry] = await audit_entries(db, "staff.added")
    assert (entry.actor_id, entry.record_type, entry.record_id, entry.ip) == (
        owner.user_id,
        "staff_user",
        added.id,
        "192.0.2.1",
    )
    [mail] = await outbox(db)
    assert mail.to_address == "priya@example.com" and "Riverside Allied Health" in mail.subject
    assert "http://clinic.example/login" in mail.body and "a long password" not in mail.body


async def test_duplicate_email_is_refused_and_nothing_is_written(db, owner):
    await add_staff(db.uow(), actor=owner, **new_staff())
    with pytest.raises(ValidationFailed) as refused:
        await add_staff(db.uow(), actor=owner, **new_staff(name="Someone Else", email="PRIYA@example.com"))
    assert refused.value.errors == {"email": DUPLICATE_EMAIL}
    assert await count(db, StaffUserRow) == 2 and len(await outbox(db)) == 1


async def test_two_simultaneous_adds_of_one_email_make_one_user(db, owner):
    results = await asyncio.gather(
        *(add_staff(db.uow(), actor=owner, **new_staff()) for _ in range(2)), return_exceptions=True
    )
    assert sum(isinstance(r, ValidationFailed) for r in results) == 1
    assert await count(db, StaffUserRow) == 2


async def test_bad_input_names_every_field(db, owner):
    with pytest.raises(ValidationFailed) as refused:
        await add_staff(
            db.uow(),
            actor=owner,
            name="  ",
            email="not-an-email",
            role="wizard",
            password="short",
            bookable=False,
            time_zone="Mars/Olympus",
        )
    assert set(refused.value.errors) == {"name", "email", "role", "password", "time_zone"}
    assert await count(db, StaffUserRow) == 1


@pytest.mark.parametrize("role", ["practitioner", "reception"])
async def test_only_owners_and_admins_manage_staff(db, owner, role):
    with pytest.raises(NotAllowed, match="Ask an owner or admin"):
        await add_staff(db.uow(), actor=staff_actor(user_id=99, role=role), **new_staff())


async def test_admin_cannot_make_an_owner(db, owner):
    with pytest.raises(NotAllowed, match="Only an owner"):
        await add_staff(db.uow(), actor=staff_actor(user_id=99, role="admin"), **new_staff(role="owner"))


async def test_the_last_owner_cannot_be_demoted_or_deactivated(db, owner):
    with pytest.raises(NotAllowed, match="at least one active owner"):
        await update_staff(
            db.uow(),
            actor=owner,
            user_id=owner.user_id,
            name="Olivia Owner",
            role="admin",
            bookable=False,
            time_zone="UTC",
        )
    with pytest.raises(NotAllowed, match="your own account"):
        await set_staff_active(db.uow(), actor=owner, user_id=owner.user_id, active=False)


async def test_role_change_is_audited_with_before_and_after(db, owner):
    added = await add_staff(db.uow(), actor=owner, **new_staff())
    await update_staff(
        db.uow(),
        actor=owner,
        user_id=added.id,
        name="Priya Patel",
        role="admin",
        bookable=True,
        time_zone="Europe/London",
    )
    [entry] = await audit_entries(db, "staff.updated")
    assert entry.summary == "role: 'practitioner' → 'admin'"
