"""Booking for a family member (seed 001, "Bookings Sessions for Child/Sub Records"): whom a request is for, who
booked it, and the family links that wait for staff on the request.

On the Bookings Page, "I'm booking for a family member" makes the request FOR the family member (the appointment is
on their profile); the contact fields are the booker's own, and the booker is the primary. Who is added, in the
request's one transaction (the visitor sees the same page in every case, and is never told a record exists):

- neither exists: both. The booker as for any visitor (a Prospective Client, or active when "Add new clients
  automatically" is on) and the family member as a sub-record of the booker (same email, same status).
- only the booker exists: a booker is never linked silently to an existing client, so the booker's record is made
  new as for any visitor, with the existing client stored as a possible match. When staff **Link to Mary Smith**,
  the family member's new record moves under Mary and the booker's new record is dismissed: in the end only the
  sub-record was added, under the booker. (**Keep as new** leaves both new records, as when neither exists.)
- the family member's name matches existing primary records: they are stored on the request as possible families,
  for staff to choose **Link to …'s family** (the request becomes that record's, the booker is added to its family
  as a sub-record, and staff can Make primary after) or **Keep apart**. Confirm waits until they have chosen.

Invite to Book for a sub-record (Steven): the email went to the primary's address; the request is Steven's and the
primary booked it."""

from dataclasses import dataclass

from sqlalchemy import func, select

from domain.clients.details import CleanClient
from domain.clients.persons import add_person, person_search_key
from domain.errors import NotAllowed, ValidationFailed
from domain.households.family import name_of, primary_of
from domain.scheduling.online.invites import OpenInvite
from domain.scheduling.online.visitors import Visit, requester
from domain.search import search_key
from domain.validation import Errors, clean_text
from storage.clients import PersonRow, ProfileRow
from storage.online_booking import BookingRequestRow
from storage.portal import PortalLoginRow
from storage.scheduling import AppointmentRow
from storage.uow import UnitOfWork

LIVE = ("active", "prospective")
MAX_FAMILIES = 10  # a name shared by more primaries than this is listed up to here (staff can still Keep apart)


@dataclass(frozen=True)
class Who:
    """Who a request is for (`person`: the appointment's profile), who booked it, and what staff are to decide:
    the booker's possible matches, and the existing primaries named like the family member."""

    booker: PersonRow
    person: PersonRow
    matches: list[int]
    families: list[int]


@dataclass(frozen=True)
class FamilyMatch:
    """An existing primary record named like the family member a visitor booked for (seed 001)."""

    person_id: int
    name: str
    email: str
    status: str
    sub_records: int  # how many family records it has already

    @property
    def label(self) -> str:
        family = f", {self.sub_records} family record{'s' if self.sub_records != 1 else ''}" if self.sub_records else ""
        email = f", {self.email}" if self.email else ""
        kind = "prospective client" if self.status == "prospective" else "client"
        return f"{self.name} (primary record, {kind}, same family member name{family}{email})"


async def sub_record_counts(uow: UnitOfWork, primary_ids: set[int]) -> dict[int, int]:
    """How many live family records each of these primaries has (for the Requests list)."""
    if not primary_ids:
        return {}
    rows = await uow.session.execute(
        select(PersonRow.primary_person_id, func.count())
        .where(PersonRow.primary_person_id.in_(primary_ids), PersonRow.status.in_(("active", "prospective")))
        .group_by(PersonRow.primary_person_id)
    )
    return {primary: n for primary, n in rows.all() if primary is not None}


def family_member(visit: Visit, errors: Errors) -> tuple[str, str] | None:
    """The family member's first and last name (required when "I'm booking for a family member" is ticked; the
    messages go to their fields), or None."""
    if not visit.for_family:
        return None
    first = clean_text(
        errors, "family_first_name", "The family member's first name", visit.family_first_name, max_length=80
    )
    last = clean_text(
        errors, "family_last_name", "The family member's last name", visit.family_last_name, max_length=80
    )
    return first, last


async def who_asks(
    uow: UnitOfWork,
    contact: CleanClient | None,
    member: tuple[str, str] | None,
    invite: OpenInvite | None,
    auto_add: bool,
    portal: PersonRow | None,
) -> Who:
    """Inside the request's transaction: the records the request is for and by (new ones added, see above)."""
    if portal is not None:
        return Who(portal, portal, [], [])
    if invite is not None:  # a sub-record's invitation went to its primary, who books for it
        return Who(await primary_of(uow, invite.person), invite.person, [], [])
    booker, matches = await requester(uow, contact, None, auto_add, None)
    if member is None:
        return Who(booker, booker, matches, [])
    first, last = member
    families = await possible_families(uow, first, last, exclude=booker.id)
    person, _profile = await add_person(
        uow, first_name=first, last_name=last, email=booker.email, time_zone=booker.time_zone, status=booker.status
    )
    person.source, person.primary_person_id = "booking_request", booker.id
    return Who(booker, person, matches, families)


