"""Waiting for a payment provider's word (a Stripe webhook may come after the payer's browser is back): a page part
that reads its state every few seconds for a minute, then offers Refresh, and redraws with what it read. Used by
the Pay now done page, the prepaid booking's page and the pack purchase's page."""

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

from nicegui import ui

from domain.errors import InvalidLink

POLL_SECONDS = 2.0
POLL_TRIES = 30  # a minute: a Stripe webhook normally comes within seconds
State = TypeVar("State")


class ProviderWait(Generic[State]):
    """`read` the state (InvalidLink: the link stopped working), `settled` says whether to stop asking, `show` draws
    it into `self.box` (already cleared and entered)."""

    def __init__(
        self,
        first: State,
        *,
        read: Callable[[], Awaitable[State]],
        settled: Callable[[State], bool],
        show: Callable[[State], None],
        ask: bool = True,
    ) -> None:
        self.read, self.settled, self.draw, self.tries = read, settled, show, 0
        self.box = ui.column().classes("w-full gap-3")
        self.timer = ui.timer(POLL_SECONDS, self.poll, active=ask and not settled(first))
        self.show(first)

    async def poll(self) -> None:
        self.tries += 1
        await self.refresh()

    async def refresh(self) -> None:
        try:
            state = await self.read()  # read first, then redraw
        except InvalidLink as exc:
            self.timer.deactivate()
            self.box.clear()
            with self.box:
                ui.label(exc.message).classes("text-body1").mark("link-problem")
            return
        if self.settled(state) or self.tries >= POLL_TRIES:
            self.timer.deactivate()
        if not self.box.is_deleted:
            self.show(state)

    def show(self, state: State) -> None:
        self.box.clear()
        with self.box:
            self.draw(state)
