"""Demo data for households: client classifications and a couple's shared profile."""

from sqlalchemy import insert

from storage.clients import PersonRow, ProfileRow
from storage.households import ClassificationRow, MemberRow, profile_classifications
from storage.uow import UnitOfWork

CLASSIFICATIONS = ("Couples", "Family", "Individual", "NDIS")


async def seed_households(uow: UnitOfWork, *, people: dict[str, PersonRow]) -> None:
    s = uow.session
    rows = {name: ClassificationRow(name=name, active=True) for name in CLASSIFICATIONS}
    s.add_all(rows.values())
    couple = ProfileRow(kind="shared", name="Liam Nguyen & Grace Lee", comments="Couples counselling, fortnightly.")
    s.add(couple)
    await s.flush()
    s.add_all(
        [
            MemberRow(
                profile_id=couple.id,
                person_id=people["Liam Nguyen"].id,
                is_primary=True,
                portal_booking=True,
                receives_reminders=True,
            ),
            MemberRow(
                profile_id=couple.id,
                person_id=people["Grace Lee"].id,
                is_primary=False,
                portal_booking=False,
                receives_reminders=True,
            ),
        ]
    )
    await s.execute(
        insert(profile_classifications), [{"profile_id": couple.id, "classification_id": rows["Couples"].id}]
    )
