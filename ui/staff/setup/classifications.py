"""Setup > Classifications: the clinic's client classifications (allocated on profiles, used in reports)."""

from nicegui import ui

from domain import topics
from domain.clients.classifications import add_classification, list_classifications, set_classification_active
from ui.actions import FAILED, attempt
from ui.live import live_box
from ui.session import StaffContext


def classifications_setup_tab(ctx: StaffContext) -> None:
    def draw(found) -> None:
        with ui.card().classes("w-full"):
            ui.label("Client classifications").classes("text-h6")
            ui.label(
                "Allocate them on a client's or shared profile's Classifications page; the Classifications "
                "report counts appointments and revenue per classification."
            ).classes("text-body2 text-grey-8")
            if not found:
                ui.label("None yet. Examples: Couples, Family, NDIS, Private.").classes("text-grey-8")
            for c in found:
                with ui.row().classes("w-full items-center").mark("classification"):
                    ui.label(c.name).classes("col" + ("" if c.active else " text-grey-6"))
                    ui.switch(
                        "In use",
                        value=c.active,
                        on_change=lambda e, c=c: attempt(
                            set_classification_active,
                            ctx.uow(),
                            actor=ctx.actor,
                            classification_id=c.id,
                            active=e.value,
                        ),
                    )
            with ui.row().classes("w-full items-start gap-2"):
                name = ui.input("New classification").props("outlined dense").classes("col").mark("classification-name")

                async def add() -> None:
                    if (
                        await attempt(
                            add_classification,
                            ctx.uow(),
                            actor=ctx.actor,
                            name=name.value or "",
                            fields={"name": name},
                            success="Classification added.",
                        )
                        is not FAILED
                    ):
                        name.value = ""

                ui.button("Add", icon="add", on_click=add).props("unelevated").mark("add-classification")

    live_box(
        lambda: list_classifications(ctx.uow(read_only=True)), draw, topics.CLASSIFICATIONS, style="max-width: 36rem"
    )
