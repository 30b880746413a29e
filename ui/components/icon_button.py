"""An icon-only button: its accessible name is set as a property, never pasted into a props string, because a
client's or service's name there is parsed and can become script in a colleague's browser."""

from collections.abc import Callable

from nicegui import ui


def icon_button(icon: str, label: str, on_click: Callable | None = None, props: str = "flat round") -> ui.button:
    button = ui.button(icon=icon, on_click=on_click).props(props)
    button.props["aria-label"] = label
    button.tooltip(label)
    return button
