"""A yes/no question that waits for the answer."""

from nicegui import ui
from nicegui.client import Client

from ui.components.dialogs import page_dialog


async def confirm(
    question: str, *, yes: str = "Yes", no: str = "Cancel", title: str = "Please confirm", client: Client | None = None
) -> bool:
    """In the page's layout: a dialog inside a part that a live update redraws would vanish with it. Callers
    capture the tab (ui.outcome.page_client) before asking, and tell the outcome there: the part that asked
    may be gone by the time the answer comes."""
    with page_dialog(width="min(28rem, 95vw)", client=client, card_classes="q-pa-md", label=title) as dialog:
        ui.label(title).classes("text-h6")
        ui.label(question).classes("whitespace-pre-line").mark("confirm-question")
        with ui.row().classes("w-full justify-end gap-2"):
            ui.button(no, on_click=lambda: dialog.submit(False)).props("flat").mark("confirm-no")
            ui.button(yes, on_click=lambda: dialog.submit(True)).props("unelevated").mark("confirm-yes")
    answer = await dialog
    if not dialog.is_deleted:
        dialog.delete()
    return bool(answer)
