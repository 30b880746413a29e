"""What the staff pages show of family records (seed 001): where each record stands in its family (People's caption
"Family record of Mary Smith", the More Options menu) and the primary records Link to primary can choose from."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from domain.accounts.roles import require
from domain.actor import Actor
from domain.clients.persons import person_or_not_found
from domain.households.family import LIVE
from domain.search import search_key
from storage.clients import PersonRow
from storage.portal import PortalLoginRow
from storage.uow import UnitOfWork

CHOICES = 10  # primary records listed at once in Link to primary: typing narrows them


@dataclass(frozen=True)
class FamilyStanding:
    person_id: int
    name: str
    first_name: str
    status: str
    primary_id: int | None  # a sub-record's primary record
    primary_name: str  # "" unless a sub-record
    sub_records: int  # a primary's
    own_login: bool  # the record's own Client Portal login (Link to primary ends it)

    @property
    def actions(self) -> tuple[str, ...]:
        """The More Options ⋮ family entries this record offers: "add" (Add a family record) and "link" (Link to
        primary) for a record that is no one's sub-record ("link" only without sub-records of its own), "make"
        (Make primary) and "unlink" (Unlink record) for a sub-record. Archived records offer none but Unlink."""
        if self.primary_id is not None:
            return ("make", "unlink") if self.status in LIVE else ("unlink",)
        if self.status not in LIVE:
            return ()
        return ("add",) if self.sub_records else ("add", "link")


async def family_standings(uow: UnitOfWork, *, actor: Actor, person_ids: list[int]) -> dict[int, FamilyStanding]:
    """Where each of these records stands in its family (records that no longer exist are left out)."""
    require(actor, "people.read")
    if not person_ids:
        return {}
    async with uow:
        s = uow.session
        persons = (await s.execute(select(PersonRow).where(PersonRow.id.in_(person_ids)))).scalars().all()
        primary_ids = {p.primary_person_id for p in persons if p.primary_person_id is not None}
        named = select(PersonRow.id, PersonRow.first_name + " " + PersonRow.last_name)
        primaries = dict((await s.execute(named.where(PersonRow.id.in_(primary_ids)))).all())
        counted = (
            select(PersonRow.primary_person_id, func.count())
            .where(PersonRow.primary_person_id.in_(person_ids))
            .group_by(PersonRow.primary_person_id)
        )
        subs = dict((await s.execute(counted)).all())
        logins = set(
            (
                await s.execute(
                    select(PortalLoginRow.primary_person_id).where(PortalLoginRow.primary_person_id.in_(person_ids))
                )
            ).scalars()
        )
    return {
        p.id: FamilyStanding(
            person_id=p.id,
            name=f"{p.first_name} {p.last_name}",
            first_name=p.first_name,
            status=p.status,
            primary_id=p.primary_person_id,
            primary_name=primaries.get(p.primary_person_id, "") if p.primary_person_id else "",
            sub_records=subs.get(p.id, 0),
            own_login=p.id in logins,
        )
        for p in persons
    }


@dataclass(frozen=True)
class PrimaryChoice:
    person_id: int
    name: str
    email: str
    sub_records: int


async def primary_choices(uow: UnitOfWork, *, actor: Actor, person_id: int, text: str = "") -> list[PrimaryChoice]:
    """For Link to primary: the records this one may join, matching every word typed (name, email or phone).
    Only primary records (no one's sub-record), current (active or prospective), with an email to share, of the same
    kind (test clients with test clients), never the record itself."""
    require(actor, "people.read")
    async with uow:
        person = await person_or_not_found(uow, person_id)
        where = [
            PersonRow.primary_person_id.is_(None),
            PersonRow.status.in_(LIVE),
            PersonRow.is_test.is_(person.is_test),
            PersonRow.email.is_not(None),
            PersonRow.email != "",
            PersonRow.id != person.id,
        ]
        for word in search_key(text).split():
            where.append(PersonRow.search_text.contains(word, autoescape=True))
        sub = aliased(PersonRow)
        subs = select(func.count(sub.id)).where(sub.primary_person_id == PersonRow.id).scalar_subquery()
        rows = (
            await uow.session.execute(
                select(PersonRow, subs)
                .where(*where)
                .order_by(PersonRow.last_name, PersonRow.first_name, PersonRow.id)
                .limit(CHOICES)
            )
        ).all()
    return [PrimaryChoice(p.id, f"{p.first_name} {p.last_name}", p.email or "", n) for p, n in rows]
