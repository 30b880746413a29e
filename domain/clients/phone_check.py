"""Phone numbers to check: the clients' and contacts' numbers that migration 0009 could not read, kept exactly
as typed (not E.164). Listed under Setup > Clinic until someone corrects them; no SMS goes to them."""

from dataclasses import dataclass

from sqlalchemy import select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.phones import is_e164
from storage.clients import PersonRow, ProfileRow
from storage.households import ContactRow, ProfileContactRow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class PhoneToCheck:
    kind: str  # "client" or "contact"
    id: int  # the person's or the contact's
    name: str
    phone: str  # as typed
    link: str | None  # the client's profile; for a contact, the first profile it is linked to (or None)
    note: str = ""  # the contact's kind, or the client's status when archived


async def phones_to_check(uow: UnitOfWork, *, actor: Actor) -> list[PhoneToCheck]:
    """Clients (dismissed prospects left out) and then contacts whose stored phone is not a checked E.164, by
    name. Checked in Python (the same rule as the SMS guard): a clinic has thousands of numbers, not millions."""
    require(actor, "people.read")
    async with uow:
        persons = (
            await uow.session.execute(
                select(PersonRow.id, PersonRow.first_name, PersonRow.last_name, PersonRow.phone, PersonRow.status)
                .where(PersonRow.phone.is_not(None), PersonRow.phone != "", PersonRow.status != "dismissed")
                .order_by(PersonRow.last_name, PersonRow.first_name, PersonRow.id)
            )
        ).all()
        found = [
            PhoneToCheck(
                "client",
                person_id,
                f"{first} {last}",
                phone or "",
                f"/clients/{person_id}",
                "" if status in ("active", "prospective") else status,
            )
            for person_id, first, last, phone, status in persons
            if not is_e164(phone)
        ]
        contacts = (
            await uow.session.execute(
                select(ContactRow.id, ContactRow.name, ContactRow.phone, ContactRow.kind)
                .where(ContactRow.phone != "")
                .order_by(ContactRow.name, ContactRow.id)
            )
        ).all()
        for contact_id, name, phone, kind in contacts:
            if not is_e164(phone):
                found.append(
                    PhoneToCheck("contact", contact_id, name, phone, await _contact_link(uow, contact_id), kind)
                )
    return found


async def _contact_link(uow: UnitOfWork, contact_id: int) -> str | None:
    """A page where the contact shows: the first profile it is linked to (a client's or a shared one)."""
    row = (
        await uow.session.execute(
            select(ProfileRow.id, ProfileRow.kind, ProfileRow.person_id)
            .join(ProfileContactRow, ProfileContactRow.profile_id == ProfileRow.id)
            .where(ProfileContactRow.contact_id == contact_id)
            .order_by(ProfileContactRow.id)
            .limit(1)
        )
    ).first()
    if row is None:
        return None
    return f"/clients/{row.person_id}" if row.kind == "individual" else f"/shared/{row.id}"
