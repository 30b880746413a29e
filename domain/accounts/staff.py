"""Managing staff users: the first owner, adding, editing, deactivating."""

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from domain import topics
from domain.accounts.passwords import hash_password
from domain.accounts.roles import ROLE_LABELS, ROLES, may_assign, require
from domain.accounts.sessions import revoke_sessions_of
from domain.accounts.staff_views import StaffView
from domain.actor import Actor, anonymous
from domain.errors import NotAllowed, NotFound, ValidationFailed
from domain.messaging.outbox import queue_email
from domain.validation import Errors, clean_email, clean_password, clean_text, clean_time_zone
from storage.accounts import StaffUserRow
from storage.clinic import CLINIC_ID, ClinicRow, clinic_row
from storage.uow import UnitOfWork

DUPLICATE_EMAIL = "A staff user with this email already exists."


def _check_role(errors: Errors, role: str) -> None:
    if role not in ROLES:
        errors["role"] = f"Choose a role: {', '.join(ROLE_LABELS.values())}."


async def _email_taken(uow: UnitOfWork, email: str, except_id: int | None = None) -> bool:
    query = select(StaffUserRow.id).where(StaffUserRow.email == email)
    if except_id is not None:
        query = query.where(StaffUserRow.id != except_id)
    return (await uow.session.execute(query)).first() is not None


async def _flush_unique(uow: UnitOfWork) -> None:
    try:
        await uow.session.flush()
    except IntegrityError:  # lost a race with another add of the same email
        raise ValidationFailed({"email": DUPLICATE_EMAIL}) from None


async def needs_first_owner(uow: UnitOfWork) -> bool:
    async with uow:
        return not (await uow.session.execute(select(func.count()).select_from(StaffUserRow))).scalar_one()


async def create_first_owner(
    uow: UnitOfWork, *, clinic_name: str, time_zone: str, name: str, email: str, password: str, ip: str | None
) -> StaffView:
    """The very first visit to an empty database makes its owner (and names the clinic)."""
    errors = Errors()
    clinic_name = clean_text(errors, "clinic_name", "Clinic name", clinic_name, max_length=120)
    time_zone = clean_time_zone(errors, "time_zone", time_zone)
    name = clean_text(errors, "name", "Your name", name, max_length=120)
    email = clean_email(errors, "email", email)
    password = clean_password(errors, "password", password)
    errors.raise_if_any()
    async with uow:
        clinic = (
            await uow.session.execute(select(ClinicRow).where(ClinicRow.id == CLINIC_ID).with_for_update())
        ).scalar_one()
        if (await uow.session.execute(select(func.count()).select_from(StaffUserRow))).scalar_one():
            raise NotAllowed("This clinic already has an owner. Sign in instead.")
        clinic.name, clinic.time_zone = clinic_name, time_zone
        user = StaffUserRow(
            email=email,
            name=name,
            role="owner",
            password_hash=await hash_password(password),
            active=True,
            bookable=False,
            time_zone=time_zone,
        )
        uow.session.add(user)
        await _flush_unique(uow)
        uow.audit(anonymous(ip), "staff.first_owner_created", "staff_user", user.id, summary=f"{name} <{email}>")
        uow.changed(topics.CLINIC)
        await uow.commit()
    return StaffView.of(user)


async def list_staff(uow: UnitOfWork, *, include_inactive: bool = True) -> list[StaffView]:
    async with uow:
        query = select(StaffUserRow).order_by(StaffUserRow.active.desc(), StaffUserRow.name)
        if not include_inactive:
            query = query.where(StaffUserRow.active.is_(True))
        return [StaffView.of(r) for r in (await uow.session.execute(query)).scalars()]


