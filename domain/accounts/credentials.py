"""Checking a password against repeated failures: shared by staff and portal sign-in.

Failures are counted per key (the email, prefixed for the portal) in login_failures.
"""

from datetime import datetime

from sqlalchemy import delete, func, select

from domain.accounts.passwords import verify_password
from domain.accounts.throttle import WINDOW, seconds_left
from domain.text import plain
from storage.accounts import LoginFailureRow
from storage.uow import UnitOfWork


async def seconds_to_wait(uow: UnitOfWork, key: str, now: datetime) -> int:
    failures, last = (
        await uow.session.execute(
            select(func.count(), func.max(LoginFailureRow.at)).where(
                LoginFailureRow.email == key, LoginFailureRow.at > now - WINDOW
            )
        )
    ).one()
    return seconds_left(failures, last, now)


def sign_in_email(typed: str | None) -> str:
    """The email typed at a sign-in, through the text rule and cut to the column (254): it is stored against
    failed attempts and written in the audit log, whatever a visitor sends."""
    return plain(typed).lower()[:247]  # 254 less "portal:"


async def password_matches(
    uow: UnitOfWork, *, key: str, password_hash: str | None, password: str, ip: str | None, now: datetime
) -> bool:
    """Inside the caller's transaction: a wrong password is recorded against `key`, a right one clears it.
    With no hash (unknown email) the check still costs the same, so timing does not tell."""
    if await verify_password(password_hash, password or ""):
        await uow.session.execute(delete(LoginFailureRow).where(LoginFailureRow.email == key))
        return True
    uow.session.add(LoginFailureRow(email=key, ip=ip, at=now))
    return False
