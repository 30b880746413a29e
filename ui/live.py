"""Live pages: re-render a part when a topic changes, in every open browser."""
import inspect
from collections.abc import Callable, Hashable

from nicegui import background_tasks, ui

from domain.changes import changes


def on_change(topic: Hashable, refresh: Callable[[], object]) -> None:
    """Calls `refresh()` in this page's context whenever `topic` is published; stops when the page goes."""
    client = ui.context.client

    def listener(_topic) -> None:
        if client.is_deleted:
            return
        with client:
            result = refresh()  # a refreshable's refresh() runs by itself when not awaited at once
            if inspect.iscoroutine(result):
                background_tasks.create(result, name=f"refresh {topic}")

    client.on_delete(changes.subscribe(topic, listener))
