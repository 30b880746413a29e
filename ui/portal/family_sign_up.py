"""What adding a family member in the Client Portal shares (seed 002): the fields (relationship, first name, last name,
email, all required, and the billing checkbox in the seed's words), and where a new account goes once created: to
the question "Will you use this account to book appointments for family members?" when the clinic allows related
profiles, otherwise to Home. Used by My Account > Family Members, the sign-up question page, Create an account and
the invitation's page."""

from dataclasses import dataclass
from urllib.parse import quote

from nicegui import ui

from domain.households.portal_family import family_adding_open
from domain.households.relationship_rules import BILL_TO_ME_LABEL, RELATION_LABELS
from ui.portal.frame import FAMILY_MEMBERS
from ui.state import uow

FAMILY_WELCOME = f"{FAMILY_MEMBERS}/welcome"  # the sign-up question, once the account exists
WELCOME_START = f"{FAMILY_MEMBERS}/start"  # trades the sign-in ticket for the cookie, then the question


async def after_sign_up(ticket: str) -> str:
    """Where a browser goes with the ticket of an account just created (Create an account, an invitation)."""
    if await family_adding_open(uow(read_only=True)):
        return f"{WELCOME_START}?ticket={quote(ticket)}"
    return f"/portal/start?ticket={quote(ticket)}"


@dataclass
class MemberFields:
    """One family member's fields; `fields` maps the service's error keys to them (errors show at the field)."""

    relation: ui.select
    first_name: ui.input
    last_name: ui.input
    email: ui.input
    bill_to_me: ui.checkbox

    @property
    def fields(self) -> dict[str, ui.element]:
        return {
            "relation": self.relation,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
        }

    def values(self) -> dict[str, object]:
        """The service's keyword arguments."""
        return {
            "relation": self.relation.value or "",
            "first_name": self.first_name.value or "",
            "last_name": self.last_name.value or "",
            "email": self.email.value or "",
            "bill_to_me": bool(self.bill_to_me.value),
        }

    def clear(self) -> None:
        self.relation.value = None
        for element in (self.first_name, self.last_name, self.email):
            element.value = ""
        self.bill_to_me.value = False


def member_fields(suffix: str = "") -> MemberFields:
    """Draws the fields, one above the other (a phone's width), each with a marker (+ `suffix`: rows of several)."""
    relation = (
        ui.select(RELATION_LABELS, label="Relationship (they are your …) *", value=None)
        .props("outlined")
        .classes("w-full hearth-touch")
        .mark(f"relation{suffix}")
    )
    first = (
        ui.input("First name *")
        .props("outlined autocomplete=off maxlength=80")
        .classes("w-full")
        .mark(f"first_name{suffix}")
    )
    last = (
        ui.input("Last name *")
        .props("outlined autocomplete=off maxlength=80")
        .classes("w-full")
        .mark(f"last_name{suffix}")
    )
    email = ui.input("Email *").props("outlined type=email autocomplete=off").classes("w-full").mark(f"email{suffix}")
    bill = ui.checkbox(BILL_TO_ME_LABEL).classes("hearth-touch text-body1").mark(f"bill_to_me{suffix}")
    ui.label("Ticked, they may pay with the cards saved to your account, now and in the future.").classes(
        "text-body2 text-grey-8 q-pl-xl"
    )
    return MemberFields(relation, first, last, email, bill)
