"""Live pages: re-render a part when a topic changes, in every open browser.

A subscription belongs to the part of the page that made it: it is a small invisible element, so when
that part is cleared or redrawn (or the page closes) the subscription goes with it, and a redrawn part
never listens twice.
"""

import inspect
from collections.abc import Awaitable, Callable, Hashable

from nicegui import background_tasks, ui

from domain import topics
from domain.errors import DomainError
from ui.outcome import session_ended


class Subscription(ui.element):
    """Listens to one topic while it is on the page; deleting it (with its part) unsubscribes."""

    def __init__(self, topic: Hashable, refresh: Callable[[], object]) -> None:
        super().__init__()
        self.style("display: none")
        client = self.client

        def listener(_topic) -> None:
            if self.is_deleted or client.is_deleted:
                return
            with client:
                result = refresh()  # a refreshable's refresh() runs by itself when not awaited at once
                if inspect.iscoroutine(result):  # in the page's context, so it can tell the person what happened
                    background_tasks.create(result, name=f"refresh {topic}", context=client)

        self._unsubscribe = topics.subscribe(topic, listener)

    def _handle_delete(self) -> None:
        self._unsubscribe()
        super()._handle_delete()


def coalesced(refresh: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
    """One commit often names several topics a part listens to (an appointment, its pack, the billing): the
    part redraws once for them, plus once more if another change came while it was redrawing."""
    state = {"running": False, "again": False}

    async def run() -> None:
        if state["running"]:
            state["again"] = True
            return
        state["running"] = True
        try:
            while True:
                state["again"] = False
                await refresh()
                if not state["again"]:
                    return
        finally:
            state["running"] = False

    return run


def on_change(topic: Hashable, refresh: Callable[[], object]) -> Subscription:
    """Calls `refresh()` in this page's context after every commit that changed `topic`, for as long as the
    part of the page where this is called exists."""
    return Subscription(topic, refresh)


def live_box(
    load: Callable[[], Awaitable[object]],
    draw: Callable[[object], None],
    *watched: Hashable,
    classes: str = "w-full gap-4",
    style: str = "max-width: 56rem",
) -> Callable[[], Awaitable[None]]:
    """A part that fills itself after the page is drawn and again after every commit that changed one of
    the `watched` topics. It reads everything first, then clears and redraws: a live update never leaves it half
    drawn. Subscriptions made while drawing (e.g. one per pack shown) go with each redraw. Returns the fill
    function, to redraw at once (e.g. a refused toggle snapping back)."""
    box = ui.column().classes(classes).style(style)
    client = box.client

    async def fill() -> None:
        try:
            data = await load()
        except DomainError as exc:  # e.g. the record was deleted in another browser: say so, keep the page
            if session_ended(client, exc):
                return
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

    fill = coalesced(fill)
    ui.timer(0, fill, once=True)
    for topic in watched:
        on_change(topic, fill)
    return fill
