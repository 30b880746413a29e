"""Client tags: free words the clinic uses to group clients ("NDIS", "Paediatric")."""

from sqlalchemy import delete, insert, select

from domain.text import plain, visible
from domain.validation import Errors
from storage.tags import TagRow, person_tags
from storage.uow import UnitOfWork

MAX_TAGS = 20
MAX_TAG = 40


def clean_tags(errors: Errors, names: list[str] | None) -> list[str]:
    seen, tags = set(), []
    for name in names or []:
        text = plain(str(name))
        if not visible(text) or text.casefold() in seen:
            continue
        if len(text) > MAX_TAG:
            errors["tags"] = f"A tag must be at most {MAX_TAG} characters ({text[:20]}…)."
        seen.add(text.casefold())
        tags.append(text)
    if len(tags) > MAX_TAGS:
        errors["tags"] = f"At most {MAX_TAGS} tags per client."
    return tags


async def set_person_tags(uow: UnitOfWork, person_id: int, names: list[str]) -> None:
    """Inside the caller's transaction: the person's tags become exactly `names` (new tags are created)."""
    s = uow.session
    await s.execute(delete(person_tags).where(person_tags.c.person_id == person_id))
    for name in names:
        key = name.casefold()
        # Two staff adding the same new tag at the same moment: the second waits for the first and uses its row.
        # No conflict target: the name and the key are both unique, and a race may meet either index first.
        await s.execute(uow.insert(TagRow).values(name=name, key=key).on_conflict_do_nothing())
        tag_id = (await s.execute(select(TagRow.id).where(TagRow.key == key))).scalar_one()
        await s.execute(insert(person_tags).values(person_id=person_id, tag_id=tag_id))


async def tags_of(uow: UnitOfWork, person_ids: list[int]) -> dict[int, list[str]]:
    if not person_ids:
        return {}
    rows = await uow.session.execute(
        select(person_tags.c.person_id, TagRow.name)
        .join(TagRow)
        .where(person_tags.c.person_id.in_(person_ids))
        .order_by(TagRow.name)
    )
    found: dict[int, list[str]] = {}
    for person_id, name in rows:
        found.setdefault(person_id, []).append(name)
    return found


async def list_tags(uow: UnitOfWork) -> list[str]:
    async with uow:
        return list((await uow.session.execute(select(TagRow.name).order_by(TagRow.name))).scalars())
