"""'Share with client' on a file in Records (a record file or a letter of a client's own profile): whether the
client sees it in My Documents and has opened it, and the action that shares it or stops sharing it."""

from nicegui import ui

from domain.records.profile_records import FileView
from domain.records.shared_files import SHAREABLE_KINDS, share_file, sharing_label
from ui.actions import FAILED, attempt
from ui.outcome import page_client, tell
from ui.session import StaffContext

HINT = "“Share with client” puts a file in the client's My Documents in the Client Portal; you see when they open it."


def shareable(f: FileView) -> bool:
    return f.kind in SHAREABLE_KINDS


def sharing_row(ctx: StaffContext, f: FileView) -> None:
    """Under a file's name: its state ("Shared with client · Opened 3 Dec 2026") and Share / Stop sharing."""
    state = sharing_label(f.shared_at, f.opened_at, ctx.clinic.zone)
    with ui.row().classes("items-center gap-x-3 gap-y-0"):
        if state:
            icon, colour = (
                ("mark_email_read", "text-positive")
                if f.shared and f.opened_at
                else ("schedule", "text-primary")
                if f.shared
                else ("link_off", "text-grey-7")
            )
            with ui.row().classes(f"items-center gap-1 no-wrap {colour}"):
                ui.icon(icon, size="1.1rem")
                ui.label(state).classes("text-caption").mark("file-sharing")
        button = ui.button(
            "Stop sharing" if f.shared else "Share with client",
            icon="link_off" if f.shared else "share",
            on_click=lambda: _share(ctx, f.id, not f.shared),
        ).props("flat dense no-caps size=sm")
        button.props["aria-label"] = f"{'Stop sharing' if f.shared else 'Share with client'}: {f.name}"
        button.mark("unshare-file" if f.shared else "share-file")


async def _share(ctx: StaffContext, file_id: int, shared: bool) -> None:
    client = page_client()  # the row is redrawn by the change it makes
    said = await attempt(share_file, ctx.uow(), actor=ctx.actor, file_id=file_id, shared=shared, client=client)
    if said is not FAILED:
        tell(client, said)
