"""Roles and what each may do. The one place that answers "may this staff user do X?"."""

from domain.actor import Actor
from domain.errors import NotAllowed

ROLES = ("owner", "admin", "practitioner", "reception")
ROLE_LABELS = {"owner": "Owner", "admin": "Admin", "practitioner": "Practitioner", "reception": "Reception"}

_EVERYONE = frozenset(ROLES)
_MANAGERS = frozenset({"owner", "admin"})
CAPABILITIES: dict[str, frozenset[str]] = {
    "people.read": _EVERYONE,
    "calendar": _EVERYONE,
    "billing": _EVERYONE,
    "setup": _MANAGERS,
    "staff.manage": _MANAGERS,
    "audit.read": _MANAGERS,
    "outbox.read": frozenset({"owner", "admin", "reception"}),
    "records.admin": _MANAGERS,  # a profile's admin notes and admin files
}
CAPABILITY_LABELS = {
    "people.read": "People",
    "calendar": "the Calendar",
    "billing": "Billing",
    "setup": "Setup",
    "staff.manage": "staff management",
    "audit.read": "the Audit log",
    "outbox.read": "the Outbox",
    "records.admin": "admin notes and files",
}


def can(role: str | None, capability: str) -> bool:
    return role in CAPABILITIES[capability]


def require(actor: Actor, capability: str) -> None:
    if not can(actor.role, capability):
        raise NotAllowed(
            f"Your role ({ROLE_LABELS.get(actor.role or '', 'none')}) cannot use "
            f"{CAPABILITY_LABELS[capability]}. Ask an owner or admin."
        )


def may_assign(actor_role: str | None, current_role: str | None, new_role: str) -> bool:
    """Admins manage everyone but owners; only an owner makes or unmakes an owner."""
    if actor_role == "owner":
        return True
    if actor_role == "admin":
        return "owner" not in (current_role, new_role)
    return False
