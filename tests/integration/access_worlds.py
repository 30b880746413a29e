"""Generated households for the access-policy property test (tests/integration/test_access_policy_properties.py): each
world's records (families, loners, shared profiles, relationships with random grants), one of each portal thing per
record, and what a refused act must not change."""

import itertools
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from domain.accounts.portal import new_ticket
from domain.clients.persons import add_person
from domain.households.relationship_rules import PERMISSIONS
from domain.tokens import digest, new_token
from storage.audit import AuditEntryRow
from storage.billing import InvoiceRow
from storage.clients import ProfileRow
from storage.engine import Database
from storage.forms import FormRequestRow
from storage.households import MemberRow
from storage.online_booking import BookingRequestRow
from storage.portal import PortalLoginRow, PortalSessionRow
from storage.records import FileRow
from storage.relationships import RelationshipRow
from storage.scheduling import AppointmentRow
from storage.tasks import TaskRow
from tests.integration.helpers import Clinic, at
from tests.integration.online_helpers import NOW

FIRST_SLOT = at("2031-03-17", "00:00")  # every generated appointment: an hour of its own, two weeks ahead
_serial = itertools.count(1)
SHARED_FILE = dict(kind="record", content_type="application/pdf", size=3, data=b"pdf", uploaded_by="Test",
                   shared_at=NOW, shared_by="Test")  # fmt: skip


@dataclass
class Person:
    id: int
    profile: int
    name: str
    primary: int  # the family's primary record (itself for a primary or a loner)
    active: bool
    content: dict[str, int] = field(default_factory=dict)  # kind → the id of its appointment, invoice, …


@dataclass
class Login:
    primary: int
    ticket: str
    current: int  # the record it switches to


@dataclass
class Built:
    persons: list[Person]
    shared: dict[int, tuple[bool, dict[int, bool], int]]  # profile → (archived, person → booking toggle, appt id)
    logins: list[Login]
    grants: list[tuple[int, int, frozenset[str]]] = field(default_factory=list)  # live (grantor, grantee, flags)


@dataclass
class Seen:
    """Every id made so far in this database, by kind (the households of earlier examples)."""

    ids: dict[str, list[int]] = field(default_factory=lambda: {k: [] for k in KINDS})


KINDS = ("person", "appointment", "invoice", "file", "task", "form", "profile")


async def build(db: Database, c: Clinic, template_id: int, world: dict) -> Built:
    persons: list[Person] = []
    shared: dict[int, tuple[bool, dict[int, bool], int]] = {}
    logins: list[Login] = []
    made = dict(practitioner_id=c.priya, service_id=c.service, kind="client", status="booked", price_cents=0)
    async with db.uow() as uow:
        s = uow.session

        async def person(status: str, primary: int | None) -> Person:
            n = next(_serial)
            row, profile = await add_person(
                uow, first_name=f"Gen{n}", last_name="Client", time_zone="Australia/Sydney", status=status
            )
            row.primary_person_id = primary
            return Person(row.id, profile.id, f"Gen{n} Client", primary or row.id, status == "active")

        def appointment(profile_id: int) -> AppointmentRow:
            start = FIRST_SLOT + timedelta(hours=next(_serial))
            row = AppointmentRow(profile_id=profile_id, starts_at=start, ends_at=start + timedelta(hours=1), **made)
            s.add(row)
            return row

        for subs, login, current in world["families"]:
            primary = await person("active", None)
            family = [primary] + [await person("archived" if archived else "active", primary.id) for archived in subs]
            persons += family
            if login:
                active = [p for p in family if p.active]
                logins.append(Login(primary.id, "", active[current % len(active)].id))
        for status, login in world["loners"]:
            loner = await person(status, None)
            persons.append(loner)
            if login and loner.active:
                logins.append(Login(loner.id, "", loner.id))
        for p in persons:  # each record's own things: one of each
            n = next(_serial)
            rows = {
                "appointment": appointment(p.profile),
                "invoice": InvoiceRow(
                    profile_id=p.profile, number=10**6 + n, status="issued", issued_on=NOW.date(), due_on=NOW.date()
                ),
                "file": FileRow(profile_id=p.profile, name=f"For {p.name}.pdf", **SHARED_FILE),
                "task": TaskRow(title=f"Task for {p.name}", profile_id=p.profile, client_person_id=p.id),
                "form": FormRequestRow(template_id=template_id, person_id=p.id, token_hash=digest(new_token())),
            }
            s.add_all(rows.values())
            await s.flush()
            p.content = {kind: row.id for kind, row in rows.items()}
        for archived, members in world["shared"]:
            profile = ProfileRow(kind="shared", name=f"Shared {next(_serial)}", archived_at=NOW if archived else None)
            s.add(profile)
            await s.flush()
            toggles: dict[int, bool] = {}
            for index, booking in members:
                if index < len(persons) and persons[index].id not in toggles:
                    toggles[persons[index].id] = booking
                    s.add(
                        MemberRow(
                            profile_id=profile.id,
                            person_id=persons[index].id,
                            is_primary=len(toggles) == 1,
                            portal_booking=booking,
                        )
                    )
            joint = appointment(profile.id)
            await s.flush()
            shared[profile.id] = (archived, toggles, joint.id)
        grants: list[tuple[int, int, frozenset[str]]] = []
        for a, b, flags, ended in world["relations"]:
            grantor, grantee = persons[a % len(persons)].id, persons[b % len(persons)].id  # any two of this world
            if grantor != grantee:
                if any((g, e) == (grantor, grantee) for g, e, _ in grants):
                    continue
                s.add(
                    RelationshipRow(
                        grantor_id=grantor, grantee_id=grantee, relation="other", ended_at=NOW if ended else None,
                        **{key: key in flags for key in PERMISSIONS},
                    )
                )  # fmt: skip
                if not ended:
                    grants.append((grantor, grantee, flags))
        for login in logins:
            row = PortalLoginRow(
                email=f"login{next(_serial)}@example.com", password_hash="-", primary_person_id=login.primary
            )
            s.add(row)
            await s.flush()
            login.ticket = new_ticket(uow, person_id=login.primary, login_id=row.id)
        await uow.commit()
    return Built(persons, shared, logins, grants)


async def snapshot(db: Database) -> list:
    """What a refused act must not change (the audit log aside: refusals are audited)."""
    watched = [
        (AppointmentRow.id, AppointmentRow.status, AppointmentRow.starts_at, AppointmentRow.profile_id),
        (TaskRow.id, TaskRow.done_at),
        (FileRow.id, FileRow.opened_at),
        (FormRequestRow.id, FormRequestRow.completed_at),
        (PortalSessionRow.id, PortalSessionRow.person_id),
        (InvoiceRow.id, InvoiceRow.status),
        (BookingRequestRow.id, BookingRequestRow.state),
    ]
    async with db.uow() as uow:
        return [(await uow.session.execute(select(*cols).order_by(cols[0]))).all() for cols in watched]


async def refusals(db: Database) -> int:
    async with db.uow() as uow:
        query = select(func.count()).select_from(AuditEntryRow).where(AuditEntryRow.action == "portal.refused")
        return (await uow.session.execute(query)).scalar_one()
