"""Who may do what."""

import pytest

from domain.accounts.roles import can, may_assign, require
from domain.actor import Actor
from domain.errors import NotAllowed


@pytest.mark.parametrize(
    "role, capability, allowed",
    [
        ("owner", "setup", True),
        ("admin", "setup", True),
        ("practitioner", "setup", False),
        ("reception", "setup", False),
        ("reception", "outbox.read", True),
        ("practitioner", "outbox.read", False),
        ("practitioner", "people.read", True),
        ("admin", "audit.read", True),
        ("reception", "audit.read", False),
        (None, "people.read", False),
    ],
)
def test_capabilities_by_role(role, capability, allowed):
    assert can(role, capability) is allowed


def test_refusal_names_the_role():
    with pytest.raises(NotAllowed, match=r"Your role \(Reception\) cannot use Setup"):
        require(Actor(user_id=3, label="Rita", role="reception"), "setup")


def test_only_owners_make_or_unmake_owners():
    assert may_assign("owner", "admin", "owner")
    assert may_assign("admin", "reception", "practitioner")
    assert not may_assign("admin", "reception", "owner")
    assert not may_assign("admin", "owner", "admin")
    assert not may_assign("practitioner", None, "reception")
