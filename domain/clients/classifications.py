"""Client classifications: managed in Setup, allocated to any profile (individual or shared), reported on."""

from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.clients.persons import profile_or_not_found
from domain.errors import NotFound, ValidationFailed
from domain.validation import Errors, clean_text
from storage.households import ClassificationRow, profile_classifications
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Classification:
    id: int
    name: str
    active: bool


async def list_classifications(uow: UnitOfWork, *, active_only: bool = False) -> list[Classification]:
    query = select(ClassificationRow).order_by(ClassificationRow.name)
    if active_only:
        query = query.where(ClassificationRow.active.is_(True))
    async with uow:
        return [Classification(r.id, r.name, r.active) for r in (await uow.session.execute(query)).scalars()]


async def add_classification(uow: UnitOfWork, *, actor: Actor, name: str) -> int:
    require(actor, "setup")
    errors = Errors()
    name = clean_text(errors, "name", "Classification", name, max_length=80)
    errors.raise_if_any()
    async with uow:
        existing = (
            await uow.session.execute(select(ClassificationRow).where(ClassificationRow.name.ilike(name)))
        ).scalar_one_or_none()
        if existing is not None:
            raise ValidationFailed({"name": f"“{existing.name}” already exists."})
        row = ClassificationRow(name=name, active=True)
        uow.session.add(row)
        await uow.session.flush()
        uow.audit(actor, "classification.added", "classification", row.id, summary=name)
        uow.changed(topics.CLASSIFICATIONS)
        await uow.commit()
    return row.id


async def set_classification_active(uow: UnitOfWork, *, actor: Actor, classification_id: int, active: bool) -> None:
    """Switched off, it can no longer be allocated; profiles that have it keep it (reports stay whole)."""
    require(actor, "setup")
    async with uow:
        row = await uow.session.get(ClassificationRow, classification_id)
        if row is None:
            raise NotFound("That classification no longer exists.")
        row.active = active
        uow.audit(
            actor,
            "classification.active" if active else "classification.inactive",
            "classification",
            classification_id,
            summary=row.name,
        )
        uow.changed(topics.CLASSIFICATIONS)
        await uow.commit()


async def profile_classification_ids(uow: UnitOfWork, *, profile_id: int) -> list[int]:
    async with uow:
        return list(
            (
                await uow.session.execute(
                    select(profile_classifications.c.classification_id).where(
                        profile_classifications.c.profile_id == profile_id
                    )
                )
            ).scalars()
        )


async def set_profile_classifications(uow: UnitOfWork, *, actor: Actor, profile_id: int, ids: list[int]) -> None:
    require(actor, "people.read")
    async with uow:
        await profile_or_not_found(uow, profile_id)
        current = set(
            (
                await uow.session.execute(
                    select(profile_classifications.c.classification_id).where(
                        profile_classifications.c.profile_id == profile_id
                    )
                )
            ).scalars()
        )
        rows = {
            r.id: r
            for r in (
                await uow.session.execute(select(ClassificationRow).where(ClassificationRow.id.in_(set(ids) | current)))
            ).scalars()
        }
        wanted = {i for i in ids if i in rows and (rows[i].active or i in current)}
        if set(ids) - wanted:
            raise ValidationFailed({"classifications": "Choose classifications from the list."})
        await uow.session.execute(
            delete(profile_classifications).where(profile_classifications.c.profile_id == profile_id)
        )
        if wanted:
            await uow.session.execute(
                insert(profile_classifications),
                [{"profile_id": profile_id, "classification_id": i} for i in sorted(wanted)],
            )
        uow.audit(
            actor,
            "profile.classifications",
            "profile",
            profile_id,
            summary=", ".join(sorted(rows[i].name for i in wanted)) or "none",
        )
        uow.changed(topics.profile(profile_id))
        await uow.commit()
