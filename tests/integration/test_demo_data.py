"""The demo sandbox: Demo Clinic with staff and about thirty clients, created once."""

from sqlalchemy import select

from domain.clients.persons import search_people
from domain.clinic.settings import get_clinic
from domain.demo import CLIENTS, PROSPECTS, seed_demo
from domain.demo_booking import REQUESTS
from storage.clients import PersonRow, ProfileRow
from tests.integration.helpers import count
from tests.support import staff_actor


async def test_demo_data_is_created_once(db):
    assert await seed_demo(db.uow()) is True
    assert await seed_demo(db.uow()) is False
    assert await count(db, PersonRow) == len(CLIENTS) + len(PROSPECTS) + len(REQUESTS) and len(CLIENTS) >= 30
    assert (await get_clinic(db.uow())).name == "Demo Clinic"


async def test_every_client_has_an_individual_profile(db):
    await seed_demo(db.uow())
    async with db.uow() as uow:
        profiles = (await uow.session.execute(select(ProfileRow))).scalars().all()
    individual = [p for p in profiles if p.kind == "individual"]
    assert len(individual) == len(CLIENTS) + len(PROSPECTS) + len(REQUESTS) and all(p.person_id for p in individual)


async def test_mary_smith_and_her_children_share_one_email(db):
    await seed_demo(db.uow())
    found = await search_people(db.uow(), actor=staff_actor(), text="mary.smith@example")
    assert sorted(p.name for p in found.people) == ["Mary Smith", "Steven Smith", "Susan Smith"]


async def test_search_ignores_case_and_accents(db):
    await seed_demo(db.uow())
    for text, name in (
        ("zoe", "Zoë Ødegård"),
        ("ZOË", "Zoë Ødegård"),
        ("odegard", "Zoë Ødegård"),
        ("jose alv", "José Álvarez"),
        ("ALVAREZ", "José Álvarez"),
    ):
        names = [p.name for p in (await search_people(db.uow(), actor=staff_actor(), text=text)).people]
        assert names == [name], text


async def test_search_pages_through_results(db):
    await seed_demo(db.uow())
    first = await search_people(db.uow(), actor=staff_actor(), page=0, page_size=10)
    last = await search_people(db.uow(), actor=staff_actor(), page=2, page_size=10)
    assert (
        first.total == len(CLIENTS) + len(PROSPECTS) + len(REQUESTS)
        and len(first.people) == 10
        and len(last.people) == 10
    )
    assert not {p.id for p in first.people} & {p.id for p in last.people}
