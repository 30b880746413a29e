"""People (the seed's "My Clients"): every client, searched as you type, filtered, paged on the server; a family
record's row says whose it is, and each row's More Options ⋮ holds the family entries (ui/staff/clients/family.py)."""

from nicegui import APIRouter, ui

from domain import topics
from domain.clients.persons import FILTERS, PAGE_SIZE, PeoplePage, search_people
from domain.clients.register import create_test_client
from domain.clients.tags import list_tags
from domain.formats import current
from domain.households.family_lists import FamilyStanding, family_standings
from domain.phones import phone_label
from ui.actions import FAILED, attempt, go_with_message
from ui.components.dialogs import page_dialog
from ui.live import on_change
from ui.session import StaffContext, staff_page
from ui.staff.clients.family import family_action, menu_entries
from ui.state import state

router = APIRouter()
COLUMNS = [
    {"name": "name", "label": "Name", "field": "name", "align": "left"},
    {"name": "dob", "label": "Date of birth", "field": "dob", "align": "left"},
    {"name": "email", "label": "Email", "field": "email", "align": "left"},
    {"name": "phone", "label": "Phone", "field": "phone", "align": "left"},
    {"name": "status", "label": "Status", "field": "status", "align": "left"},
    {"name": "tags", "label": "Tags", "field": "tags", "align": "left"},
    {"name": "action", "label": "", "field": "action", "align": "right"},
]
ROW_CLASS = "row => row.prospect ? 'bg-green-1' : ''"  # prospective clients are highlighted in green
# The slots bind row data as text and attributes (never pasted into the template): a name cannot become markup.
ACTION_CELL = r"""<q-td :props="props">
  <q-btn v-if="props.row.prospect" label="Review &amp; Add" color="positive" unelevated dense no-caps size="sm"
         @click.stop="() => $parent.$emit('review', props.row)" />
  <q-btn v-if="props.row.family.length" icon="more_vert" flat round dense @click.stop
         :aria-label="'More options for ' + props.row.label" :title="'More options for ' + props.row.label">
    <q-menu auto-close>
      <q-list dense style="min-width: 12rem">
        <q-item v-for="entry in props.row.family" :key="entry.key" clickable
                @click="() => $parent.$emit('family', {action: entry.key, id: props.row.id})">
          <q-item-section>{{ entry.label }}</q-item-section>
        </q-item>
      </q-list>
    </q-menu>
  </q-btn>
</q-td>"""
NAME_CELL = r"""<q-td :props="props">
  <div>{{ props.value }}</div>
  <div v-if="props.row.family_of" class="text-caption text-grey-7">Family record of {{ props.row.family_of }}</div>
</q-td>"""


def people_nav(current: str) -> None:
    """People's two lists (clients, shared profiles) and the Add menu: Client or Shared."""
    with ui.row().classes("w-full items-center gap-2"):
        with ui.button_group().props("unelevated"):
            for key, label, path in (("clients", "Clients", "/people"), ("shared", "Shared", "/people/shared")):
                ui.button(label, on_click=lambda path=path: ui.navigate.to(path)).props(
                    "no-caps " + ("color=primary" if key == current else "color=grey-3 text-color=grey-9")
                ).mark(f"people-{key}")
        ui.space()
        with ui.dropdown_button("Add", icon="add", auto_close=True).props("unelevated no-caps").mark("people-add"):
            ui.item("Client", on_click=lambda: ui.navigate.to("/clients/new")).mark("add-client")
            ui.item("Shared", on_click=lambda: ui.navigate.to("/shared/new")).mark("add-shared")


