"""The Relationships card of a client's profile (seed 002): each related client, how they are related and what each
side lets the other see or do; Add relationship (search for the related client, the relation, then the permissions
in each direction separately), the blue pencil to edit, and Remove (all permissions both ways end)."""

from dataclasses import dataclass
from typing import Any

from nicegui import ui

from domain import topics
from domain.clients.persons import search_people
from domain.households.relationship_rules import BILL_TO_ME, PERMISSIONS, RELATION_LABELS
from domain.households.relationships import RelationshipView, end_relationship, relate, relationships_of
from domain.phones import phone_label
from ui.actions import FAILED, attempt
from ui.components.confirm import confirm
from ui.components.dialogs import page_dialog
from ui.components.icon_button import icon_button
from ui.live import live_box
from ui.outcome import page_client, tell
from ui.session import StaffContext

REMOVE_QUESTION = "Remove the relationship? All permissions both ways end."
SOMEONE = "the related client"


@dataclass(frozen=True)
class ThisClient:
    """The client whose profile is open."""

    id: int
    name: str
    first_name: str
    is_test: bool


def relation_words(relation: str, first_name: str) -> str:
    """What the other client is to this one, for staff: the two relations that read oddly alone name whose."""
    if relation == "ward":
        return f"Under {first_name}'s guardianship"
    if relation == "cared_for":
        return f"Cared for by {first_name}"
    return RELATION_LABELS.get(relation, relation)


def grant_words(flags: frozenset[str], grantor: str) -> str:
    """The permissions one side grants, in the seed's words (billing to the grantor's account last), or nothing."""
    words = [label for key, label in PERMISSIONS.items() if key in flags]
    if BILL_TO_ME in flags:
        words.append(f"bill their payments to {grantor}'s account")
    return ", ".join(words) or "nothing"


def bill_label(grantor: str) -> str:
    return f"May bill their payments to {grantor}'s account (saved cards)"


def relationships_card(ctx: StaffContext, this: ThisClient) -> None:
    """Live: redrawn after every commit on this client or on any relationship."""
    live_box(
        lambda: relationships_of(ctx.uow(read_only=True), actor=ctx.actor, person_id=this.id),
        lambda found: _draw(ctx, this, found),
        topics.person(this.id),
        topics.RELATIONSHIPS,
        style="max-width: 44rem",
    )


def _draw(ctx: StaffContext, this: ThisClient, found: list[RelationshipView]) -> None:
    with ui.card().classes("w-full").mark("relationships"):
        with ui.row().classes("w-full items-center gap-2"):
            ui.label("Relationships").classes("text-h6").style("flex: 1 1 auto")  # the button wraps below on a phone
            ui.button(
                "Add relationship", icon="person_add", on_click=lambda: relationship_dialog(ctx, this, found)
            ).props("unelevated no-caps").mark("add-relationship")
        if not found:
            ui.label(
                f"No relationships yet. Relate a parent, partner or carer so they can book or pay for "
                f"{this.first_name} in the Client Portal."
            ).classes("text-grey-8").mark("no-relationships")
        for view in found:
            with ui.row().classes("w-full items-start no-wrap gap-2").mark("relationship"):
                ui.icon("diversity_1").classes("text-teal q-mt-xs")
                with ui.column().classes("col gap-0"):
                    with ui.row().classes("items-center gap-2"):
                        ui.link(view.other_name, f"/clients/{view.other_id}").classes("text-weight-medium").mark(
                            "relationship-name"
                        )
                        ui.label(relation_words(view.relation, this.first_name)).classes("text-grey-8").mark(
                            "relationship-relation"
                        )
                        if view.other_status != "active":
                            ui.badge(view.other_status.capitalize(), color="grey-7")
                    ui.label(f"{this.name} lets {view.other_name}: {grant_words(view.gives, this.name)}").classes(
                        "text-body2"
                    ).mark("relationship-gives")
                    ui.label(
                        f"{view.other_name} lets {this.name}: {grant_words(view.receives, view.other_name)}"
                    ).classes("text-body2").mark("relationship-receives")
                icon_button(
                    "edit",
                    f"Edit relationship with {view.other_name}",
                    lambda view=view: relationship_dialog(ctx, this, found, view),
                    "flat round dense color=primary",
                ).mark(f"edit-relationship-{view.other_id}")
                remove = ui.button("Remove", on_click=lambda view=view: remove_relationship(ctx, this, view))
                remove.props("flat dense no-caps color=negative").mark(f"remove-relationship-{view.other_id}")
                remove.props["aria-label"] = f"Remove the relationship with {view.other_name}"  # a property


async def remove_relationship(ctx: StaffContext, this: ThisClient, view: RelationshipView) -> None:
    client = page_client()  # the card may be redrawn while the question is open
    if not await confirm(
        REMOVE_QUESTION, yes="Remove", title=f"Remove the relationship with {view.other_name}", client=client
    ):
        return
    result = await attempt(
        end_relationship, ctx.uow(), actor=ctx.actor, person_id=this.id, other_id=view.other_id, client=client
    )
    if result is not FAILED:
        tell(client, result)


