"""A profile's Records (session notes of the whole profile, diagnoses, files) and Admin notes and files.
Admin notes and files are for owners and admins only."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.audit.log import refusals_audited
from domain.clients.persons import profile_or_not_found
from domain.errors import NotFound, ValidationFailed
from domain.text import plain
from domain.validation import Errors, clean_date, clean_note, clean_text
from storage.records import MAX_FILE_BYTES, DiagnosisRow, FileRow, NoteRow
from storage.uow import UnitOfWork

ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".rtf": "application/rtf",
    ".doc": "application/msword",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
ALLOWED_LABEL = "PDF, Word (doc, docx), OpenDocument (odt), RTF, text, CSV, PNG, JPEG or GIF"
MAX_NOTE = 20_000


@dataclass(frozen=True)
class NoteView:
    id: int
    body: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class DiagnosisView:
    id: int
    name: str
    code: str
    diagnosed_on: date | None


@dataclass(frozen=True)
class FileView:
    id: int
    name: str
    size: int
    uploaded_by: str
    created_at: datetime
    kind: str
    shared_at: datetime | None = None  # shared with the client (My Documents in the Client Portal)
    opened_at: datetime | None = None  # the client's first opening (kept when sharing stops)

    @property
    def size_label(self) -> str:
        return size_label(self.size)

    @property
    def shared(self) -> bool:
        return self.shared_at is not None


def size_label(size: int) -> str:
    """'120 KB', '2.4 MB': never '0 KB' for a small file."""
    return f"{max(1, round(size / 1024))} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


async def _add(uow: UnitOfWork, actor: Actor, row: Any, action: str, summary: Callable[[Any], str]) -> int:
    """Adds a record row to its profile in one transaction with its audit entry; live pages refresh."""
    async with uow:
        await profile_or_not_found(uow, row.profile_id)
        uow.session.add(row)
        await uow.session.flush()
        uow.audit(actor, action, "profile", row.profile_id, summary=summary(row))
        uow.changed(topics.profile(row.profile_id))
        await uow.commit()
    return row.id


def _may_see(actor: Actor, kind: str) -> None:
    require(actor, "records.admin" if kind == "admin" else "people.read")


async def add_note(uow: UnitOfWork, *, actor: Actor, profile_id: int, body: str, kind: str = "session") -> int:
    """A session note of the whole profile (for a shared profile: not of one member), or an admin note."""
    _may_see(actor, kind)
    body = clean_note(body)
    if not body:
        raise ValidationFailed({"note": "Write the note first."})
    if len(body) > MAX_NOTE:
        raise ValidationFailed({"note": f"A note can be at most {MAX_NOTE:,} characters (this one has {len(body):,})."})
    return await _add(
        uow,
        actor,
        NoteRow(profile_id=profile_id, kind=kind, body=body, author_id=actor.user_id, author_name=actor.label),
        f"{kind}_note.added",
        lambda r: f"note #{r.id}",
    )


async def list_notes(uow: UnitOfWork, *, actor: Actor, profile_id: int, kind: str = "session") -> list[NoteView]:
    _may_see(actor, kind)
    async with uow:
        rows = (
            await uow.session.execute(
                select(NoteRow)
                .where(NoteRow.profile_id == profile_id, NoteRow.kind == kind)
                .order_by(NoteRow.id.desc())
            )
        ).scalars()
        return [NoteView(r.id, r.body, r.author_name, r.created_at) for r in rows]


async def add_diagnosis(
    uow: UnitOfWork, *, actor: Actor, profile_id: int, name: str, code: str = "", diagnosed_on: date | str | None = None
) -> int:
    require(actor, "people.read")
    errors = Errors()
    name = clean_text(errors, "diagnosis", "Diagnosis", name, max_length=200)
    code = clean_text(errors, "code", "Code", code, max_length=20, required=False)
    diagnosed_on = clean_date(errors, "diagnosed_on", diagnosed_on, future="The date cannot be in the future.")
    errors.raise_if_any()
    return await _add(
        uow,
        actor,
        DiagnosisRow(profile_id=profile_id, name=name, code=code, diagnosed_on=diagnosed_on),
        "diagnosis.added",
        lambda r: f"{name} {code}".strip(),
    )


async def list_diagnoses(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> list[DiagnosisView]:
    require(actor, "people.read")
    async with uow:
        rows = (
            await uow.session.execute(
                select(DiagnosisRow).where(DiagnosisRow.profile_id == profile_id).order_by(DiagnosisRow.id.desc())
            )
        ).scalars()
        return [DiagnosisView(r.id, r.name, r.code, r.diagnosed_on) for r in rows]


def check_file(name: str, size: int) -> str:
    """The content type for an allowed file; a refusal naming the limit otherwise."""
    suffix = PurePath(name or "").suffix.lower()
    if suffix not in ALLOWED_TYPES:
        raise ValidationFailed({"file": f"“{name}” is not a file type Hearth keeps. Upload {ALLOWED_LABEL}."})
    if size <= 0:
        raise ValidationFailed({"file": f"“{name}” is empty."})
    if size > MAX_FILE_BYTES:
        raise ValidationFailed(
            {
                "file": f"“{name}” is {size / 1024 / 1024:.1f} MB; files can be at most "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB."
            }
        )
    return ALLOWED_TYPES[suffix]


@refusals_audited("file.refused", "profile", "profile_id")
async def upload_file(
    uow: UnitOfWork, *, actor: Actor, profile_id: int, name: str, data: bytes, kind: str = "record"
) -> int:
    _may_see(actor, kind)
    name = plain(PurePath((name or "").replace("\\", "/")).name)[:200]
    content_type = check_file(name, len(data))
    return await _add(
        uow,
        actor,
        FileRow(
            profile_id=profile_id,
            kind=kind,
            name=name,
            content_type=content_type,
            size=len(data),
            data=data,
            uploaded_by=actor.label,
        ),
        f"{kind}_file.uploaded",
        lambda r: f"{name}, {len(data):,} bytes",
    )


async def list_files(
    uow: UnitOfWork, *, actor: Actor, profile_id: int, kinds: tuple[str, ...] = ("record",)
) -> list[FileView]:
    for kind in kinds:
        _may_see(actor, kind)
    async with uow:
        rows = await uow.session.execute(
            select(
                FileRow.id,
                FileRow.name,
                FileRow.size,
                FileRow.uploaded_by,
                FileRow.created_at,
                FileRow.kind,
                FileRow.shared_at,
                FileRow.opened_at,
            )
            .where(FileRow.profile_id == profile_id, FileRow.kind.in_(kinds))
            .order_by(FileRow.id.desc())
        )
        return [FileView(*r) for r in rows]


async def read_file(uow: UnitOfWork, *, actor: Actor, file_id: int) -> tuple[str, str, bytes]:
    """(name, content type, bytes) for a download; admin files for owners and admins only."""
    async with uow:
        row = await uow.session.get(FileRow, file_id)
        if row is None:
            raise NotFound("That file no longer exists.")
        _may_see(actor, row.kind)
        uow.audit(actor, "file.downloaded", "profile", row.profile_id, summary=row.name)
        await uow.commit()
        return row.name, row.content_type, row.data
