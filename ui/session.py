"""Staff sessions in the browser, and the guard every staff page goes through."""

import inspect
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse
from nicegui import APIRouter, app, ui

from domain.accounts.roles import can
from domain.accounts.sessions import presented, resume_session, session_guard
from domain.accounts.staff import needs_first_owner
from domain.accounts.staff_views import StaffView
from domain.actor import Actor
from domain.audit.log import record_refusal
from domain.clinic.settings import ClinicView, get_clinic
from ui.state import state, uow

TOKEN_KEY = "staff_session"  # in NiceGUI's user storage, a file on the server (HEARTH_DATA_DIR/sessions)
BINDING_KEY = "hearth_binding"  # in the browser's signed cookie, never on the server


def browser_binding() -> str:
    """The browser's own secret, made on its first page request (the cookie can only be written then). A staff
    session is bound to it, so the token in the server's session file does not work on its own."""
    binding = app.storage.browser.get(BINDING_KEY)
    if not binding:
        binding = secrets.token_urlsafe(24)
        app.storage.browser[BINDING_KEY] = binding
    return str(binding)


def stored_session() -> str | None:
    """What this tab presents for its staff session: the stored token joined to the browser's secret."""
    return presented(app.storage.user.get(TOKEN_KEY), str(app.storage.browser.get(BINDING_KEY, "")))


@dataclass(frozen=True)
class StaffContext:
    staff: StaffView
    actor: Actor
    clinic: ClinicView
    token: str | None = None  # the staff session of this tab, as presented (token joined to the browser's secret)

    def uow(self, *, read_only: bool = False):
        """A unit of work for one service call from this tab: it first checks that the tab's session is still
        signed in with the same role (domain.accounts.sessions.session_guard)."""
        return state.db.uow(read_only=read_only, guard=session_guard(self.token, self.staff.role))


def client_ip(request: Request | None) -> str | None:
    return request.client.host if request is not None and request.client else None


def safe_next(path: str | None) -> str:
    """Only same-site paths: never redirect a sign-in to another host."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


def staff_page(
    router: APIRouter,
    path: str,
    *,
    title: str,
    capability: str | None = None,
    section: str | None = None,
    heading: bool = True,
):
    """Registers a staff page: signed-in staff only, with the shell drawn around it. `section` is the
    drawer entry to highlight (default: the title); heading=False lets the page draw its own."""

    def decorator(build: Callable[..., Awaitable[None]]):
        async def page(request: Request, **path_params):
            browser_binding()  # first, while the cookie can still be written
            token = stored_session()
            staff = await resume_session(uow(), token=token)
            if staff is None:
                app.storage.user.pop(TOKEN_KEY, None)
                if await needs_first_owner(uow(read_only=True)):
                    return RedirectResponse("/welcome")
                return RedirectResponse(f"/login?next={quote(request.url.path)}")
            ctx = StaffContext(
                staff=staff,
                actor=staff.actor(client_ip(request)),
                clinic=await get_clinic(uow(read_only=True)),
                token=token,
            )
            from ui.shell import frame

            with frame(ctx, title, section=section or title, heading=heading):
                if capability and not can(staff.role, capability):
                    await record_refusal(uow(), actor=ctx.actor, action="access.denied", summary=path)
                    no_access(staff, title)
                    return None
                await build(ctx, **path_params)
            return None

        # FastAPI and NiceGUI read path parameters (e.g. person_id: int) from the signature:
        # the page takes the builder's own parameters after ctx.
        extra = list(inspect.signature(build).parameters.values())[1:]
        page.__signature__ = inspect.Signature(
            [inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)]
            + [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in extra]
        )
        router.page(path, title=f"{title} · Hearth")(page)
        return page

    return decorator


def no_access(staff: StaffView, title: str) -> None:
    with ui.card().classes("q-pa-lg"):
        ui.label(f"{title} is not available to you").classes("text-h6")
        ui.label(f"Your role is {staff.role_label}. Ask an owner or admin if you need it.")
        ui.link("Back to People", "/people")


def not_found(message: str, back_label: str, back_path: str) -> None:
    """A page whose record is gone (deleted, or a stale link): say so and offer the way back."""
    with ui.card().classes("q-pa-lg"):
        ui.label(message).classes("text-h6")
        ui.link(back_label, back_path)
