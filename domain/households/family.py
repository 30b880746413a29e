"""Family records (seed 001): client records under one login. The primary record's email is the single point of
communication and its portal login is the family's; sub-records (a child, a spouse) share that email.

Add a family record (the Add Client screen with the primary's email, read-only), Link to primary (a record joins a
primary's family: its own portal login ends), Make primary (a sub-record becomes the primary: the login follows),
Unlink record (a sub-record leaves with an email of its own; its history stays with it). One transaction and one
audit entry each; what would break the family is refused with the way out."""

import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar, cast

from sqlalchemy import delete, func, select, update

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.audit.log import record_refusal
from domain.clients.details import ClientInput, clean_client
from domain.clients.invitations import withdraw_open_invitations
from domain.clients.persons import add_person, person_or_not_found, person_search_key
from domain.clients.tags import set_person_tags
from domain.errors import NotAllowed, ValidationFailed
from domain.phones import region_of
from domain.scheduling.online.invites import withdraw_open as withdraw_booking_invites
from domain.validation import Errors, clean_email
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.portal import PortalLoginRow, PortalSessionRow
from storage.types import utcnow
from storage.uow import UnitOfWork

LIVE = ("active", "prospective")
REFUSED = "family.refused"
Service = TypeVar("Service", bound=Callable[..., Awaitable[Any]])


def _audit_refusals(id_argument: str, *, typing_mistakes: bool = True) -> Callable[[Service], Service]:
    """A refused family change is written to the audit log in its own transaction (after the refused one has
    closed: nothing of it is kept), then raised as before. `typing_mistakes=False`: form errors are not logged."""

    def decorate(service: Service) -> Service:
        @functools.wraps(service)
        async def run(uow: UnitOfWork, **kwargs: Any) -> Any:
            try:
                return await service(uow, **kwargs)
            except (NotAllowed, ValidationFailed) as exc:
                if typing_mistakes or isinstance(exc, NotAllowed):
                    summary = f"{service.__name__.replace('_', ' ').capitalize()}: {exc.message}"[:500]
                    await record_refusal(
                        uow.fresh(), actor=kwargs["actor"], action=REFUSED, record_type="person",
                        record_id=kwargs.get(id_argument), summary=summary,
                    )  # fmt: skip
                raise

        return cast(Service, run)

    return decorate


@dataclass(frozen=True)
class FamilyMember:
    person_id: int
    name: str
    primary: bool
    status: str


@dataclass(frozen=True)
class Family:
    """A record's family: its primary first, then the sub-records by name. One member: no family."""

    email: str
    members: tuple[FamilyMember, ...]

    @property
    def primary(self) -> FamilyMember:
        return self.members[0]

    @property
    def linked(self) -> bool:
        return len(self.members) > 1


def name_of(person: PersonRow) -> str:
    return f"{person.first_name} {person.last_name}"


async def primary_of(uow: UnitOfWork, person: PersonRow) -> PersonRow:
    """Inside the caller's transaction: the primary record of a person's family (itself when it is one)."""
    return await uow.get(PersonRow, person.primary_person_id) if person.primary_person_id else person


async def family_rows(uow: UnitOfWork, primary: PersonRow) -> list[PersonRow]:
    """Inside the caller's transaction: the primary, then its sub-records (any status) by name."""
    order = (PersonRow.first_name, PersonRow.last_name, PersonRow.id)
    query = select(PersonRow).where(PersonRow.primary_person_id == primary.id).order_by(*order)
    subs = (await uow.session.execute(query)).scalars().all()
    return [primary, *subs]


async def get_family(uow: UnitOfWork, *, actor: Actor, person_id: int) -> Family:
    require(actor, "people.read")
    async with uow:
        person = await person_or_not_found(uow, person_id)
        primary = await primary_of(uow, person)
        rows = await family_rows(uow, primary)
        members = tuple(FamilyMember(p.id, name_of(p), p.id == primary.id, p.status) for p in rows)
        return Family(primary.email or "", members)


def _changed(uow: UnitOfWork, *person_ids: int) -> None:
    uow.changed(topics.PEOPLE, *(topics.person(p) for p in person_ids))


