"""A shared profile "Alex & Sam Taylor" with two members, on top of the booking-ready clinic."""
from dataclasses import dataclass

from domain.households.members import add_member
from domain.households.shared_profiles import create_shared_profile, get_shared
from tests.integration.clients_helpers import add, mary
from tests.integration.scheduling_helpers import OWNER, Clinic, ready_clinic


@dataclass
class Household:
    clinic: Clinic
    profile: int
    alex: int        # person ids
    sam: int


async def taylors(db, *, sam_email: str | None = "sam.taylor@example.com") -> Household:
    clinic = await ready_clinic(db)
    alex = await add(db, mary(first_name="Alex", last_name="Taylor", email="alex.taylor@example.com",
                              date_of_birth="1985-06-01", phone="0400 111 222"))
    sam = await add(db, mary(first_name="Sam", last_name="Taylor", email=sam_email or "", date_of_birth="1987-02-14",
                             phone="0400 333 444"))
    profile = await create_shared_profile(db.uow(), actor=OWNER, name="Alex & Sam Taylor")
    await add_member(db.uow(), actor=OWNER, profile_id=profile, person_id=alex)
    await add_member(db.uow(), actor=OWNER, profile_id=profile, person_id=sam)
    return Household(clinic, profile, alex, sam)


async def member_ids(db, h: Household) -> dict[int, int]:
    """person id → member id"""
    shared = await get_shared(db.uow(), actor=OWNER, profile_id=h.profile)
    return {m.person_id: m.id for m in shared.members}
