"""My Documents in the Client Portal (/portal/documents): the files the clinic shared with the client, newest first,
and their download route (/portal/documents/<id>/download), both through the one access policy.

For Home: `document_item(doc: SharedDocument, *, show_whose: bool = False) -> None` draws one document row (icon,
name, "Shared 3 Dec 2026 · 120 KB", "New" until opened, a big Open button); call it inside a card with the items of
`domain.records.shared_files.portal_documents(uow, *, who, ip=None)` (e.g. those with `not doc.opened`).
`download_path(file_id) -> str` is the Open link's address.
"""

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response
from nicegui import APIRouter, ui

from domain import topics
from domain.errors import NotFound, PortalSignedOut
from domain.formats import current
from domain.records.shared_files import SharedDocument, open_portal_document, portal_documents
from ui.live import live_box
from ui.portal.frame import SIGN_IN, current_client, empty, not_shared, open_portal, portal_frame
from ui.session import client_ip
from ui.state import uow

router = APIRouter()

ICONS = {"application/pdf": "picture_as_pdf", "image/png": "image", "image/jpeg": "image", "image/gif": "image"}


def download_path(file_id: int) -> str:
    return f"/portal/documents/{file_id}/download"


def document_item(doc: SharedDocument, *, show_whose: bool = False) -> None:
    """One document: what it is, when it was shared, "New" until the client opens it, and Open (a real link: it
    works without the page's connection, and a phone hands the file to its viewer)."""
    with ui.row().classes("w-full items-center no-wrap gap-3 q-py-xs").mark("portal-document"):
        ui.icon(ICONS.get(doc.content_type, "description"), size="1.75rem").classes("text-primary")
        with ui.column().classes("col gap-0").style("min-width: 0"):
            with ui.row().classes("items-center gap-x-2 gap-y-0 w-full"):  # a long name wraps: it is read whole
                ui.label(doc.name).classes("text-body1 text-weight-medium").style(
                    "min-width: 0; overflow-wrap: anywhere"
                ).mark("document-name")
                if not doc.opened:
                    ui.badge("New", color="accent").mark("document-new")
            details = [f"Shared {current().date(doc.shared_on)}", doc.size_label]
            if show_whose:
                details.insert(0, f"For {doc.for_name}")
            ui.label(" · ".join(details)).classes("text-caption text-grey-8").mark("document-details")
        link = ui.button("Open", icon="download").props("unelevated no-caps").classes("hearth-touch")
        link.props["href"] = download_path(doc.id)  # Quasar draws a button with href as a link
        link.props["aria-label"] = f"Open {doc.name}"
        link.mark("open-document")


def _documents(docs: list[SharedDocument], clinic_name: str, *, family: bool) -> None:
    """`family`: the login has family records, so each document says whose it is (seed 001)."""
    if not docs:
        empty(f"Nothing shared with you yet. Files {clinic_name} shares with you appear here.")
        return
    whose = family or len({d.person_id for d in docs}) > 1
    for i, doc in enumerate(docs):
        if i:
            ui.separator()
        document_item(doc, show_whose=whose)


@router.page("/portal/documents", title="My Documents · Client Portal")
async def documents_page(request: Request):
    opened = await open_portal(request)
    if opened is None:
        return RedirectResponse(SIGN_IN)
    who, clinic = opened
    ip = client_ip(request)
    with portal_frame(who, clinic.name, "documents"):
        ui.label("My Documents").classes("text-h5").props('role="heading" aria-level="1"').mark("documents-heading")
        if not_shared(who, "documents", "documents"):
            return None
        ui.label(f"Files {clinic.name} shared with you. Open one to download it.").classes("text-grey-8")
        with ui.card().classes("w-full").mark("documents"):
            live_box(
                lambda: portal_documents(uow(), who=who, ip=ip),
                lambda docs: _documents(docs, clinic.name, family=who.profile_count > 1),
                topics.documents(who.person_id),
                classes="w-full gap-1",
                style="",
            )
    return None


def attachment(name: str) -> str:
    """Content-Disposition for a download: an ASCII fallback and the real name (RFC 6266 / RFC 5987)."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;%' else "_" for c in name).strip() or "document"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@router.get("/portal/documents/{file_id}/download", include_in_schema=False)
async def download_document(request: Request, file_id: int) -> Response:
    who = await current_client(request)
    if who is None:
        return RedirectResponse(SIGN_IN, status_code=303)
    try:
        name, content_type, data = await open_portal_document(uow(), who=who, file_id=file_id, ip=client_ip(request))
    except PortalSignedOut:
        return RedirectResponse(SIGN_IN, status_code=303)
    except NotFound as exc:
        return PlainTextResponse(exc.message, status_code=404)
    return Response(
        data,
        media_type=content_type,
        headers={
            "Content-Disposition": attachment(name),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",  # a client's record: never kept by a shared computer's cache
        },
    )
