"""Persons and their individual profiles; the People list's search."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, func, select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.clients.tags import tags_of
from domain.errors import NotFound
from domain.phones import phone_search_text
from domain.search import search_key
from storage.clients import PersonRow, ProfileRow
from storage.tags import TagRow, person_tags
from storage.uow import UnitOfWork

PAGE_SIZE = 25

PROFILE_NAME = 160  # profiles.name


def person_search_key(first: str, last: str, email: str | None, phone: str | None) -> str:
    """A client's search key: names, email, and the phone as E.164 and national digits (domain/phones.py)."""
    return search_key(first, last, email, phone_search_text(phone))


def profile_name(first: str, last: str) -> str:
    """An individual profile's name: the person's names (two at their longest make 161: cut to the column)."""
    return f"{first} {last}"[:PROFILE_NAME]


FILTERS = {
    "current": "Current clients",
    "active": "Active",
    "prospective": "Prospective",
    "archived": "Archived",
    "test": "Test clients",
}


@dataclass(frozen=True)
class PersonView:
    id: int
    profile_id: int
    name: str
    date_of_birth: date | None
    email: str
    phone: str
    status: str
    is_test: bool = False
    tags: tuple[str, ...] = ()


async def add_person(
    uow: UnitOfWork,
    *,
    first_name: str,
    last_name: str,
    time_zone: str,
    date_of_birth: date | None = None,
    email: str | None = None,
    phone: str | None = None,
    status: str = "active",
    is_test: bool = False,
) -> tuple[PersonRow, ProfileRow]:
    """Inside the caller's transaction: a person always comes with their individual profile. `phone`: E.164
    (domain/phones.py clean_phone)."""
    person = PersonRow(
        first_name=first_name,
        last_name=last_name,
        date_of_birth=date_of_birth,
        email=email,
        phone=phone,
        time_zone=time_zone,
        status=status,
        is_test=is_test,
        search_text=person_search_key(first_name, last_name, email, phone),
    )
    uow.session.add(person)
    await uow.session.flush()
    profile = ProfileRow(kind="individual", name=profile_name(first_name, last_name), person_id=person.id)
    uow.session.add(profile)
    await uow.session.flush()
    return person, profile


async def person_or_not_found(uow: UnitOfWork, person_id: int, *, for_update: bool = False) -> PersonRow:
    """Inside the caller's transaction: the client, or NotFound with a message for the page."""
    person = await uow.session.get(PersonRow, person_id, with_for_update=for_update)
    if person is None:
        raise NotFound("That client no longer exists.")
    return person


async def profile_or_not_found(uow: UnitOfWork, profile_id: int, *, lock: bool = False) -> ProfileRow:
    """Inside the caller's transaction: the profile (either kind), locked when asked, or NotFound with a
    message for the page."""
    profile = await uow.session.get(ProfileRow, profile_id, with_for_update=lock)
    if profile is None:
        raise NotFound("That profile no longer exists.")
    return profile


@dataclass(frozen=True)
class PeoplePage:
    people: list[PersonView]
    total: int


def _filter(status: str) -> list[ColumnElement[bool]]:
    """Test clients only show under "Test clients"; dismissed prospects never show."""
    real = PersonRow.is_test.is_(False)
    filters: dict[str, list[ColumnElement[bool]]] = {
        "current": [real, PersonRow.status.in_(("active", "prospective"))],
        "active": [real, PersonRow.status == "active"],
        "prospective": [real, PersonRow.status == "prospective"],
        "archived": [real, PersonRow.status == "archived"],
        "test": [PersonRow.is_test.is_(True), PersonRow.status != "dismissed"],
    }
    return filters[status if status in FILTERS else "current"]


async def search_people(
    uow: UnitOfWork,
    *,
    actor: Actor,
    text: str = "",
    status: str = "current",
    tag: str | None = None,
    page: int = 0,
    page_size: int = PAGE_SIZE,
) -> PeoplePage:
    """Clients matching every word of `text` (name, email or phone), one page at a time."""
    require(actor, "people.read")
    where = _filter(status)
    for word in search_key(text).split():
        where.append(PersonRow.search_text.contains(word, autoescape=True))
    if tag:
        where.append(PersonRow.id.in_(select(person_tags.c.person_id).join(TagRow).where(TagRow.key == tag.casefold())))
    query = (
        select(PersonRow, ProfileRow.id, func.count().over().label("total"))
        .join(ProfileRow, ProfileRow.person_id == PersonRow.id)
        .where(*where)
        .order_by(PersonRow.last_name, PersonRow.first_name, PersonRow.id)
    )
    async with uow:  # one scan: the total rides along on every row of the page
        rows = (await uow.session.execute(query.offset(page * page_size).limit(page_size))).all()
        total = rows[0].total if rows else 0
        tags = await tags_of(uow, [p.id for p, _, _ in rows])
    return PeoplePage(
        total=total,
        people=[
            PersonView(
                id=p.id,
                profile_id=profile_id,
                name=f"{p.first_name} {p.last_name}",
                date_of_birth=p.date_of_birth,
                email=p.email or "",
                phone=p.phone or "",
                status=p.status,
                is_test=p.is_test,
                tags=tuple(tags.get(p.id, ())),
            )
            for p, profile_id, _ in rows
        ],
    )
