"""Signing staff in and out; sessions live in the database and expire."""

import hashlib
import secrets
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from domain.accounts.credentials import password_matches, seconds_to_wait, sign_in_email
from domain.accounts.passwords import hash_password, needs_rehash
from domain.accounts.roles import ROLE_LABELS
from domain.accounts.staff_views import StaffView
from domain.actor import Actor, anonymous
from domain.errors import DomainError, SessionEnded, TooManyAttempts
from storage.accounts import StaffSessionRow, StaffUserRow
from storage.types import utcnow
from storage.uow import UnitOfWork, rows_changed

IDLE_TIMEOUT = timedelta(hours=12)
MAX_AGE = timedelta(days=7)
TOUCH_EVERY = timedelta(minutes=1)
WRONG_CREDENTIALS = "Email or password is incorrect."


class SignInFailed(DomainError):
    pass


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def presented(token: str | None, binding: str) -> str | None:
    """What a tab presents for its session: the token the server keeps, joined to the browser's own secret."""
    if not token:
        return None
    return f"{token}.{binding}" if binding else token


async def sign_in(
    uow: UnitOfWork, *, email: str, password: str, ip: str | None, binding: str = ""
) -> tuple[str, StaffView]:
    """Returns a new session token. Failures are recorded (and audited) before refusing.

    `binding`: a secret the browser holds (in its signed cookie), never the server. The session is stored as the
    digest of token + binding, so the token kept in the server's session files does not work on its own: every
    later call presents token + binding (see `presented`)."""
    email = sign_in_email(email)
    now = utcnow()
    async with uow:
        s = uow.session
        wait = await seconds_to_wait(uow, email, now)
        if wait:
            uow.audit(anonymous(ip), "staff.sign_in_refused", summary=f"{email}: locked for {wait} s")
            await uow.commit()
            raise TooManyAttempts(wait)
        user = (await s.execute(select(StaffUserRow).where(StaffUserRow.email == email))).scalar_one_or_none()
        if not await password_matches(
            uow, key=email, password_hash=user.password_hash if user else None, password=password, ip=ip, now=now
        ):
            uow.audit(anonymous(ip), "staff.sign_in_failed", "staff_user", user.id if user else None, summary=email)
            await uow.commit()
            raise SignInFailed(WRONG_CREDENTIALS)
        assert user is not None  # a password matched: there is a user
        if not user.active:
            uow.audit(anonymous(ip), "staff.sign_in_refused", "staff_user", user.id, summary="deactivated")
            await uow.commit()
            raise SignInFailed("This account is deactivated. Ask your clinic's owner or admin.")
        if needs_rehash(user.password_hash):
            user.password_hash = await hash_password(password)
        token = secrets.token_urlsafe(32)
        s.add(
            StaffSessionRow(
                token_hash=_digest(presented(token, binding) or token),
                user_id=user.id,
                created_at=now,
                last_seen_at=now,
                expires_at=now + MAX_AGE,
                ip=ip,
            )
        )
        view = StaffView.of(user)
        uow.audit(view.actor(ip), "staff.signed_in", "staff_user", user.id)
        await uow.commit()
    return token, view


async def resume_session(uow: UnitOfWork, *, token: str | None) -> StaffView | None:
    """The signed-in staff user for this token, or None when it is unknown, expired or revoked."""
    if not token:
        return None
    now = utcnow()
    async with uow:
        row = (
            await uow.session.execute(
                select(StaffSessionRow, StaffUserRow)
                .join(StaffUserRow)
                .where(StaffSessionRow.token_hash == _digest(token))
            )
        ).one_or_none()
        if row is None:
            return None
        session, user = row
        if (
            session.revoked_at
            or now >= session.expires_at
            or now - session.last_seen_at > IDLE_TIMEOUT
            or not user.active
        ):
            return None
        if now - session.last_seen_at > TOUCH_EVERY:
            session.last_seen_at = now
            await uow.commit()
        return StaffView.of(user)


async def sign_out(uow: UnitOfWork, *, actor: Actor, token: str | None) -> None:
    if not token:
        return
    async with uow:
        result = await uow.session.execute(
            update(StaffSessionRow)
            .where(StaffSessionRow.token_hash == _digest(token), StaffSessionRow.revoked_at.is_(None))
            .values(revoked_at=utcnow())
        )
        if rows_changed(result):
            uow.audit(actor, "staff.signed_out", "staff_user", actor.user_id)
        await uow.commit()


async def revoke_sessions_of(uow: UnitOfWork, user_id: int) -> None:
    """Inside a caller's transaction: signs a user out everywhere."""
    await uow.session.execute(
        update(StaffSessionRow)
        .where(StaffSessionRow.user_id == user_id, StaffSessionRow.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def session_guard(token: str | None, role: str) -> Callable[[AsyncSession], Awaitable[None]]:
    """A unit-of-work guard for one open tab: every action first checks that the staff session behind it is
    still signed in (not signed out, expired or deactivated) and that the user's role is still `role`.
    Raises SessionEnded otherwise, so a stale tab never keeps rights its user no longer has."""
    digest = _digest(token) if token else None

    async def check(session: AsyncSession) -> None:
        now = utcnow()
        found = (
            (
                await session.execute(
                    select(
                        StaffSessionRow.revoked_at,
                        StaffSessionRow.expires_at,
                        StaffSessionRow.last_seen_at,
                        StaffUserRow.active,
                        StaffUserRow.role,
                    )
                    .join(StaffUserRow)
                    .where(StaffSessionRow.token_hash == digest)
                )
            ).one_or_none()
            if digest
            else None
        )
        if (
            found is None
            or found.revoked_at
            or now >= found.expires_at
            or not found.active
            or now - found.last_seen_at > IDLE_TIMEOUT
        ):
            raise SessionEnded(
                "You have been signed out (on another tab or device, by an admin, or after a "
                "long break). Sign in again to carry on; nothing was changed.",
                signed_out=True,
            )
        if found.role != role:
            raise SessionEnded(
                f"Your role changed to {ROLE_LABELS.get(found.role, found.role)}; the page reloads "
                "with what you may do now. Nothing was changed.",
                signed_out=False,
            )
        if now - found.last_seen_at > TOUCH_EVERY:  # a tab in use keeps its session alive, not only page loads
            try:
                await session.execute(
                    update(StaffSessionRow).where(StaffSessionRow.token_hash == digest).values(last_seen_at=now)
                )
                await session.commit()  # before the action's own work begins: this transaction holds nothing else
            except DBAPIError:  # busy: the next action touches it
                await session.rollback()

    return check
