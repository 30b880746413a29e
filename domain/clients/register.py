"""Adding, editing, archiving and restoring clients; spotting likely duplicates."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.clients.details import ClientInput, clean_client
from domain.clients.invitations import send_invitation
from domain.clients.persons import add_person, person_or_not_found, person_search_key, profile_name
from domain.clients.tags import set_person_tags
from domain.dates import BadDate, parse_date
from domain.errors import DomainError, NotAllowed, ValidationFailed
from domain.households.members import add_member_in, shared_or_not_found
from domain.phones import region_of
from domain.records.forms import send_form_requests
from domain.scheduling.online.expiry import withdraw_requests_of
from domain.search import search_key
from storage.accounts import StaffUserRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.portal import PortalLoginRow
from storage.types import utcnow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Duplicate:
    id: int
    name: str
    reason: str


class LikelyDuplicate(DomainError):
    def __init__(self, matches: list[Duplicate]) -> None:
        names = ", ".join(m.name for m in matches)
        super().__init__(f"This looks like a client you already have: {names}.")
        self.matches = matches


async def find_duplicates(
    uow: UnitOfWork,
    *,
    email: str | None,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    except_id: int | None = None,
) -> list[Duplicate]:
    """Same email, or same name and date of birth, among clients that are not dismissed."""
    conditions = []
    if email:
        conditions.append(func.lower(PersonRow.email) == email.lower())
    if date_of_birth and first_name and last_name:
        conditions.append(
            and_(
                PersonRow.date_of_birth == date_of_birth,
                PersonRow.search_text.like(f"{search_key(first_name, last_name)}%"),
            )
        )
    if not conditions:
        return []
    query = select(PersonRow).where(or_(*conditions), PersonRow.status != "dismissed").limit(5)
    if except_id is not None:
        query = query.where(PersonRow.id != except_id)
    found = []
    for p in (await uow.session.execute(query)).scalars():
        same_email = bool(email and p.email and p.email.lower() == email.lower())
        found.append(
            Duplicate(
                p.id, f"{p.first_name} {p.last_name}", "same email" if same_email else "same name and date of birth"
            )
        )
    return found


async def add_client(
    uow: UnitOfWork,
    *,
    actor: Actor,
    data: ClientInput,
    invite: bool,
    form_ids: list[int],
    public_url: str,
    allow_duplicate: bool = False,
    is_test: bool = False,
    member_of: int | None = None,
) -> int:
    """Creates an active client (and their individual profile); optionally invites them and sends forms.
    `member_of`: Add Member > create a new client, who joins that shared profile in the same transaction."""
    require(actor, "people.read")
    async with uow:
        clinic = await clinic_row(uow.session)
        clean, errors = clean_client(
            _with_zone(data, clinic.time_zone),
            today=date.today(),
            region=region_of(clinic.locale),
            email_required=invite,
        )
        if invite and "email" in errors and errors["email"] == "Email is required.":
            errors["email"] = "An email address is needed to invite the client to the Client Portal."
        errors.raise_if_any()
        if not allow_duplicate:
            matches = await find_duplicates(
                uow,
                email=clean.email,
                first_name=clean.first_name,
                last_name=clean.last_name,
                date_of_birth=clean.date_of_birth,
            )
            if matches:
                raise LikelyDuplicate(matches)
        person, _profile = await add_person(
            uow,
            first_name=clean.first_name,
            last_name=clean.last_name,
            date_of_birth=clean.date_of_birth,
            email=clean.email,
            phone=clean.phone,
            time_zone=clean.time_zone,
            is_test=is_test,
        )
        await set_person_tags(uow, person.id, clean.tags)
        if member_of is not None:
            await add_member_in(uow, actor, await shared_or_not_found(uow, member_of, lock=True), person)
        if invite:
            await send_invitation(uow, person, public_url=public_url)
        await send_form_requests(uow, person, form_ids, public_url=public_url)
        uow.audit(
            actor,
            "client.test_created" if is_test else "client.added",
            "person",
            person.id,
            summary=f"{clean.first_name} {clean.last_name}"
            + (" (invited)" if invite else " (profile only)")
            + (f", {len(form_ids)} form(s) sent" if form_ids else ""),
        )
        uow.changed(topics.PEOPLE)
        await uow.commit()
    return person.id


async def update_client(uow: UnitOfWork, *, actor: Actor, person_id: int, data: ClientInput) -> None:
    require(actor, "people.read")
    async with uow:
        person = await _person(uow, person_id)
        clinic = await clinic_row(uow.session)
        clean, errors = clean_client(data, today=date.today(), region=region_of(clinic.locale))
        errors.raise_if_any()
        new_email = (person.email or "") != (clean.email or "")
        if new_email and person.primary_person_id is not None:  # a family record shares its primary's email
            primary = await _person(uow, person.primary_person_id)
            raise ValidationFailed(
                {
                    "email": f"{person.first_name} shares {primary.first_name} {primary.last_name}'s email as a family "
                    f"record. To give {person.first_name} an email of their own, use Unlink record."
                }
            )
        if new_email and person.email and await _has_login(uow, person.email):
            raise NotAllowed(f"{person.email} is this client's portal sign-in, so it cannot be changed here.")
        if new_email:  # the family's records follow their primary's email (they share one)
            for sub in (
                await uow.session.execute(select(PersonRow).where(PersonRow.primary_person_id == person.id))
            ).scalars():
                sub.email = clean.email
                sub.search_text = person_search_key(sub.first_name, sub.last_name, sub.email, sub.phone)
        changed = [
            label
            for label, old, new in (
                ("first name", person.first_name, clean.first_name),
                ("last name", person.last_name, clean.last_name),
                ("date of birth", person.date_of_birth, clean.date_of_birth),
                ("email", person.email, clean.email),
                ("phone", person.phone, clean.phone),
                ("time zone", person.time_zone, clean.time_zone),
            )
            if old != new
        ]
        person.first_name, person.last_name = clean.first_name, clean.last_name
        person.date_of_birth, person.email, person.phone = clean.date_of_birth, clean.email, clean.phone
        person.time_zone = clean.time_zone
        person.search_text = person_search_key(clean.first_name, clean.last_name, clean.email, clean.phone)
        profile = (await uow.session.execute(select(ProfileRow).where(ProfileRow.person_id == person.id))).scalar_one()
        profile.name = profile_name(clean.first_name, clean.last_name)
        await set_person_tags(uow, person.id, clean.tags)
        uow.audit(actor, "client.updated", "person", person.id, summary=", ".join(changed) or "tags or no change")
        uow.changed(topics.person(person_id), topics.PEOPLE)
        await uow.commit()


async def set_archived(uow: UnitOfWork, *, actor: Actor, person_id: int, archived: bool) -> None:
    """Archive keeps every record; restore brings the client back as active."""
    require(actor, "people.read")
    async with uow:
        person = await _person(uow, person_id)
        already = person.status == "archived" if archived else person.status not in ("archived", "dismissed")
        if already:
            raise NotAllowed("Nothing to do: the client is already " + ("archived." if archived else "current."))
        person.status = "archived" if archived else "active"
        if archived:
            await withdraw_requests_of(uow, person_id=person.id, why="the client was archived", now=utcnow())
        uow.audit(
            actor,
            "client.archived" if archived else "client.restored",
            "person",
            person.id,
            summary=f"{person.first_name} {person.last_name}",
        )
        uow.changed(topics.person(person_id), topics.PEOPLE)
        await uow.commit()


async def check_duplicates(
    uow: UnitOfWork, *, email: str, first_name: str, last_name: str, date_of_birth: date | str | None
) -> list[Duplicate]:
    """For the Add Client form: likely duplicates of what has been typed so far."""
    dob = date_of_birth
    if isinstance(dob, str):
        try:
            dob = parse_date(dob) if dob.strip() else None
        except BadDate:
            dob = None  # the form says what is wrong with it when saving
    async with uow:
        return await find_duplicates(
            uow,
            email=(email or "").strip() or None,
            first_name=first_name or "",
            last_name=last_name or "",
            date_of_birth=dob,
        )


async def _person(uow: UnitOfWork, person_id: int) -> PersonRow:
    return await person_or_not_found(uow, person_id, for_update=True)


async def _has_login(uow: UnitOfWork, email: str) -> bool:
    return (
        await uow.session.execute(select(PortalLoginRow.id).where(PortalLoginRow.email == email.lower()))
    ).first() is not None


def _with_zone(data: ClientInput, zone: str) -> ClientInput:
    if data.time_zone:
        return data
    return ClientInput(**{**data.__dict__, "time_zone": zone})


async def create_test_client(
    uow: UnitOfWork, *, actor: Actor, first_name: str, last_name: str, email: str, public_url: str
) -> int:
    """A dummy client to try the portal with: flagged as test, invited at a secondary email address."""
    async with uow:
        own = await uow.session.get(StaffUserRow, actor.user_id)
    if own is not None and own.email == (email or "").strip().lower():
        raise ValidationFailed({"email": "Use a secondary email address, not the one you sign in to Hearth with."})
    return await add_client(
        uow.fresh(),
        actor=actor,
        is_test=True,
        invite=True,
        form_ids=[],
        public_url=public_url,
        allow_duplicate=True,
        data=ClientInput(first_name=first_name, last_name=last_name, email=email),
    )
