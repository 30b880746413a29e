"""Dialogs that belong to the page, not to the part that opened them.

A dialog made inside a part that a live update redraws would vanish with it, mid-edit. These live in the
page's layout and delete themselves when closed.
"""

import asyncio
from contextlib import contextmanager

from nicegui import ui
from nicegui.client import Client

from ui.outcome import page_client


@contextmanager
def page_dialog(
    *,
    width: str = "min(30rem, 95vw)",
    props: str = "",
    client: Client | None = None,
    card_classes: str = "q-pa-md gap-2",
    label: str = "",
):
    """`with page_dialog() as dialog:` fills the dialog's card; open it with dialog.open(). `label` names the
    dialog for screen readers (its title)."""
    client = client or page_client()
    with client.layout, ui.dialog().props(props) as dialog, ui.card().classes(card_classes).style(f"width: {width}"):
        if label:
            dialog.props["aria-label"] = label  # a property: never parsed
        yield dialog
    dialog.on_value_change(lambda e: None if e.value else _delete_soon(dialog))


def _delete_soon(dialog: ui.dialog) -> None:
    """Once closed (by its buttons, Escape or a click outside), after the handler that closed it has finished."""
    asyncio.get_running_loop().call_soon(lambda: None if dialog.is_deleted else dialog.delete())
