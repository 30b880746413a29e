"""Sign-up with family members (seed 002): once a new client's account exists (Create an account, or an invitation
accepted) and the clinic allows related profiles, the portal asks "Will you use this account to book appointments for
family members?". Yes: a row per family member (relationship, first name, last name, email, all required, and the
billing checkbox), Add Another Family Member, and Continue, which adds them one by one: each row says what happened,
a row with a mistake keeps its values and shows the error at its field, the others are not lost. No: Home."""

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, ui
from nicegui.client import Client

from domain.households.access import PortalView
from domain.households.portal_family import add_family_member, family_adding_open
from ui.actions import FAILED, attempt, go_with_message
from ui.booking.layout import Heading
from ui.outcome import page_client, tell
from ui.portal.family_sign_up import FAMILY_WELCOME, WELCOME_START, MemberFields, member_fields
from ui.portal.frame import SIGN_IN, open_portal, portal_frame, section_card
from ui.portal.sign_in import start
from ui.session import client_ip
from ui.state import uow

router = APIRouter()
HOME = "/portal"
QUESTION = "Will you use this account to book appointments for family members?"


@router.get(WELCOME_START)
async def welcome_start(ticket: str = ""):
    """The portal's own ticket hand-off (the cookie), then the question instead of Home."""
    response = await start(ticket)
    if response.headers.get("location") == HOME:
        response.headers["location"] = FAMILY_WELCOME
    return response


class FamilyRows:
    """The rows of family members being added, and Continue."""

    def __init__(self, who: PortalView, ip: str | None) -> None:
        self.who, self.ip = who, ip
        self.rows: list[tuple[ui.card, MemberFields]] = []
        self.added: list[str] = []  # what was said for each row saved
        self.count = 0
        self.busy = False
        self.box = ui.column().classes("w-full gap-3").mark("family-rows")
        self.add_row()
        another = ui.button("Add Another Family Member", icon="add", on_click=self.add_row)
        another.props("outline no-caps").classes("w-full hearth-touch").mark("add-another")
        go = ui.button("Continue", on_click=self.save_all).props("unelevated no-caps size=lg")
        go.classes("w-full hearth-touch").mark("family-continue")

    def add_row(self) -> None:
        self.count += 1
        number = self.count
        with self.box, ui.card().classes("w-full gap-2").mark("family-row") as card:
            with ui.row().classes("w-full items-center no-wrap"):
                ui.label("Family member").classes("text-subtitle1 text-weight-medium col")
                drop = ui.button(icon="close", on_click=lambda: self.drop(card)).props("flat round")
                drop.classes("hearth-touch").mark(f"drop-row-{number}")
                drop.props["aria-label"] = "Remove this family member from the list"
            fields = member_fields(f"-{number}")
        self.rows.append((card, fields))

    def drop(self, card: ui.card) -> None:
        self.rows = [(c, f) for c, f in self.rows if c is not card]
        card.delete()

    async def save_all(self) -> None:
        """Adds each row in turn; a row saved becomes a line saying so (never sent twice)."""
        if self.busy:
            return
        client = page_client()
        self.busy = True
        try:
            for card, fields in list(self.rows):
                said = await attempt(
                    add_family_member, uow(), who=self.who, ip=self.ip, fields=fields.fields, client=client,
                    **fields.values(),
                )  # fmt: skip
                if said is FAILED:
                    continue
                self.added.append(str(said))
                self.rows = [(c, f) for c, f in self.rows if c is not card]
                if not card.is_deleted:
                    card.clear()
                    with card:
                        ui.label(str(said)).classes("text-body1").mark("row-saved")
        finally:
            self.busy = False
        self._next(client)

    def _next(self, client: Client) -> None:
        if not self.rows:
            go_with_message(HOME, " ".join(self.added) or "Welcome to the Client Portal.", client=client)
        elif self.added:
            tell(client, "Saved the family members marked so. Correct the rows in red, then press Continue.", "warning")


@router.page(FAMILY_WELCOME, title="Family members · Client Portal")
async def family_welcome_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    if "relate" not in who.actions or not await family_adding_open(uow(read_only=True)):
        return RedirectResponse(HOME)
    ip = client_ip(request)

    def yes() -> None:
        answers.set_visibility(False)
        with rows_box:
            FamilyRows(who, ip)

    with portal_frame(who, clinic.name):
        Heading(f"Welcome, {who.first_name}", 1).mark("page-heading")
        ui.label("Your account is ready.").classes("text-body1")
        with section_card(QUESTION, "family-question"):
            with ui.row().classes("w-full no-wrap gap-2") as answers:
                ui.button("Yes", on_click=yes).props("unelevated no-caps size=lg").classes("col hearth-touch").mark(
                    "family-yes"
                )
                ui.button("No", on_click=lambda: ui.navigate.to(HOME)).props("outline no-caps size=lg").classes(
                    "col hearth-touch"
                ).mark("family-no")
            rows_box = ui.column().classes("w-full gap-3")
        ui.link("Skip for now: go to Home", HOME).classes("text-body1 hearth-touch inline-flex items-center").mark(
            "family-skip"
        )
    return None
