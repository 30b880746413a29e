"""People > Shared: every shared profile with members and next appointment; Advanced Search."""

from nicegui import APIRouter, ui

from domain import topics
from domain.clients.classifications import list_classifications
from domain.formats import current
from domain.households.search import LIMIT, SharedFilter, list_shared
from domain.scheduling.calendar import list_practitioners
from ui.components.date_input import DateInput
from ui.live import on_change
from ui.session import StaffContext, staff_page
from ui.staff.clients.people_page import people_nav

router = APIRouter()
STATUSES = {
    "booked": "Booked",
    "arrived": "Arrived",
    "completed": "Completed",
    "no_show": "No-show",
    "cancelled": "Cancelled",
}
COLUMNS = [
    {"name": "name", "label": "Shared profile", "field": "name", "align": "left"},
    {"name": "members", "label": "Members", "field": "members", "align": "left"},
    {"name": "next", "label": "Next appointment", "field": "next", "align": "left"},
]


@staff_page(router, "/people/shared", title="Shared profiles", capability="people.read", section="People")
async def shared_list_page(ctx: StaffContext) -> None:
    people_nav("shared")
    practitioners = {p.id: p.name for p in await list_practitioners(ctx.uow(read_only=True))}
    classifications = {c.id: c.name for c in await list_classifications(ctx.uow(read_only=True))}
    with ui.row().classes("w-full items-center gap-2"):
        text = (
            ui.input(placeholder="Search shared profiles or members")
            .props("outlined dense clearable debounce=250")
            .classes("col-grow")
            .style("max-width: 28rem")
            .mark("shared-search")
        )
        archived = ui.checkbox("Archived").mark("show-archived")
    with ui.expansion("Advanced Search", icon="tune").classes("w-full").props("dense").mark("advanced-search"):
        ui.label("Members").classes("text-subtitle2")
        with ui.row().classes("w-full gap-2"):
            name = ui.input("Member name").props("outlined dense clearable").classes("col-12 col-sm").mark("f-name")
            email = ui.input("Member email").props("outlined dense clearable").classes("col-12 col-sm").mark("f-email")
            dob = DateInput("Member date of birth", clearable=True).classes("col-12 col-sm").mark("f-dob")
        ui.label("Appointments").classes("text-subtitle2")
        with ui.row().classes("w-full gap-2"):
            practitioner = (
                ui.select(practitioners, label="Practitioner", clearable=True)
                .props("outlined dense")
                .classes("col-12 col-sm")
                .mark("f-practitioner")
            )
            first = DateInput("From", clearable=True).classes("col-6 col-sm").mark("f-first")
            last = DateInput("To", clearable=True).classes("col-6 col-sm").mark("f-last")
            status = (
                ui.select(STATUSES, label="Status", clearable=True)
                .props("outlined dense")
                .classes("col-12 col-sm")
                .mark("f-status")
            )
        chosen = (
            ui.select(classifications, label="Classifications (all of)", multiple=True)
            .props("outlined dense use-chips")
            .classes("w-full")
            .mark("f-classifications")
        )
    controls = (text, archived, name, email, dob, practitioner, first, last, status, chosen)

    def filters() -> SharedFilter:
        return SharedFilter(
            text=text.value or "",
            member_name=name.value or "",
            member_email=email.value or "",
            member_dob=dob.parsed,
            practitioner_id=practitioner.value,
            first=first.parsed,
            last=last.parsed,
            status=status.value,
            archived=bool(archived.value),
            classification_ids=tuple(chosen.value or ()),
        )

    async def reload() -> None:
        results.refresh(
            await list_shared(
                ctx.uow(read_only=True), actor=ctx.actor, time_zone=ctx.clinic.time_zone, filters=filters()
            )
        )

    @ui.refreshable
    def results(found) -> None:
        if not found:
            with ui.card().classes("w-full items-center q-pa-lg").mark("no-shared"):
                ui.icon("groups", size="2rem").classes("text-grey-6")
                filtered = any(c.value for c in controls)
                ui.label(
                    "No shared profile matches."
                    if filtered
                    else "No shared profiles yet. People > Add > Shared makes one for a couple or a family."
                )
            return
        rows = [
            {
                "id": s.profile_id,
                "name": s.name + (" (archived)" if s.archived else ""),
                "members": ", ".join(f"{m} (primary)" if m == s.primary else m for m in s.members) or "no members",
                "next": _when(s.next_appointment.astimezone(ctx.clinic.zone)) if s.next_appointment else "none booked",
            }
            for s in found
        ]
        table = (
            ui.table(columns=COLUMNS, rows=rows, row_key="id")
            .classes("w-full cursor-pointer")
            .props('flat bordered wrap-cells :grid="window.innerWidth < 600"')
            .mark("shared-table")
        )
        table.on("rowClick", lambda e: ui.navigate.to(f"/shared/{e.args[1]['id']}"))
        if len(found) >= LIMIT:
            ui.label(f"Showing the first {LIMIT}: search or use Advanced Search to narrow the list.").classes(
                "text-grey-8"
            )
        else:
            ui.label(f"{len(found)} shared profile{'s' if len(found) != 1 else ''}").classes("text-grey-8")

    for control in controls:
        control.on_value_change(reload)
    results(await list_shared(ctx.uow(read_only=True), actor=ctx.actor, time_zone=ctx.clinic.time_zone))
    on_change(topics.SHARED, reload)


def _when(moment) -> str:
    fmt = current()
    return f"{fmt.weekday_date(moment)}, {fmt.time(moment)}"