async def add_staff(
    uow: UnitOfWork,
    *,
    actor: Actor,
    name: str,
    email: str,
    role: str,
    password: str,
    bookable: bool,
    time_zone: str,
    sign_in_url: str = "",
) -> StaffView:
    require(actor, "staff.manage")
    errors = Errors()
    name = clean_text(errors, "name", "Name", name, max_length=120)
    email = clean_email(errors, "email", email)
    _check_role(errors, role)
    password = clean_password(errors, "password", password)
    time_zone = clean_time_zone(errors, "time_zone", time_zone)
    errors.raise_if_any()
    if not may_assign(actor.role, None, role):
        raise NotAllowed("Only an owner can add another owner.")
    async with uow:
        if await _email_taken(uow, email):
            raise ValidationFailed({"email": DUPLICATE_EMAIL})
        user = StaffUserRow(
            email=email,
            name=name,
            role=role,
            password_hash=await hash_password(password),
            active=True,
            bookable=bookable or role == "practitioner",
            time_zone=time_zone,
        )
        uow.session.add(user)
        await _flush_unique(uow)
        clinic = await clinic_row(uow.session)
        queue_email(
            uow,
            to=email,
            subject=f"You have been added to {clinic.name} on Hearth",
            body=(
                f"Hello {name},\n\n{actor.label.split(' <')[0]} added you to {clinic.name} as "
                f"{ROLE_LABELS[role]}.\nSign in with this email address{' at ' + sign_in_url if sign_in_url else ''}; "
                "your password was given to you by the person who added you.\n"
            ),
            record_type="staff_user",
            record_id=user.id,
        )
        uow.audit(actor, "staff.added", "staff_user", user.id, summary=f"{name} <{email}> as {ROLE_LABELS[role]}")
        uow.changed(topics.STAFF, topics.CALENDAR)
        await uow.commit()
    return StaffView.of(user)


async def _active_owner_count(uow: UnitOfWork) -> int:
    return (
        await uow.session.execute(
            select(func.count())
            .select_from(StaffUserRow)
            .where(StaffUserRow.role == "owner", StaffUserRow.active.is_(True))
        )
    ).scalar_one()


async def _editable(uow: UnitOfWork, actor: Actor, user_id: int) -> StaffUserRow:
    user = (
        await uow.session.execute(select(StaffUserRow).where(StaffUserRow.id == user_id).with_for_update())
    ).scalar_one_or_none()
    if user is None:
        raise NotFound("That staff user no longer exists.")
    if not may_assign(actor.role, user.role, user.role):
        raise NotAllowed("Only an owner can change an owner's account.")
    return user


async def update_staff(
    uow: UnitOfWork, *, actor: Actor, user_id: int, name: str, role: str, bookable: bool, time_zone: str
) -> StaffView:
    require(actor, "staff.manage")
    errors = Errors()
    name = clean_text(errors, "name", "Name", name, max_length=120)
    _check_role(errors, role)
    time_zone = clean_time_zone(errors, "time_zone", time_zone)
    errors.raise_if_any()
    async with uow:
        user = await _editable(uow, actor, user_id)
        if not may_assign(actor.role, user.role, role):
            raise NotAllowed("Only an owner can make someone an owner.")
        if user.role == "owner" and role != "owner" and user.active and await _active_owner_count(uow) == 1:
            raise NotAllowed("The clinic needs at least one active owner. Make someone else owner first.")
        changed = [
            f"{label}: {old!r} → {new!r}"
            for label, old, new in (
                ("name", user.name, name),
                ("role", user.role, role),
                ("takes appointments", user.bookable, bookable),
                ("time zone", user.time_zone, time_zone),
            )
            if old != new
        ]
        user.name, user.role, user.bookable, user.time_zone = name, role, bookable, time_zone
        uow.audit(actor, "staff.updated", "staff_user", user.id, summary="; ".join(changed) or "no change")
        uow.changed(topics.STAFF, topics.CALENDAR)
        await uow.commit()
    return StaffView.of(user)


async def set_staff_active(uow: UnitOfWork, *, actor: Actor, user_id: int, active: bool) -> StaffView:
    require(actor, "staff.manage")
    if user_id == actor.user_id and not active:
        raise NotAllowed("You cannot deactivate your own account.")
    async with uow:
        user = await _editable(uow, actor, user_id)
        if not active and user.role == "owner" and user.active and await _active_owner_count(uow) == 1:
            raise NotAllowed("The clinic needs at least one active owner.")
        user.active = active
        if not active:
            await revoke_sessions_of(uow, user.id)
        uow.audit(
            actor, "staff.reactivated" if active else "staff.deactivated", "staff_user", user.id, summary=user.name
        )
        uow.changed(topics.STAFF, topics.CALENDAR)
        await uow.commit()
    return StaffView.of(user)
