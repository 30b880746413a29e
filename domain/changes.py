"""In-process publish/subscribe: tells open pages that a record changed.

Pages subscribe to a topic such as ("clinic",) or ("profile", 7) and re-read through services.
Kept behind this small interface so several app instances can carry it over Redis or
PostgreSQL LISTEN/NOTIFY later without touching pages.
"""
import asyncio
import inspect
import logging
from collections import defaultdict
from collections.abc import Callable, Hashable

log = logging.getLogger(__name__)
Listener = Callable[[Hashable], object]


class Changes:
    def __init__(self) -> None:
        self._listeners: dict[Hashable, list[Listener]] = defaultdict(list)

    def subscribe(self, topic: Hashable, listener: Listener) -> Callable[[], None]:
        """Call `listener(topic)` on every publish of `topic`; returns the unsubscribe function."""
        self._listeners[topic].append(listener)

        def unsubscribe() -> None:
            listeners = self._listeners.get(topic, [])
            if listener in listeners:
                listeners.remove(listener)
            if not listeners:
                self._listeners.pop(topic, None)
        return unsubscribe

    def publish(self, topic: Hashable) -> None:
        for listener in list(self._listeners.get(topic, [])):
            try:
                result = listener(topic)
                if inspect.isawaitable(result):
                    asyncio.ensure_future(result)
            except Exception:  # one broken page must not stop the others from refreshing
                log.exception("change listener for %r failed", topic)

    def listener_count(self, topic: Hashable) -> int:
        return len(self._listeners.get(topic, []))


changes = Changes()