@_audit_refusals("primary_id", typing_mistakes=False)
async def add_family_record(
    uow: UnitOfWork, *, actor: Actor, primary_id: int, data: ClientInput, today: date | None = None
) -> int:
    """Add a family record: a new client under the primary, sharing its email (the duplicate-email check of Add
    Client is skipped on purpose: family records share one email)."""
    require(actor, "people.read")
    async with uow:
        primary = await person_or_not_found(uow, primary_id, for_update=True)
        if primary.primary_person_id is not None:
            owner = await uow.get(PersonRow, primary.primary_person_id)
            raise NotAllowed(f"{name_of(primary)} is a family record of {name_of(owner)}: add it to {name_of(owner)}.")
        if primary.status not in LIVE:
            raise NotAllowed(f"{name_of(primary)} is {primary.status}: restore the record first.")
        if not primary.email:
            raise NotAllowed(f"Add an email address to {name_of(primary)} first: family records share it.")
        clinic = await clinic_row(uow.session)
        clean, errors = clean_client(
            ClientInput(
                data.first_name,
                data.last_name,
                data.date_of_birth,
                primary.email,
                data.phone,
                data.time_zone or primary.time_zone or clinic.time_zone,
                data.tags,
            ),
            today=today or date.today(),
            region=region_of(clinic.locale),
        )
        errors.raise_if_any()
        person, _profile = await add_person(
            uow,
            first_name=clean.first_name,
            last_name=clean.last_name,
            date_of_birth=clean.date_of_birth,
            email=primary.email,
            phone=clean.phone,
            time_zone=clean.time_zone,
            is_test=primary.is_test,
            status=primary.status,
        )
        person.primary_person_id = primary.id
        await set_person_tags(uow, person.id, clean.tags)
        uow.audit(actor, "family.record_added", "person", person.id, summary=f"{name_of(person)}, family record of "
                  f"{name_of(primary)}")  # fmt: skip
        _changed(uow, person.id, primary.id)
        await uow.commit()
    return person.id


@_audit_refusals("person_id")
async def link_to_primary(uow: UnitOfWork, *, actor: Actor, person_id: int, primary_id: int) -> str:
    """Link to primary: the record joins the primary's family and takes its email for communication; its own
    portal login (if any) ends (the caller has confirmed that)."""
    require(actor, "people.read")
    async with uow:
        for locked in sorted({person_id, primary_id}):  # one order everywhere
            await person_or_not_found(uow, locked, for_update=True)
        person, primary = await uow.get(PersonRow, person_id), await uow.get(PersonRow, primary_id)
        if person.id == primary.id:
            raise NotAllowed("A record cannot be its own primary.")
        if primary.primary_person_id is not None:
            raise NotAllowed(
                f"{name_of(primary)} is a family record itself: only a primary record can have family records."
            )
        if person.primary_person_id == primary.id:
            raise NotAllowed(f"{name_of(person)} is already a family record of {name_of(primary)}.")
        if person.primary_person_id is not None:
            raise NotAllowed(f"{name_of(person)} is a family record of another primary: unlink it first.")
        has_own = (
            await uow.session.execute(select(func.count()).where(PersonRow.primary_person_id == person.id))
        ).scalar_one()
        if has_own:
            raise NotAllowed(
                f"{name_of(person)} is the primary of other family records: make one of them primary, or unlink "
                "them, first."
            )
        if person.is_test != primary.is_test:
            raise NotAllowed("A test client and a real client cannot be in one family.")
        if primary.status not in LIVE or person.status not in LIVE:
            raise NotAllowed("Archived or dismissed records cannot be linked: restore them first.")
        if not primary.email:
            raise NotAllowed(f"Add an email address to {name_of(primary)} first: family records share it.")
        ended = await _end_login(uow, person, primary)
        await withdraw_open_invitations(uow, person.id, utcnow())  # a link sent to the old email must not sign in
        await withdraw_booking_invites(uow, person.id, utcnow())  # nor book for the record
        before = person.email or "no email"
        person.primary_person_id, person.email = primary.id, primary.email
        person.search_text = person_search_key(person.first_name, person.last_name, person.email, person.phone)
        uow.audit(actor, "family.linked", "person", person.id, summary=f"{name_of(person)} → family of "
                  f"{name_of(primary)} (was {before}" + ("; its portal login ended)" if ended else ")"))  # fmt: skip
        _changed(uow, person.id, primary.id)
        await uow.commit()
    return f"{name_of(person)} is now a family record of {name_of(primary)}." + (
        " Their own portal sign-in was ended." if ended else ""
    )


