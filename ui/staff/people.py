"""People: every client, searchable by name, email or phone (server-side, paged)."""
from nicegui import APIRouter, ui

from domain.clients.people import PAGE_SIZE, search_people
from ui.session import StaffContext, staff_page
from ui.state import uow

router = APIRouter()

COLUMNS = [
    {"name": "name", "label": "Name", "field": "name", "align": "left"},
    {"name": "dob", "label": "Date of birth", "field": "dob", "align": "left"},
    {"name": "email", "label": "Email", "field": "email", "align": "left"},
    {"name": "phone", "label": "Phone", "field": "phone", "align": "left"},
    {"name": "status", "label": "Status", "field": "status", "align": "left"},
]


@staff_page(router, "/people", title="People", capability="people.read")
async def people_page(ctx: StaffContext) -> None:
    state = {"page": 0}

    @ui.refreshable
    async def results() -> None:
        found = await search_people(uow(read_only=True), actor=ctx.actor, text=search.value or "",
                                    page=state["page"])
        if not found.people:
            with ui.card().classes("w-full items-center q-pa-lg"):
                ui.icon("person_search", size="2rem").classes("text-grey-6")
                ui.label(f"No client matches “{search.value}”." if search.value else "No clients yet.")
            return
        rows = [{"id": p.id, "name": p.name, "dob": p.date_of_birth.strftime("%d %b %Y") if p.date_of_birth else "",
                 "email": p.email, "phone": p.phone, "status": p.status.capitalize()} for p in found.people]
        ui.table(columns=COLUMNS, rows=rows, row_key="id").classes("w-full").props(
            'flat bordered wrap-cells :grid="window.innerWidth < 600"')
        first = state["page"] * PAGE_SIZE + 1
        last = first + len(found.people) - 1
        with ui.row().classes("items-center gap-2"):
            ui.label(f"{first}–{last} of {found.total}").classes("text-grey-8")
            ui.button(icon="chevron_left", on_click=lambda: turn(-1)).props(
                "flat round aria-label='Previous page'").set_enabled(state["page"] > 0)
            ui.button(icon="chevron_right", on_click=lambda: turn(1)).props(
                "flat round aria-label='Next page'").mark("next-page").set_enabled(last < found.total)

    async def turn(step: int) -> None:
        state["page"] += step
        results.refresh()

    async def new_search() -> None:
        state["page"] = 0
        results.refresh()

    search = ui.input(placeholder="Search by name, email or phone", on_change=new_search).props(
        "outlined dense clearable debounce=250").classes("w-full").style("max-width: 32rem").mark("search")
    with search.add_slot("prepend"):
        ui.icon("search")
    await results()
