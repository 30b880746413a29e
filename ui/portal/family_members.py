"""My Account > Family Members (/portal/account/family, seed 002): each family member with what *I* let them do, the
pencil to change it, and the red Remove (the relationship and all permissions end, both ways); "Add a family member"
when the clinic allows it (otherwise how to ask the clinic). What a family member lets me do is theirs to change:
it is never shown or edited here. Live: a change anywhere (the clinic, the other side removing us) redraws the list.

The sign-up question ("Will you use this account to book appointments for family members?") is in
family_welcome.py, included here."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain import topics
from domain.households.access import PortalView
from domain.households.portal_family import (
    FamilyMember,
    add_family_member,
    contact_the_clinic,
    edit_my_grants,
    family_adding_open,
    portal_family_members,
    remove_family_member,
)
from domain.households.relationship_rules import BILL_TO_ME, BILL_TO_ME_LABEL, PERMISSIONS
from ui.actions import FAILED, attempt
from ui.booking.layout import Heading
from ui.components.confirm import confirm
from ui.components.dialogs import page_dialog
from ui.live import live_box
from ui.outcome import page_client, tell
from ui.portal import family_welcome
from ui.portal.family_sign_up import member_fields
from ui.portal.frame import FAMILY_MEMBERS, SIGN_IN, SWITCH, empty, open_portal, portal_frame, section_card
from ui.session import client_ip
from ui.state import uow

router = APIRouter()
router.include_router(family_welcome.router)
THEIRS = "You can change what you share with them here. What they share with you is theirs to change."


def _remove_question(name: str) -> str:
    return f"Remove {name}? The relationship and all permissions between your profiles end, both ways."


def _member(who: PortalView, member: FamilyMember, ip: str | None) -> None:
    with ui.element("div").classes("w-full").mark("family-member") as item:
        item.props["role"] = "listitem"
        with ui.row().classes("w-full items-start no-wrap gap-2"):
            with ui.column().classes("col gap-0"):
                ui.label(member.other_name).classes("text-subtitle1 text-weight-medium").mark("member-name")
                ui.label(member.relation_label).classes("text-body2 text-grey-8").mark("member-relation")
            edit = ui.button(icon="edit", on_click=lambda: _edit(who, member, ip)).props("flat round color=primary")
            edit.classes("hearth-touch").mark("edit-member")
            edit.props["aria-label"] = f"Edit what you share with {member.other_name}"  # a property, never parsed
        shared = ", ".join(member.gives_labels) or "nothing yet"
        ui.label(f"You let them: {shared}").classes("text-body2").mark("member-gives")
        remove = ui.button("Remove", icon="link_off", on_click=lambda: _remove(who, member, ip))
        remove.props("outline no-caps color=negative").classes("hearth-touch q-mt-xs").mark("remove-member")
        remove.props["aria-label"] = f"Remove {member.other_name}"


def _edit(who: PortalView, member: FamilyMember, ip: str | None) -> None:
    """The pencil: what I let this family member do, the five permissions and billing to my account."""
    client = page_client()
    title = f"What you share with {member.other_name}"
    with page_dialog(width="min(30rem, 95vw)", client=client, label=title) as dialog:
        ui.label(title).classes("text-h6")
        ui.label(f"{member.other_name} can, with your information:").classes("text-body2 text-grey-8")
        boxes = {
            key: ui.checkbox(label, value=key in member.gives).classes("hearth-touch text-body1").mark(f"give-{key}")
            for key, label in (*PERMISSIONS.items(), (BILL_TO_ME, BILL_TO_ME_LABEL))
        }

        async def save() -> None:
            gives = [key for key, box in boxes.items() if box.value]
            said = await attempt(
                edit_my_grants, uow(), who=who, other_id=member.other_id, gives=gives, ip=ip, client=client
            )
            if said is not FAILED:  # refused: the dialog stays, with what was ticked, beside the message
                tell(client, str(said))
                dialog.close()

        with ui.row().classes("w-full justify-end gap-2 q-mt-sm"):
            ui.button("Cancel", on_click=dialog.close).props("flat no-caps").classes("hearth-touch").mark("edit-cancel")
            ui.button("Save", on_click=save).props("unelevated no-caps").classes("hearth-touch").mark("edit-save")
    dialog.open()


async def _remove(who: PortalView, member: FamilyMember, ip: str | None) -> None:
    client = page_client()
    if not await confirm(
        _remove_question(member.other_name), yes="Remove", title="Remove family member", client=client
    ):
        return
    said = await attempt(remove_family_member, uow(), who=who, other_id=member.other_id, ip=ip, client=client)
    if said is not FAILED:
        tell(client, str(said))


def _listing(who: PortalView, members: list[FamilyMember], ip: str | None) -> None:
    with section_card("Your family members", "family-list"):
        if not members:
            empty("No family members yet. Add one below to book appointments for them.")
            return
        with ui.column().classes("w-full gap-4") as listing:
            listing.props["role"] = "list"
            for member in members:
                _member(who, member, ip)
        ui.label(THEIRS).classes("text-body2 text-grey-8").mark("theirs-to-change")


def _add_form(who: PortalView, ip: str | None) -> None:
    with section_card("Add a family member", "add-family-member"):
        ui.label(
            "They become a client of the clinic too, and let you book appointments and complete forms for them, pay "
            "their invoices and receive copies of their emails. We email them to tell them."
        ).classes("text-body2 text-grey-8")
        fields = member_fields()
        busy = {"now": False}

        async def add() -> None:
            if busy["now"]:  # a double tap: one family member
                return
            busy["now"] = True
            try:
                said = await attempt(add_family_member, uow(), who=who, ip=ip, fields=fields.fields, **fields.values())
            finally:
                busy["now"] = False
            if said is not FAILED:
                tell(page_client(), str(said))
                fields.clear()

        button = ui.button("Add family member", icon="person_add", on_click=add).props("unelevated no-caps size=lg")
        button.classes("w-full hearth-touch").mark("add-member-submit")


@router.page(FAMILY_MEMBERS, title="Family Members · Client Portal")
async def family_members_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    ip = client_ip(request)
    with portal_frame(who, clinic.name):
        Heading("Family Members", 1).mark("page-heading")
        if "relate" not in who.actions:  # a relative's profile reached through their grant: theirs to manage
            ui.label(f"Family Members are managed from your own profile: {who.name}'s are theirs.").classes(
                "text-body1"
            ).mark("not-yours")
            ui.link("Switch Profile", SWITCH).classes("text-body1 hearth-touch inline-flex items-center")
            return None
        ui.label("The people you book appointments for, and what you let them do.").classes("text-body1")
        live_box(
            lambda: portal_family_members(uow(), who=who, ip=ip),
            lambda members: _listing(who, members, ip),
            topics.person(who.person_id),
            classes="w-full gap-3",
            style="",
        )
        if await family_adding_open(uow(read_only=True)):
            _add_form(who, ip)
        else:
            with section_card("Add a family member", "add-family-member"):
                ui.label(contact_the_clinic(clinic.name, clinic.phone)).classes("text-body1").mark("ask-the-clinic")
    return None