async def _end_login(uow: UnitOfWork, person: PersonRow, primary: PersonRow) -> bool:
    """Inside the caller's transaction: the person's own portal login ends (its sessions with it). A login is the
    person's when it names them as its primary record; a shared email alone (a family's) is not theirs. A login of
    the primary's very email (two records that shared it before being linked) stays: it is now the family's."""
    login = (
        await uow.session.execute(select(PortalLoginRow).where(PortalLoginRow.primary_person_id == person.id))
    ).scalar_one_or_none()
    if login is None:
        return False
    if login.email == (primary.email or "").lower():
        login.primary_person_id = primary.id
        return False
    await uow.session.execute(delete(PortalSessionRow).where(PortalSessionRow.login_id == login.id))
    await uow.session.delete(login)
    return True


@_audit_refusals("person_id")
async def make_primary(uow: UnitOfWork, *, actor: Actor, person_id: int) -> str:
    """Make primary: the sub-record becomes the family's primary; the old primary and the other sub-records follow
    it, and the portal login (same email) now belongs to it."""
    require(actor, "people.read")
    async with uow:
        person = await person_or_not_found(uow, person_id)
        if person.primary_person_id is None:
            raise NotAllowed(f"{name_of(person)} is already the primary record.")
        for locked in sorted({person.id, person.primary_person_id}):  # one order everywhere (as Link to primary)
            await person_or_not_found(uow, locked, for_update=True)
        if person.status != "active":  # the family's portal login follows the primary: it must be able to sign in
            raise NotAllowed(
                f"{name_of(person)} is {person.status}: "
                + ("Review & Add them" if person.status == "prospective" else "restore the record")
                + " before making them primary."
            )
        old = await uow.get(PersonRow, person.primary_person_id)
        family = [p.id for p in await family_rows(uow, old)]  # every page showing this family hears of it
        await uow.session.execute(
            update(PersonRow)
            .where(PersonRow.primary_person_id == old.id, PersonRow.id != person.id)
            .values(primary_person_id=person.id)
        )
        old.primary_person_id, person.primary_person_id = person.id, None
        await uow.session.execute(
            update(PortalLoginRow).where(PortalLoginRow.primary_person_id == old.id).values(primary_person_id=person.id)
        )
        uow.audit(actor, "family.primary", "person", person.id, summary=f"{name_of(person)} is now the primary "
                  f"record (was {name_of(old)})")  # fmt: skip
        _changed(uow, *family)
        await uow.commit()
    return f"{name_of(person)} is now the primary record; {name_of(old)} is a family record."


@_audit_refusals("person_id")
async def unlink_record(uow: UnitOfWork, *, actor: Actor, person_id: int, email: str) -> str:
    """Unlink record: the sub-record leaves the family with an email of its own (required first: communication
    no longer goes to the primary). Its history stays with it; inviting it to the portal is the next step."""
    require(actor, "people.read")
    errors = Errors()
    address = clean_email(errors, "email", email, required=True)
    errors.raise_if_any()
    async with uow:
        person = await person_or_not_found(uow, person_id, for_update=True)
        if person.primary_person_id is None:
            raise NotAllowed(f"{name_of(person)} is not a family record of anyone.")
        primary = await uow.get(PersonRow, person.primary_person_id)
        if address.lower() == (primary.email or "").lower():
            raise ValidationFailed(
                {"email": f"That is {name_of(primary)}'s email: give {person.first_name} their own."}
            )
        taken = (
            await uow.session.execute(select(PortalLoginRow.id).where(PortalLoginRow.email == address.lower()))
        ).first()
        if taken:
            raise ValidationFailed({"email": "Another Client Portal login uses that email. Give another one."})
        await withdraw_open_invitations(uow, person.id, utcnow())  # links went to the family's email
        await withdraw_booking_invites(uow, person.id, utcnow())
        await uow.session.execute(  # a family's browser showing this record goes back to the primary's
            update(PortalSessionRow)
            .where(PortalSessionRow.person_id == person.id, PortalSessionRow.login_id.is_not(None))
            .values(person_id=primary.id)
        )
        person.primary_person_id, person.email = None, address
        person.search_text = person_search_key(person.first_name, person.last_name, person.email, person.phone)
        uow.audit(actor, "family.unlinked", "person", person.id, summary=f"{name_of(person)} left the family of "
                  f"{name_of(primary)}; own email {address}")  # fmt: skip
        _changed(uow, person.id, primary.id)
        await uow.commit()
    return f"{name_of(person)} is no longer a family record of {name_of(primary)}. Invite them to the Client Portal."
