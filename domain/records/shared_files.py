"""Files staff share with a client ("Share with client" on a file in Records) and the client's My Documents.

Only a record file or a letter of an individual client's profile can be shared, and only with a client who signs
in to the Client Portal (seed 003: My Documents is unavailable until the client activates their account). Admin
files are staff-only. Stopping sharing hides the file from the portal again; when the client first opened it stays
on record. The portal side goes through the one access policy (domain/households/access.py): a file id that is not
a document shared with a record this login may open (another client's, an unshared one, an admin file, none at all)
is answered as not found, audited, and changes nothing.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import defer

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.audit.log import refusals_audited
from domain.clients.invitations import portal_access
from domain.errors import NotAllowed, NotFound
from domain.formats import current
from domain.households.access import PortalView, portal_actor, refuse, require_access, session_household
from domain.records.profile_records import size_label
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.records import FileRow
from storage.types import utcnow
from storage.uow import UnitOfWork, rows_changed

SHAREABLE_KINDS = ("record", "letter")
MAX_ID = 2**31 - 1  # a tampered id beyond the column's range is "not found", never a database error


@dataclass(frozen=True)
class SharedDocument:
    """One file in the client's My Documents."""

    id: int
    name: str
    content_type: str
    size: int
    shared_at: datetime  # aware, UTC
    shared_on: date  # the day it was shared, in the clinic's time zone
    opened: bool  # the client has opened it (else: "New")
    person_id: int  # whose record it belongs to
    for_name: str  # that record's name (family records will list sub-records' documents under one login)

    @property
    def size_label(self) -> str:
        return size_label(self.size)


def sharing_label(shared_at: datetime | None, opened_at: datetime | None, zone: ZoneInfo) -> str:
    """Pure: what staff see on a file row. '' for a file never shared."""
    opened = f"Opened {current().date(opened_at.astimezone(zone))}" if opened_at else "Not opened yet"
    if shared_at is not None:
        return f"Shared with client · {opened}"
    return f"Sharing stopped · {opened}" if opened_at else ""


def _name(person: PersonRow) -> str:
    return f"{person.first_name} {person.last_name}"


@refusals_audited("file.share_refused", "file", "file_id")
async def share_file(uow: UnitOfWork, *, actor: Actor, file_id: int, shared: bool) -> str:
    """Shares a file with the client of its profile (`shared=True`) or stops sharing it; returns what to tell the
    staff user. Sharing twice (a double click, two browsers) changes nothing the second time."""
    require(actor, "people.read")
    async with uow:
        row = (
            await uow.session.get(FileRow, file_id, options=[defer(FileRow.data, raiseload=True)], with_for_update=True)
            if 0 < file_id <= MAX_ID
            else None
        )
        if row is None:
            raise NotFound("That file no longer exists.")
        if row.kind not in SHAREABLE_KINDS:
            raise NotAllowed("Admin files are for staff only: they cannot be shared with the client.")
        profile = await uow.get(ProfileRow, row.profile_id)
        if profile.person_id is None:
            raise NotAllowed(
                "Files of a shared profile cannot be shared with a client: upload the file to the client's own "
                "profile (Records) and share it from there."
            )
        person = await uow.get(PersonRow, profile.person_id)
        if shared == (row.shared_at is not None):
            return f"{row.name} is {'already' if shared else 'not'} shared with {_name(person)}."
        if shared:
            await _may_share_with(uow, person)
            row.shared_at, row.shared_by = utcnow(), actor.label
            said = f"Shared {row.name} with {_name(person)}: it is in their My Documents in the Client Portal."
        else:
            row.shared_at, row.shared_by = None, ""
            said = f"Stopped sharing {row.name}: {person.first_name} no longer sees it in the Client Portal."
        uow.audit(
            actor,
            "file.shared" if shared else "file.unshared",
            "profile",
            row.profile_id,
            summary=f"{row.name} {'with' if shared else 'from'} {_name(person)}",
        )
        uow.changed(topics.profile(row.profile_id), topics.documents(person.id))
        await uow.commit()
    return said