async def possible_families(uow: UnitOfWork, first: str, last: str, *, exclude: int) -> list[int]:
    """Live primary records (no primary of their own, not test clients) with the family member's name, every
    script folded as in possible_matches."""
    name = search_key(first, last)
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = (
        await uow.session.execute(
            select(PersonRow)
            .where(
                PersonRow.status.in_(LIVE),
                PersonRow.primary_person_id.is_(None),
                PersonRow.is_test.is_(False),
                PersonRow.id != exclude,
                PersonRow.search_text.like(escaped + "%", escape="\\"),
            )
            .order_by(PersonRow.id)
            .limit(50)
        )
    ).scalars()
    return [p.id for p in rows if search_key(p.first_name, p.last_name) == name][:MAX_FAMILIES]


def _share(person: PersonRow, primary: PersonRow) -> None:
    """`person` becomes a sub-record of `primary`, sharing its email (checked first)."""
    if not primary.email:
        raise NotAllowed(f"{name_of(primary)} has no email address: add one first (family records share it).")
    if person.is_test != primary.is_test:
        raise NotAllowed("A test client and a real client cannot be in one family.")
    if primary.status not in LIVE:
        raise NotAllowed(f"{name_of(primary)} is {primary.status}: restore the record first.")
    person.primary_person_id, person.email = primary.id, primary.email
    person.search_text = person_search_key(person.first_name, person.last_name, person.email, person.phone)


async def join_family_in(uow: UnitOfWork, booker: PersonRow, member: PersonRow) -> str:
    """Inside the caller's transaction: the booker is added to the family member's family as a sub-record (of its
    primary). Refused, with the way out, when that would break another family. Returns what happened ("" when the
    booker is in that family already)."""
    primary = await primary_of(uow, member)
    if booker.id == primary.id or booker.primary_person_id == primary.id:
        return ""
    if booker.primary_person_id is not None:
        owner = await uow.get(PersonRow, booker.primary_person_id)
        raise NotAllowed(
            f"{name_of(booker)} is a family record of {name_of(owner)}: unlink the record first, or keep apart."
        )
    own = (await uow.session.execute(select(func.count()).where(PersonRow.primary_person_id == booker.id))).scalar_one()
    if own:
        raise NotAllowed(
            f"{name_of(booker)} is the primary of other family records: make one of them primary, or unlink them, "
            "first; or keep apart."
        )
    login = (
        await uow.session.execute(select(PortalLoginRow.id).where(PortalLoginRow.primary_person_id == booker.id))
    ).first()
    if login:
        raise NotAllowed(
            f"{name_of(booker)} has a Client Portal login of their own: use Link to primary on their record (it "
            "asks before ending the login), or keep apart."
        )
    before = booker.email or "no email"
    _share(booker, primary)
    return f"{name_of(booker)} is now a family record of {name_of(primary)} (shares {primary.email}; was {before})"


async def dismiss_if_unused(uow: UnitOfWork, made: PersonRow) -> None:
    """A record the Bookings Page made for this request alone (no appointment of its own any more) is dismissed:
    kept, out of the lists and out of any family."""
    if made.source != "booking_request" or made.status not in LIVE:
        return
    others = (
        await uow.session.execute(
            select(func.count())
            .select_from(AppointmentRow)
            .join(ProfileRow, ProfileRow.id == AppointmentRow.profile_id)
            .where(ProfileRow.person_id == made.id)
        )
    ).scalar_one()
    if not others:
        made.status, made.primary_person_id = "dismissed", None


async def link_booker_in(uow: UnitOfWork, request: BookingRequestRow, person_id: int | None) -> str:
    """Inside resolve_match's transaction, for a request made for a family member: the booker's possible match.
    Keep as new: nothing moves. Link to …: the booker is that client (the record made for the request is
    dismissed); the family member's new record moves under that client's family or, when its family link was
    confirmed, the client joins the family member's family. Returns what was done."""
    made = await uow.get(PersonRow, request.booker_person_id, lock=True)
    if person_id is None:
        request.match_state = "new"
        return f"kept {name_of(made)} as a new record"
    if str(person_id) not in request.match_ids.split(","):
        raise ValidationFailed({"match": "That client is not one of this request's possible matches."})
    client = await uow.get(PersonRow, person_id, lock=True)
    if client.status not in LIVE:
        raise NotAllowed(f"{name_of(client)} is archived. Restore them first, or keep as new.")
    member = await uow.get(PersonRow, request.for_person_id, lock=True)
    made.primary_person_id = None  # it leaves any family it joined for this request
    if request.family_match_state == "linked":
        joined = await join_family_in(uow, client, member)
    else:
        primary = await primary_of(uow, client)
        _share(member, primary)
        joined = f"{name_of(member)} is now a family record of {name_of(primary)}"
    request.booker_person_id, request.match_state = client.id, "linked"
    await uow.session.flush()
    await dismiss_if_unused(uow, made)
    return f"linked to {name_of(client)}" + (f"; {joined}" if joined else "")
