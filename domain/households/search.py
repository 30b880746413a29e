"""People > Shared: every shared profile with its members and next appointment; Advanced Search; and
the calendar's client search, which finds shared profiles by their name or a member's."""

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.scheduling.times import day_bounds
from domain.search import search_key
from storage.clients import PersonRow, ProfileRow
from storage.households import MemberRow, profile_classifications
from storage.scheduling import AppointmentRow
from storage.types import utcnow
from storage.uow import UnitOfWork

LIMIT = 200


@dataclass(frozen=True)
class SharedFilter:
    text: str = ""  # the profile's name or a member's name, email or phone
    member_name: str = ""
    member_email: str = ""
    member_dob: date | None = None
    practitioner_id: int | None = None  # has an appointment with them (in the date range, if given)
    first: date | None = None
    last: date | None = None
    status: str | None = None  # the appointment's status: booked, arrived, completed, no_show, cancelled
    classification_ids: tuple[int, ...] = ()
    archived: bool = False


@dataclass(frozen=True)
class SharedSummary:
    profile_id: int
    name: str
    members: list[str] = field(default_factory=list)
    primary: str = ""
    next_appointment: datetime | None = None
    archived: bool = False


def _member_where(*conditions):
    return ProfileRow.id.in_(
        select(MemberRow.profile_id).join(PersonRow, PersonRow.id == MemberRow.person_id).where(*conditions)
    )


def _where(f: SharedFilter, zone: ZoneInfo) -> list:
    where = [
        ProfileRow.kind == "shared",
        ProfileRow.archived_at.is_not(None) if f.archived else ProfileRow.archived_at.is_(None),
    ]
    for word in search_key(f.text).split():
        where.append(
            or_(
                func.lower(ProfileRow.name).contains(word, autoescape=True),
                _member_where(PersonRow.search_text.contains(word, autoescape=True)),
            )
        )
    for word in search_key(f.member_name).split():
        where.append(_member_where(PersonRow.search_text.contains(word, autoescape=True)))
    if f.member_email.strip():
        where.append(
            _member_where(func.lower(PersonRow.email).contains(f.member_email.strip().lower(), autoescape=True))
        )
    if f.member_dob:
        where.append(_member_where(PersonRow.date_of_birth == f.member_dob))
    if f.practitioner_id or f.first or f.last or f.status:
        appointment = [AppointmentRow.kind == "client"]
        if f.practitioner_id:
            appointment.append(AppointmentRow.practitioner_id == f.practitioner_id)
        if f.first:
            appointment.append(AppointmentRow.starts_at >= day_bounds(f.first, zone)[0])
        if f.last:
            appointment.append(AppointmentRow.starts_at < day_bounds(f.last, zone)[1])
        if f.status:
            appointment.append(AppointmentRow.status == f.status)
        where.append(ProfileRow.id.in_(select(AppointmentRow.profile_id).where(*appointment)))
    for classification_id in f.classification_ids:  # every chosen classification
        where.append(
            ProfileRow.id.in_(
                select(profile_classifications.c.profile_id).where(
                    profile_classifications.c.classification_id == classification_id
                )
            )
        )
    return where


async def list_shared(
    uow: UnitOfWork, *, actor: Actor, time_zone: str, filters: SharedFilter = SharedFilter(), limit: int = LIMIT
) -> list[SharedSummary]:
    require(actor, "people.read")
    now = utcnow()
    next_start = (
        select(func.min(AppointmentRow.starts_at))
        .where(
            AppointmentRow.profile_id == ProfileRow.id,
            AppointmentRow.starts_at >= now,
            AppointmentRow.status.in_(("booked", "arrived")),
        )
        .correlate(ProfileRow)
        .scalar_subquery()
    )
    query = (
        select(ProfileRow, next_start.label("next"))
        .where(*_where(filters, ZoneInfo(time_zone)))
        .order_by(func.lower(ProfileRow.name), ProfileRow.id)
        .limit(limit)
    )
    async with uow:
        rows = (await uow.session.execute(query)).all()
        members: dict[int, list[tuple[str, bool]]] = {}
        if rows:
            for profile_id, first, last, primary in await uow.session.execute(
                select(MemberRow.profile_id, PersonRow.first_name, PersonRow.last_name, MemberRow.is_primary)
                .join(PersonRow, PersonRow.id == MemberRow.person_id)
                .where(MemberRow.profile_id.in_([p.id for p, _ in rows]))
                .order_by(MemberRow.id)
            ):
                members.setdefault(profile_id, []).append((f"{first} {last}", primary))
    return [
        SharedSummary(
            p.id,
            p.name,
            [n for n, _ in members.get(p.id, [])],
            next((n for n, primary in members.get(p.id, []) if primary), ""),
            nxt,
            p.archived_at is not None,
        )
        for p, nxt in rows
    ]


async def find_shared_for_booking(uow: UnitOfWork, *, actor: Actor, text: str, limit: int = 4) -> list[SharedSummary]:
    """The calendar's client search: shared profiles (not archived) by their name or a member's."""
    if len(search_key(text)) < 2:
        return []
    return await list_shared(uow, actor=actor, time_zone="UTC", filters=SharedFilter(text=text), limit=limit)
