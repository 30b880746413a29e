"""Uploading and downloading a profile's files (records and admin files): limits shown before and after."""

from nicegui import ui

from domain.formats import current
from domain.records.profile_records import (
    ALLOWED_LABEL,
    ALLOWED_TYPES,
    MAX_FILE_BYTES,
    FileView,
    read_file,
    upload_file,
)
from ui.actions import FAILED, attempt
from ui.components.icon_button import icon_button
from ui.outcome import hand_over, page_client
from ui.session import StaffContext
from ui.staff.profile.sharing import shareable, sharing_row

LIMIT_TEXT = f"{ALLOWED_LABEL}; at most {MAX_FILE_BYTES // 1024 // 1024} MB each."


def file_list(ctx: StaffContext, files: list[FileView], empty: str, *, share: bool = False) -> None:
    """`share`: each record file or letter shows whether it is shared with the client, with Share / Stop sharing."""
    if not files:
        ui.label(empty).classes("text-grey-8")
    for f in files:
        with ui.row().classes("w-full items-center no-wrap gap-2").mark("profile-file"):
            ui.icon("picture_as_pdf" if f.name.lower().endswith(".pdf") else "description").classes("text-primary")
            with ui.column().classes("col gap-0"):
                ui.label(f.name).classes("text-weight-medium ellipsis")
                ui.label(f"{f.size_label} · {f.uploaded_by} · {current().date(f.created_at)}").classes(
                    "text-caption text-grey-7"
                )
                if share and shareable(f):
                    sharing_row(ctx, f)
            icon_button("download", f"Download {f.name}", lambda f=f: download(ctx, f.id), "flat round dense").mark(
                "download-file"
            )


async def download(ctx: StaffContext, file_id: int) -> None:
    client = page_client()  # the list the button sits in is redrawn on every change of the profile
    found = await attempt(read_file, ctx.uow(), actor=ctx.actor, file_id=file_id, client=client)
    if found is not FAILED:
        name, content_type, data = found
        hand_over(client, data, name, content_type)


def file_upload(ctx: StaffContext, profile_id: int, kind: str) -> ui.upload:
    async def uploaded(e) -> None:
        client = page_client()
        data = await e.file.read()
        await attempt(
            upload_file,
            ctx.uow(),
            actor=ctx.actor,
            profile_id=profile_id,
            name=e.file.name,
            data=data,
            kind=kind,
            success=f"{e.file.name} uploaded.",
            client=client,
        )
        if not upload.is_deleted:
            upload.reset()

    upload = (
        ui.upload(
            label="Upload files",
            multiple=True,
            auto_upload=True,
            on_upload=uploaded,
            max_file_size=MAX_FILE_BYTES,
            on_rejected=lambda: ui.notify(
                f"That file was not uploaded. Files can be {LIMIT_TEXT}", type="warning", multi_line=True
            ),
        )
        .props("flat bordered")
        .classes("w-full")
        .mark(f"upload-{kind}")
    )
    upload.props["accept"] = ",".join(ALLOWED_TYPES)  # a property, never text pasted into a props string
    ui.label(LIMIT_TEXT).classes("text-caption text-grey-7")
    return upload