async def _may_share_with(uow: UnitOfWork, person: PersonRow) -> None:
    """Only with an active client who signs in to the Client Portal (a test client: staff view its portal)."""
    if person.status != "active":
        raise NotAllowed(f"{_name(person)} is not an active client: only an active client's files can be shared.")
    if not person.is_test and not (await portal_access(uow, person)).active:
        raise NotAllowed(
            f"{_name(person)} has no Client Portal access yet: invite {person.first_name} to the Client Portal "
            "first (Portal & forms tab), then share the file."
        )


async def portal_documents(uow: UnitOfWork, *, who: PortalView, ip: str | None = None) -> list[SharedDocument]:
    """My Documents, newest first: the files shared with every record under this login (seed 001: the primary sees
    all documents shared with itself and its sub-records), labelled by whose they are, whichever profile is current.
    """
    async with uow:
        household = await require_access(uow, who, "documents", ip=ip)
        names = {r.person_id: r.name for r in household.records}
        shown = household.person_ids("documents")
        zone = ZoneInfo((await clinic_row(uow.session)).time_zone)
        rows = await uow.session.execute(
            select(
                FileRow.id,
                FileRow.name,
                FileRow.content_type,
                FileRow.size,
                FileRow.shared_at,
                FileRow.opened_at,
                ProfileRow.person_id,
            )
            .join(ProfileRow, ProfileRow.id == FileRow.profile_id)
            .where(ProfileRow.person_id.in_(shown), FileRow.kind.in_(SHAREABLE_KINDS), FileRow.shared_at.is_not(None))
            .order_by(FileRow.shared_at.desc(), FileRow.id.desc())
        )
        return [
            SharedDocument(
                r.id,
                r.name,
                r.content_type,
                r.size,
                r.shared_at,
                r.shared_at.astimezone(zone).date(),
                r.opened_at is not None,
                r.person_id,
                names[r.person_id],
            )
            for r in rows
        ]


async def open_portal_document(
    uow: UnitOfWork, *, who: PortalView, file_id: int, ip: str | None = None
) -> tuple[str, str, bytes]:
    """(name, content type, bytes) of a document shared with a record this login may open documents of. The
    client's first opening is stamped (staff viewing a test client's portal do not count); every opening is
    audited."""
    async with uow:
        await session_household(uow, who.token)  # a signed-out tab is told so, not "not found"
        found = (
            (
                await uow.session.execute(
                    select(FileRow, ProfileRow.person_id)
                    .join(ProfileRow, ProfileRow.id == FileRow.profile_id)
                    .where(FileRow.id == file_id)
                )
            ).one_or_none()
            if 0 < file_id <= MAX_ID
            else None
        )
        if found is None:
            await refuse(uow, who, f"document {file_id}: does not exist", ip=ip)
        row, person_id = found
        if person_id is None or row.kind not in SHAREABLE_KINDS or row.shared_at is None:
            await refuse(uow, who, f"document {file_id}: not shared with a client", ip=ip)
        await require_access(uow, who, "documents", person_id, ip=ip)
        first = False
        if not who.viewed_by_staff:
            first = (
                rows_changed(
                    await uow.session.execute(
                        update(FileRow)
                        .where(FileRow.id == row.id, FileRow.opened_at.is_(None))
                        .values(opened_at=utcnow())
                        .execution_options(synchronize_session=False)
                    )
                )
                == 1
            )
        uow.audit(
            portal_actor(who, ip),
            "document.opened",
            "profile",
            row.profile_id,
            summary=f"{row.name}{' (first time)' if first else ''}",
        )
        if first:
            uow.changed(topics.profile(row.profile_id), topics.documents(person_id))
        await uow.commit()
        return row.name, row.content_type, row.data
