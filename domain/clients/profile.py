"""Everything the client's profile page shows, in one read."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.clients.invitations import PortalAccess, portal_access
from domain.clients.persons import person_or_not_found
from domain.clients.tags import tags_of
from domain.households.access import PortalView, require_access
from domain.records.form_answers import FormResponseView, list_responses
from storage.clients import ProfileRow
from storage.forms import FormRequestRow, FormTemplateRow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class FormRequestView:
    id: int
    name: str
    sent_at: datetime
    completed_at: datetime | None


@dataclass(frozen=True)
class ClientDetail:
    id: int
    profile_id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    email: str
    phone: str
    time_zone: str
    status: str
    is_test: bool
    source: str
    tags: list[str]
    portal: PortalAccess
    requests: list[FormRequestView]
    responses: list[FormResponseView]

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


async def get_client(uow: UnitOfWork, *, actor: Actor, person_id: int) -> ClientDetail:
    require(actor, "people.read")
    async with uow:
        person = await person_or_not_found(uow, person_id)
        profile_id = (
            await uow.session.execute(select(ProfileRow.id).where(ProfileRow.person_id == person.id))
        ).scalar_one()
        requests = [
            FormRequestView(r.id, name, r.created_at, r.completed_at)
            for r, name in (
                await uow.session.execute(
                    select(FormRequestRow, FormTemplateRow.name)
                    .join(FormTemplateRow)
                    .where(FormRequestRow.person_id == person.id)
                    .order_by(FormRequestRow.id.desc())
                )
            )
        ]
        return ClientDetail(
            id=person.id,
            profile_id=profile_id,
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
            email=person.email or "",
            phone=person.phone or "",
            time_zone=person.time_zone,
            status=person.status,
            is_test=person.is_test,
            source=person.source,
            tags=(await tags_of(uow, [person.id])).get(person.id, []),
            portal=await portal_access(uow, person),
            requests=requests,
            responses=await list_responses(uow, person.id),
        )


async def pending_forms(uow: UnitOfWork, *, who: PortalView) -> list[FormRequestView]:
    """For the portal home: forms the current profile still has to complete."""
    async with uow:
        household = await require_access(uow, who, "forms")
        rows = await uow.session.execute(
            select(FormRequestRow, FormTemplateRow.name)
            .join(FormTemplateRow)
            .where(FormRequestRow.person_id == household.current_person_id, FormRequestRow.completed_at.is_(None))
            .order_by(FormRequestRow.id)
        )
        return [FormRequestView(r.id, name, r.created_at, None) for r, name in rows]