def relationship_dialog(
    ctx: StaffContext, this: ThisClient, found: list[RelationshipView], view: RelationshipView | None = None
) -> None:
    """Add relationship, or (`view`) edit it: the related client fixed, the relation and permissions prefilled."""
    client = page_client()
    related = {v.other_id for v in found}
    chosen: dict[str, Any] = {"id": view.other_id, "name": view.other_name} if view else {}
    title = f"Edit relationship with {view.other_name}" if view else "Add relationship"
    with page_dialog(width="min(38rem, 95vw)", label=title, client=client) as dialog:
        ui.label(title).classes("text-h6")
        search = None
        if view is None:
            search = (
                ui.input("Related client", placeholder="Search by name, email or phone")
                .props("outlined dense clearable debounce=250 autofocus")
                .classes("w-full")
                .mark("relationship-search")
            )
            results = ui.list().props("dense separator").classes("w-full")
        picked = ui.label().classes("text-weight-medium").mark("relationship-other")
        relation = (
            ui.select(
                {key: relation_words(key, this.first_name) for key in RELATION_LABELS},
                value=view.relation if view else None,
            )
            .props("outlined dense")
            .classes("w-full")
            .mark("relationship-relation-choice")
        )
        boxes: dict[str, dict[str, ui.checkbox]] = {}
        headings: dict[str, ui.label] = {}
        nothing: frozenset[str] = frozenset()
        for side, start in (
            ("gives", view.gives if view else nothing),
            ("receives", view.receives if view else nothing),
        ):
            headings[side] = ui.label().classes("text-weight-medium q-mt-sm")
            boxes[side] = {
                key: ui.checkbox(label, value=key in start).props("dense").mark(f"{side}-{key}")
                for key, label in PERMISSIONS.items()
            }
            boxes[side][BILL_TO_ME] = (
                ui.checkbox("", value=BILL_TO_ME in start).props("dense").mark(f"{side}-{BILL_TO_ME}")
            )
        ui.label(
            "Whoever gains new access to their information is emailed, saying who can now see or do what."
        ).classes("text-caption text-grey-7")
        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            save = ui.button("Save", on_click=lambda: run()).props("unelevated").mark("relationship-save")

    def name_sides() -> None:
        other = chosen.get("name") or SOMEONE
        picked.text = f"Related client: {other}" if chosen else ""
        relation.props["label"] = f"{other[:1].upper()}{other[1:]} is {this.first_name}'s …"  # a property, not parsed
        relation.update()
        headings["gives"].text = f"{this.name} lets {other}:"
        headings["receives"].text = f"{other[:1].upper()}{other[1:]} lets {this.name}:"
        boxes["gives"][BILL_TO_ME].text = bill_label(this.name)
        boxes["receives"][BILL_TO_ME].text = bill_label(other)

    async def find() -> None:
        assert search is not None
        text = (search.value or "").strip()
        status = "test" if this.is_test else "current"
        page = (
            await search_people(ctx.uow(read_only=True), actor=ctx.actor, text=text, status=status, page_size=8)
            if len(text) >= 2
            else None
        )
        if results.is_deleted:
            return
        results.clear()
        with results:
            for p in page.people if page else []:
                note = " (this client)" if p.id == this.id else " (already related)" if p.id in related else ""
                with (
                    ui.item(on_click=lambda p=p: pick(p.id, p.name))
                    .props("clickable")
                    .mark("relationship-match", f"relationship-match-{p.id}"),
                    ui.item_section(),
                ):
                    ui.item_label(p.name + note)
                    contact = " · ".join(x for x in (p.email, phone_label(p.phone)) if x)
                    ui.item_label(contact or "no contact details").props("caption")
            if page is not None and not page.people:
                ui.item_label(f"No client matches “{text}”.").classes("q-pa-sm text-grey-8")

    def pick(person_id: int, name: str) -> None:
        chosen.update(id=person_id, name=name)
        if search is not None:
            search.error = None
        name_sides()

    async def run() -> None:
        if not chosen:
            assert search is not None
            search.error = "Search for the related client and choose them."
            tell(client, "Please correct the highlighted fields.", "warning")
            return
        fields = {"relation": relation, **({"other": search} if search is not None else {})}
        save.props("loading")
        try:
            result = await attempt(
                relate,
                ctx.uow(),
                actor=ctx.actor,
                person_id=this.id,
                other_id=chosen["id"],
                relation=relation.value or "",
                gives=[key for key, box in boxes["gives"].items() if box.value],
                receives=[key for key, box in boxes["receives"].items() if box.value],
                edit=view is not None,
                fields=fields,
                client=client,
            )
        finally:
            if not save.is_deleted:
                save.props(remove="loading")
        if result is not FAILED:
            tell(client, result)
            dialog.close()

    if search is not None:
        search.on_value_change(find)
    name_sides()
    dialog.open()
