"""Who is acting: carried into every service for permission checks and the audit log."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    label: str
    role: str | None = None
    ip: str | None = None


SYSTEM = Actor(user_id=None, label="Hearth (system)")


def anonymous(ip: str | None) -> Actor:
    return Actor(user_id=None, label="Anonymous visitor", ip=ip)
