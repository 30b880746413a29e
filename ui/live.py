"""Live pages: re-render a part when a topic changes, in every open browser."""
import inspect
from collections.abc import Awaitable, Callable, Hashable

from nicegui import background_tasks, ui

from domain.changes import changes
from domain.errors import DomainError


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


def live_box(load: Callable[[], Awaitable[object]], draw: Callable[[object], None], *topics: Hashable,
             classes: str = "w-full gap-4", style: str = "max-width: 56rem") -> Callable[[], Awaitable[None]]:
    """A part that fills itself after the page is drawn and again on every publish of `topics`. It reads
    everything first, then clears and redraws: a live update never leaves it half drawn. Returns the fill
    function, to redraw at once (e.g. a refused toggle snapping back)."""
    box = ui.column().classes(classes).style(style)

    async def fill() -> None:
        try:
            data = await load()
        except DomainError as exc:  # e.g. the record was deleted in another browser: say so, keep the page
            if not box.is_deleted:
                box.clear()
                with box:
                    ui.label(exc.message).classes("text-grey-8")
            return
        if box.is_deleted:
            return
        box.clear()
        with box:
            draw(data)

    ui.timer(0, fill, once=True)
    for topic in topics:
        on_change(topic, fill)
    return fill
