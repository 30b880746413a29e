"""A yes/no question that waits for the answer."""
from nicegui import ui


async def confirm(question: str, *, yes: str = "Yes", no: str = "Cancel", title: str = "Please confirm") -> bool:
    # In the page's layout: a dialog inside a part that a live update redraws would vanish with it.
    with ui.context.client.layout, ui.dialog() as dialog, ui.card().classes("q-pa-md").style("max-width: 28rem"):
        ui.label(title).classes("text-h6")
        ui.label(question).classes("whitespace-pre-line").mark("confirm-question")
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button(no, on_click=lambda: dialog.submit(False)).props("flat").mark("confirm-no")
            ui.button(yes, on_click=lambda: dialog.submit(True)).props("unelevated").mark("confirm-yes")
    answer = await dialog
    dialog.delete()
    return bool(answer)
