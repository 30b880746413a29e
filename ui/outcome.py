"""Telling the person who acted what happened, whatever happened to the part of the page they acted in.

A live update may redraw or remove the button, dialog or part that started an action while its service
runs. NiceGUI finds "the page" through the element that started the handler, so a notification from a
removed part fails ("The parent element this slot belongs to has been deleted"). Outcomes therefore go to
the page's client, captured before anything is awaited: once a service has committed, the person is told
it worked, and never to try again.
"""

from contextvars import ContextVar
from urllib.parse import quote

from nicegui import ui
from nicegui.client import Client

from domain.errors import DomainError, PortalSignedOut, SessionEnded

_acting: ContextVar[Client | None] = ContextVar("hearth_acting_client", default=None)


def page_client() -> Client:
    """The client (browser tab) of the handler running now. Call it before the first await: it is remembered for
    the rest of the handler (its task), so a later call still finds the tab after the part was redrawn."""
    try:
        client = ui.context.client
    except RuntimeError:  # "The parent element this slot belongs to has been deleted"
        remembered = _acting.get()
        if remembered is None:
            raise
        return remembered
    _acting.set(client)
    return client


def tell(client: Client, message: str, kind: str = "positive", **options) -> None:
    """A notification in the tab, even when the part of the page that asked for it is gone."""
    if client.is_deleted:
        return  # the tab was closed: nobody to tell
    with client:
        ui.notify(message, type=kind, **({"multi_line": True} if len(message) > 80 else {}) | options)


def go_to(client: Client, path: str) -> None:
    if not client.is_deleted:
        with client:
            ui.navigate.to(path)


def session_ended(client: Client, exc: BaseException) -> bool:
    """Handles a staff session that ended (sign-in page) or a role that changed (reload with the new rights).
    True when `exc` was that, and the tab was sent on. A Client Portal session that ended: its sign-in page."""
    if isinstance(exc, PortalSignedOut):
        tell(client, exc.message, "warning")
        go_to(client, "/portal/login")
        return True
    if not isinstance(exc, SessionEnded):
        return False
    tell(client, exc.message, "warning")
    if client.is_deleted:
        return True
    path = client.page.path if client.page.path.startswith("/") else "/"
    try:
        path = client.request.url.path
    except RuntimeError:  # no request kept for this client
        pass
    if exc.signed_out:
        go_to(client, f"/login?next={quote(path)}")
    else:
        with client:
            ui.navigate.reload()
    return True


def refusal(client: Client, exc: DomainError) -> None:
    """A refused action: its reason, in the tab."""
    if not session_ended(client, exc):
        tell(client, exc.message, "warning")


def hand_over(client: Client, data: bytes, name: str, media_type: str) -> None:
    """A file for the tab to download (a PDF, an upload), even when the part that asked for it was redrawn."""
    if not client.is_deleted:
        with client:
            ui.download.content(data, name, media_type=media_type)
