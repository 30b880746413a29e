"""My Account > Who can see my information (/portal/account/access): everyone who can see or act on the current
profile's record and why, with Revoke for what this client granted (live: a relationship made or changed by staff
or the other person shows at once). Only for the login's own records: a relative's list is theirs."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui

from domain import topics
from domain.households.access import PortalView
from domain.households.who_can_see import Access, portal_revoke, portal_who_can_see
from ui.actions import FAILED, attempt, go_with_message
from ui.booking.layout import Heading
from ui.components.confirm import confirm
from ui.live import live_box
from ui.outcome import page_client
from ui.portal.frame import FAMILY_MEMBERS, SIGN_IN, WHO_CAN_SEE, open_portal, portal_frame
from ui.session import client_ip
from ui.state import uow

router = APIRouter()


@router.page(WHO_CAN_SEE, title="Who can see my information · Client Portal")
async def who_can_see_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    ip = client_ip(request)
    with portal_frame(who, clinic.name):
        Heading("Who can see my information", 1).mark("page-heading")
        if "relate" not in who.actions:
            ui.label(f"This is {who.name}'s to see: switch back to your own profile.").classes("text-body1")
            return None
        whose = f"{who.name}'s" if who.viewing_other else "your"
        ui.label(
            f"Everyone who can see or act on {whose} "
            f"information at {clinic.name}, and why. Revoke takes back what you granted."
        ).classes("text-body1")
        live_box(
            lambda: portal_who_can_see(uow(), who=who),
            lambda found: _draw(who, found, ip),
            topics.person(who.person_id),
            topics.RELATIONSHIPS,
            classes="w-full gap-3",
            style="",
        )
        ui.link("Family Members", FAMILY_MEMBERS).classes("text-body1 hearth-touch inline-flex items-center")
    return None


def _draw(who: PortalView, found: list[Access], ip: str | None) -> None:
    with ui.column().classes("w-full gap-3").mark("access-list") as listing:
        listing.props["role"] = "list"
        for access in found:
            with ui.card().classes("w-full").mark(f"access-{access.person_id or 'staff'}") as card:
                card.props["role"] = "listitem"
                ui.label(access.name).classes("text-subtitle1 text-weight-medium").mark("access-name")
                ui.label(access.why).classes("text-body2 text-grey-8").mark("access-why")
                with ui.column().classes("gap-0"):
                    for line in access.can:
                        ui.label(f"• {line}").classes("text-body2").mark("access-can")
                if access.revocable and access.person_id is not None:
                    ui.button("Revoke", on_click=lambda a=access: _revoke(who, a, ip)).props(
                        "outline no-caps color=negative"
                    ).classes("hearth-touch").mark("revoke")


async def _revoke(who: PortalView, access: Access, ip: str | None) -> None:
    client = page_client()
    question = f"{access.name} will no longer be able to:\n" + "\n".join(f"• {c}" for c in access.can)
    if not await confirm(question, title=f"Revoke what you granted {access.name}?", yes="Revoke", no="Keep it",
                         client=client):  # fmt: skip
        return
    assert access.person_id is not None
    message = await attempt(portal_revoke, uow(), who=who, other_id=access.person_id, ip=ip, client=client)
    if message is not FAILED:
        go_with_message(WHO_CAN_SEE, message, client=client)
