"""Staff confirm a family link made by name alone (seed 001): a request made with "I'm booking for a family member"
whose family member's name matches existing primary records waits on Requests with "Possible family: …".

**Link to Steven Smith's family**: the request (its appointment, and a prepaid request's invoice and payment) becomes
Steven's; the record made for the family member is dismissed; the booker is added to Steven's family as a
sub-record (staff can Make primary after). **Keep apart**: the new records stay as they are (the family member a
sub-record of the booker). One transaction and one audit entry; the visitor is told nothing either way."""

from datetime import datetime

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.errors import NotAllowed, ValidationFailed
from domain.households.family import name_of
from domain.scheduling.online.family_booking import LIVE, dismiss_if_unused, join_family_in
from domain.scheduling.online.handling import _changed, _move_paid, matchable
from storage.clients import PersonRow, ProfileRow
from storage.types import utcnow
from storage.uow import UnitOfWork


async def resolve_family(
    uow: UnitOfWork, *, actor: Actor, request_id: int, person_id: int | None, now: datetime | None = None
) -> str:
    """Link to …'s family (person_id: one of the request's possible families), or Keep apart (None)."""
    require(actor, "calendar")
    now = now or utcnow()
    async with uow:
        request, appointment = await matchable(uow, request_id, family=True)
        member = await uow.get(PersonRow, request.for_person_id, lock=True)
        booker = await uow.get(PersonRow, request.booker_person_id, lock=True)
        if person_id is None:
            request.family_match_state = "apart"
            said = f"kept {name_of(member)} apart from existing families"
        else:
            if str(person_id) not in request.family_match_ids.split(","):
                raise ValidationFailed({"family": "That record is not one of this request's possible families."})
            existing = await uow.get(PersonRow, person_id, lock=True)
            if existing.status not in LIVE:
                raise NotAllowed(f"{name_of(existing)} is {existing.status}. Restore the record first, or keep apart.")
            member.primary_person_id = None  # the record made for the family member leaves the booker's family
            joined = await join_family_in(uow, booker, existing)
            profile = (
                await uow.session.execute(select(ProfileRow).where(ProfileRow.person_id == existing.id))
            ).scalar_one()
            old_profile = appointment.profile_id
            appointment.profile_id, appointment.version, appointment.updated_at = (
                profile.id,
                appointment.version + 1,
                now,
            )
            request.for_person_id, request.family_match_state = existing.id, "linked"
            if request.invoice_id:
                await _move_paid(uow, request, old_profile, profile.id, existing.id)
            await uow.session.flush()
            await dismiss_if_unused(uow, member)
            said = f"linked to {name_of(existing)}'s family" + (f"; {joined}" if joined else "")
            uow.changed(topics.person(existing.id), topics.profile(profile.id))
            if old_profile:
                uow.changed(topics.profile(old_profile))
        uow.audit(actor, "booking.family", "appointment", appointment.id, summary=said[:500])
        uow.changed(topics.PEOPLE, topics.person(member.id), topics.person(booker.id))
        _changed(uow, appointment, request)
        await uow.commit()
    return f"Request {said}."