@staff_page(router, "/people", title="People", capability="people.read")
async def people_page(ctx: StaffContext) -> None:
    view = {"page": 0}
    tags = await list_tags(ctx.uow(read_only=True))
    people_nav("clients")
    with ui.row().classes("w-full items-center gap-2"):
        ui.button("Create test client", icon="science", on_click=lambda: _test_client_dialog(ctx)).props(
            "outline no-caps"
        ).mark("open-test-client")
    with ui.row().classes("w-full items-center gap-2"):
        search = (
            ui.input(placeholder="Search by name, email or phone", on_change=lambda: first_page())
            .props("outlined dense clearable debounce=250")
            .classes("col-grow")
            .style("max-width: 28rem")
            .mark("search")
        )
        with search.add_slot("prepend"):
            ui.icon("search")
        status = (
            ui.select(FILTERS, value="current", label="Show").props("outlined dense").classes("w-44").mark("filter")
        )
        tag = ui.select(tags, label="Tag", clearable=True).props("outlined dense").classes("w-36").mark("tag")
    for control in (status, tag):
        control.on_value_change(lambda: first_page())

    async def reload() -> None:
        """Reads first, then redraws: typing or a live update never blanks the list."""
        found = await search_people(
            ctx.uow(read_only=True),
            actor=ctx.actor,
            text=search.value or "",
            status=status.value,
            tag=tag.value,
            page=view["page"],
        )
        if view["page"] and not found.people:  # the list shrank under a later page: back to the first
            view["page"] = 0
            await reload()
            return
        results.refresh(found, await standings_of(found))

    async def standings_of(found: PeoplePage) -> dict[int, FamilyStanding]:
        ids = [p.id for p in found.people]
        return await family_standings(ctx.uow(read_only=True), actor=ctx.actor, person_ids=ids)

    async def first_page() -> None:
        view["page"] = 0
        await reload()

    @ui.refreshable
    def results(found: PeoplePage, families: dict[int, FamilyStanding]) -> None:
        if not found.people:
            with ui.card().classes("w-full items-center q-pa-lg"):
                ui.icon("person_search", size="2rem").classes("text-grey-6")
                ui.label(f"No client matches “{search.value}”." if search.value else "No clients here yet.")
            return
        rows = [
            {
                "id": p.id,
                "name": p.name + (" (test)" if p.is_test else ""),
                "prospect": p.status == "prospective",
                "dob": current().date(p.date_of_birth) if p.date_of_birth else "",
                "email": p.email,
                "phone": phone_label(p.phone),
                "status": p.status.capitalize(),
                "tags": ", ".join(p.tags),
                "label": p.name,
                "family_of": families[p.id].primary_name if p.id in families else "",
                "family": menu_entries(families[p.id]) if p.id in families else [],
            }
            for p in found.people
        ]
        table = (
            ui.table(columns=COLUMNS, rows=rows, row_key="id")
            .classes("w-full cursor-pointer")
            .props(
                f'flat bordered wrap-cells :table-row-class-fn="{ROW_CLASS}" :card-class-fn="{ROW_CLASS}" '
                ':grid="window.innerWidth < 600"'
            )
        )
        table.add_slot("body-cell-name", NAME_CELL)
        table.add_slot("body-cell-action", ACTION_CELL)
        table.on("family", lambda e: family_action(ctx, e.args["action"], e.args["id"]))
        table.on("rowClick", lambda e: ui.navigate.to(f"/clients/{e.args[1]['id']}"))
        table.on("review", lambda e: ui.navigate.to(f"/clients/{e.args['id']}/review"))
        first = view["page"] * PAGE_SIZE + 1
        last = first + len(found.people) - 1
        with ui.row().classes("items-center gap-2"):
            ui.label(f"{first}–{last} of {found.total}").classes("text-grey-8")
            ui.button(icon="chevron_left", on_click=lambda: turn(-1)).props(
                "flat round aria-label='Previous page'"
            ).set_enabled(view["page"] > 0)
            ui.button(icon="chevron_right", on_click=lambda: turn(1)).props("flat round aria-label='Next page'").mark(
                "next-page"
            ).set_enabled(last < found.total)

    async def turn(step: int) -> None:
        view["page"] += step
        await reload()

    first = await search_people(ctx.uow(read_only=True), actor=ctx.actor, status="current")
    results(first, await standings_of(first))
    on_change(topics.PEOPLE, reload)


def _test_client_dialog(ctx: StaffContext) -> None:
    with page_dialog(width="min(28rem, 95vw)") as dialog:
        ui.label("Create test client").classes("text-h6")
        ui.label(
            "A dummy client to try the Client Portal with. Give an email address you can read that is "
            "not the one you sign in to Hearth with: the invitation goes there."
        ).classes("text-body2")
        first = ui.input("First name", value="Test").props("outlined dense").classes("w-full")
        last = ui.input("Last name", value="Client").props("outlined dense").classes("w-full")
        email = ui.input("Secondary email").props("outlined dense type=email").classes("w-full").mark("test-email")

        async def create() -> None:
            person_id = await attempt(
                create_test_client,
                ctx.uow(),
                actor=ctx.actor,
                first_name=first.value,
                last_name=last.value,
                email=email.value,
                public_url=state.config.public_url,
                fields={"first_name": first, "last_name": last, "email": email},
            )
            if person_id is not FAILED:  # the page (dialog included) goes away with the navigation
                go_with_message(f"/clients/{person_id}", "Test client created and invited.")

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Create", on_click=create).props("unelevated").mark("create-test-client")
    dialog.open()
