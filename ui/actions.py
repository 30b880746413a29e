"""Calling a service from a button: domain refusals become messages, forms show field errors, and the
outcome reaches the person who acted even when a live update redrew the part they acted in (ui/outcome.py)."""

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import app, ui
from nicegui.client import Client

from domain.errors import DomainError, ValidationFailed
from ui.outcome import page_client, refusal, session_ended, tell

log = logging.getLogger(__name__)
FAILED = object()


async def attempt(
    service: Callable[..., Awaitable[Any]],
    *args,
    fields: dict[str, Any] | None = None,
    success: str | None = None,
    passthrough: tuple[type[DomainError], ...] = (),
    client: Client | None = None,
    **kwargs,
) -> Any:
    """Runs the service. On a refusal: shows why (next to the field when there is one) and returns FAILED.
    Refusals of the `passthrough` types are raised for the caller to handle. `client`: the tab to tell, for a
    handler that awaited something (a confirmation) before this; by default the tab of the running handler."""
    client = client or page_client()
    fields = {name: element for name, element in (fields or {}).items() if not element.is_deleted}
    for element in fields.values():
        element.error = None
    try:
        result = await service(*args, **kwargs)
    except ValidationFailed as exc:
        unplaced = []
        for field, message in exc.errors.items():
            if field in fields and not fields[field].is_deleted:
                fields[field].error = message
            else:
                unplaced.append(message)
        tell(client, " ".join(unplaced) or "Please correct the highlighted fields.", "warning")
        return FAILED
    except DomainError as exc:
        if isinstance(exc, passthrough) and not session_ended(client, exc):
            raise
        refusal(client, exc)
        return FAILED
    # The service committed (or only read): from here on nothing may suggest it failed.
    if success:
        tell(client, success)
    return result


def unexpected_error(exc: Exception) -> None:
    """Client-level handler for anything a page did not expect: a message, never a stack trace, and never
    "try again": the action may have been saved before the page failed to show it. NiceGUI's own handler
    already logs it with its traceback on the server."""
    client = page_client()
    if isinstance(exc, DomainError):
        refusal(client, exc)
    else:
        tell(
            client,
            "Something went wrong on this page. Reload it to see what was saved before doing it "
            "again; if it keeps happening, tell your admin (the details are in the server log).",
            "negative",
        )


FLASH_KEY = "flash"


def go_with_message(path: str, message: str, kind: str = "positive", *, client: Client | None = None) -> None:
    """Navigates and shows `message` on the page that opens (a notification would die with this page)."""
    client = client or page_client()
    app.storage.user[FLASH_KEY] = (message, kind)
    if not client.is_deleted:
        with client:
            ui.navigate.to(path)


def show_flash() -> None:
    """Called while drawing a page: shows the message left by go_with_message, once."""
    flash = app.storage.user.pop(FLASH_KEY, None)
    if flash:
        ui.notify(flash[0], type=flash[1])
