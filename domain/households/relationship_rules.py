"""Relationships' words and rules (seed 002), pure: the relations, the five permissions in the seed's words, what
each lets a portal login do, and how a relationship reads from either side."""

from dataclasses import dataclass

from storage.relationships import RELATIONS

# The five permissions, in the seed's words and order. A grantor grants them to a grantee over the grantor's record.
PERMISSIONS: dict[str, str] = {
    "view_pay": "View and Pay",
    "manage": "Manage Bookings and Intake Forms",
    "reminders": "Receive a copy of email notifications and reminders",
    "financial": "Receive a copy of receipts, statements, and financial emails",
    "calendar": "See appointments in calendar subscriptions",
}
BILL_TO_ME = "bill_to_me"  # the grantee may bill their payments to the grantor's account (its saved card)
BILL_TO_ME_LABEL = "I would like to give permission for this family member to bill their payments to my account"
FLAGS = (*PERMISSIONS, BILL_TO_ME)
# What each permission lets a portal login do on the grantor's record (domain/households/access.py's actions).
# Files and chart entries shared with a client stay in that client's own login (seed 002's note): never granted.
PORTAL_ACTIONS: dict[str, frozenset[str]] = {
    "view_pay": frozenset({"pay"}),
    "manage": frozenset({"view", "book", "cancel", "forms"}),
}
RELATION_LABELS = {
    "parent": "Parent",
    "child": "Child",
    "spouse": "Spouse",
    "partner": "Partner",
    "guardian": "Guardian",
    "ward": "Ward (under guardianship)",
    "carer": "Carer",
    "cared_for": "Cared-for person",
    "sibling": "Sibling",
    "other": "Other",
}
INVERSE = {
    "parent": "child",
    "child": "parent",
    "spouse": "spouse",
    "partner": "partner",
    "guardian": "ward",
    "ward": "guardian",
    "carer": "cared_for",
    "cared_for": "carer",
    "sibling": "sibling",
    "other": "other",
}
assert set(RELATION_LABELS) == set(INVERSE) == set(RELATIONS)


def relation_label(relation: str) -> str:
    return RELATION_LABELS.get(relation, relation)


def permission_labels(flags: frozenset[str], *, bill: str = "Bill their payments to this account") -> list[str]:
    """The granted permissions in the seed's words and order (billing to the grantor's account last, worded by
    `bill`: to the grantor themselves, "Bill their payments to your account (your saved cards)")."""
    labels = [label for key, label in PERMISSIONS.items() if key in flags]
    if BILL_TO_ME in flags:
        labels.append(bill)
    return labels


def portal_actions(flags: frozenset[str]) -> frozenset[str]:
    """What the grantee's portal login may do on the grantor's record with these permissions."""
    actions: frozenset[str] = frozenset()
    for key, granted in PORTAL_ACTIONS.items():
        if key in flags:
            actions |= granted
    return actions


def clean_flags(flags: object) -> frozenset[str]:
    """Only known permission keys are kept (a form post may hold anything)."""
    if not isinstance(flags, (list, tuple, set, frozenset)):
        return frozenset()
    return frozenset(f for f in flags if isinstance(f, str) and f in FLAGS)


@dataclass(frozen=True)
class Grant:
    """One direction of a relationship: `grantor` lets `grantee` do `flags` on the grantor's record."""

    grantor_id: int
    grantee_id: int
    relation: str  # what the grantee is to the grantor
    flags: frozenset[str]
