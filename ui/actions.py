"""Calling a service from a button: domain refusals become messages, forms show field errors."""
from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import app, ui

from domain.errors import DomainError, ValidationFailed

FAILED = object()


async def attempt(service: Callable[..., Awaitable[Any]], *args, fields: dict[str, Any] | None = None,
                  success: str | None = None, passthrough: tuple[type[DomainError], ...] = (), **kwargs) -> Any:
    """Runs the service. On a refusal: shows why (next to the field when there is one) and returns FAILED.
    Refusals of the `passthrough` types are raised for the caller to handle."""
    for element in (fields or {}).values():
        element.error = None
    try:
        result = await service(*args, **kwargs)
    except ValidationFailed as exc:
        unplaced = []
        for field, message in exc.errors.items():
            if fields and field in fields:
                fields[field].error = message
            else:
                unplaced.append(message)
        ui.notify(" ".join(unplaced) or "Please correct the highlighted fields.", type="warning")
        return FAILED
    except DomainError as exc:
        if isinstance(exc, passthrough):
            raise
        ui.notify(exc.message, type="warning", multi_line=True)
        return FAILED
    if success:
        ui.notify(success, type="positive")
    return result


def unexpected_error(exc: Exception) -> None:
    """Client-level handler for anything a page did not expect: a message, never a stack trace.
    NiceGUI's own handler already logs it with its traceback on the server."""
    if isinstance(exc, DomainError):
        ui.notify(exc.message, type="warning")
    else:
        ui.notify("Something went wrong, so that was not done. Try again; if it keeps happening, "
                  "tell your admin (the details are in the server log).", type="negative", multi_line=True)


FLASH_KEY = "flash"


def go_with_message(path: str, message: str, kind: str = "positive") -> None:
    """Navigates and shows `message` on the page that opens (a notification would die with this page)."""
    app.storage.user[FLASH_KEY] = (message, kind)
    ui.navigate.to(path)


def show_flash() -> None:
    """Called while drawing a page: shows the message left by go_with_message, once."""
    flash = app.storage.user.pop(FLASH_KEY, None)
    if flash:
        ui.notify(flash[0], type=flash[1])
