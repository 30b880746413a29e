"""The change bus: tells open pages that a record changed, after the commit that changed it.

The unit of work publishes the topics a service named (storage/uow.py); pages subscribe through
domain/topics.py. A topic is a tuple of strings and integers. This is the one seam through which
several app processes can share live updates later (Redis, PostgreSQL LISTEN/NOTIFY): replace
`publish` with one that also forwards, and have a receiver call `deliver` for topics from elsewhere.
"""

import asyncio
import inspect
import logging
from collections import defaultdict
from collections.abc import Callable, Hashable

log = logging.getLogger(__name__)
Topic = tuple[str | int, ...]
Listener = Callable[[Hashable], object]


def check_topic(topic: object) -> Topic:
    if not (isinstance(topic, tuple) and topic and all(isinstance(part, (str, int)) for part in topic)):
        raise TypeError(f"a topic is a non-empty tuple of strings and integers, not {topic!r}")
    return topic


class Changes:
    def __init__(self) -> None:
        self._listeners: dict[Hashable, list[Listener]] = defaultdict(list)
        self._running: set[asyncio.Future] = set()

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
        self.deliver(topic)

    def deliver(self, topic: Hashable) -> None:
        """Runs this process's listeners of `topic`."""
        for listener in list(self._listeners.get(topic, [])):
            try:
                result = listener(topic)
                if inspect.isawaitable(result):
                    task = asyncio.ensure_future(result)
                    self._running.add(task)  # kept until done: a task nobody holds may be collected mid-way
                    task.add_done_callback(self._running.discard)
            except Exception:  # one broken page must not stop the others from refreshing
                log.exception("change listener for %r failed", topic)

    def listener_count(self, topic: Hashable) -> int:
        return len(self._listeners.get(topic, []))

    def clear(self) -> None:
        """Forgets every listener (tests: the simulated user drops its pages without closing them)."""
        self._listeners.clear()


changes = Changes()
