"""Prospective clients: made by public forms and booking requests; Review & Add or dismiss.

A public form's newcomer becomes (`intake_person`) a prospect, unless the clinic's "Add new clients
automatically" setting is on; a booking request always makes a new record by the same setting and records
possible matches instead of reusing anyone (domain/scheduling/online/requests.py). Prospects get no automated
messages; that rule lives where messages are made (messaging.outbox.queue_client_email).
"""

from datetime import date

from sqlalchemy import func, select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.clients.invitations import send_invitation
from domain.clients.persons import add_person, person_or_not_found
from domain.clients.tags import clean_tags, set_person_tags
from domain.errors import NotAllowed
from domain.records.forms import send_form_requests
from domain.scheduling.online.expiry import withdraw_requests_of
from domain.validation import Errors
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.types import utcnow
from storage.uow import UnitOfWork


async def intake_person(
    uow: UnitOfWork,
    *,
    first_name: str,
    last_name: str,
    email: str,
    phone: str | None,
    date_of_birth: date | None,
    source: str,
) -> PersonRow:
    """Inside the caller's transaction: the person a public visitor is. Someone already on file with the
    same email and name is reused; otherwise a new prospective (or, with auto-add, active) client. `phone`:
    E.164, checked by the caller (domain/phones.py clean_phone, with the clinic's region)."""
    existing = (
        await uow.session.execute(
            select(PersonRow)
            .where(
                func.lower(PersonRow.email) == email.lower(),
                func.lower(PersonRow.first_name) == first_name.lower(),
                func.lower(PersonRow.last_name) == last_name.lower(),
                PersonRow.status.in_(("active", "prospective")),
            )
            .limit(1)
        )
    ).scalar_one_or_none()
    if existing is not None:
        return existing
    clinic = await clinic_row(uow.session)
    person, _profile = await add_person(
        uow,
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone,
        date_of_birth=date_of_birth,
        time_zone=clinic.time_zone,
        status="active" if clinic.auto_add_clients else "prospective",
    )
    person.source = source
    return person


async def review_and_add(
    uow: UnitOfWork,
    *,
    actor: Actor,
    person_id: int,
    invite: bool,
    tags: list[str],
    form_ids: list[int],
    public_url: str,
) -> None:
    """Review & Add: the prospect becomes an active client, optionally invited, tagged and sent forms."""
    require(actor, "people.read")
    errors = Errors()
    tags = clean_tags(errors, tags)
    errors.raise_if_any()
    async with uow:
        person = await _prospect(uow, person_id)
        person.status = "active"
        family = (
            (  # family records made with it (a booking for a family member) are added with their primary
                await uow.session.execute(
                    select(PersonRow).where(PersonRow.primary_person_id == person.id, PersonRow.status == "prospective")
                )
            )
            .scalars()
            .all()
        )
        for member in family:
            member.status = "active"
            uow.changed(topics.person(member.id))
        await set_person_tags(uow, person.id, tags)
        if invite:
            await send_invitation(uow, person, public_url=public_url)
        await send_form_requests(uow, person, form_ids, public_url=public_url)
        uow.audit(
            actor,
            "client.reviewed_and_added",
            "person",
            person.id,
            summary=f"{person.first_name} {person.last_name}"
            + (" (invited)" if invite else " (profile only)")
            + (f"; with family records {', '.join(f'{m.first_name} {m.last_name}' for m in family)}" if family else ""),
        )
        uow.changed(topics.person(person_id), topics.PEOPLE)
        await uow.commit()


async def dismiss_prospect(uow: UnitOfWork, *, actor: Actor, person_id: int) -> None:
    """Not a client after all: hidden from the lists, kept (with what they submitted) for the record."""
    require(actor, "people.read")
    async with uow:
        person = await _prospect(uow, person_id)
        person.status = "dismissed"
        await withdraw_requests_of(uow, person_id=person.id, why="the record was dismissed", now=utcnow())
        uow.audit(
            actor, "client.prospect_dismissed", "person", person.id, summary=f"{person.first_name} {person.last_name}"
        )
        uow.changed(topics.person(person_id), topics.PEOPLE)
        await uow.commit()


async def _prospect(uow: UnitOfWork, person_id: int) -> PersonRow:
    person = await person_or_not_found(uow, person_id, for_update=True)
    if person.status != "prospective":
        raise NotAllowed(f"{person.first_name} {person.last_name} is not a prospective client any more.")
    return person
