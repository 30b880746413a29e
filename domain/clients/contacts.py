"""The clinic-wide contacts list (GPs, referrers, …) and the contacts linked to a profile; referrals."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.clients.persons import profile_or_not_found
from domain.errors import NotFound, ValidationFailed
from domain.formats import current
from domain.phones import clean_phone, region_of
from domain.validation import Errors, clean_date, clean_email, clean_note, clean_text
from storage.clients import ProfileRow
from storage.clinic import clinic_row
from storage.households import ContactRow, ProfileContactRow, ReferralRow
from storage.uow import UnitOfWork

CONTACT_KINDS = ("GP", "Referrer", "Specialist", "School", "Insurer", "Other")


@dataclass(frozen=True)
class ContactView:
    id: int
    name: str
    kind: str
    organisation: str
    email: str
    phone: str
    link_id: int | None = None  # the profile's link to it
    note: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.kind}{', ' + self.organisation if self.organisation else ''})"


@dataclass(frozen=True)
class ReferralView:
    id: int
    referred_on: date
    referrer: str
    reason: str


def _view(c: ContactRow, link: ProfileContactRow | None = None) -> ContactView:
    return ContactView(
        c.id, c.name, c.kind, c.organisation, c.email, c.phone, link.id if link else None, link.note if link else ""
    )


async def list_contacts(uow: UnitOfWork) -> list[ContactView]:
    async with uow:
        return [_view(c) for c in (await uow.session.execute(select(ContactRow).order_by(ContactRow.name))).scalars()]


async def add_contact(
    uow: UnitOfWork,
    *,
    actor: Actor,
    name: str,
    kind: str,
    organisation: str = "",
    email: str = "",
    phone: str = "",
    link_to: int | None = None,
) -> int:
    """Adds to the clinic-wide list (and links it to `link_to`'s profile, in the same transaction)."""
    require(actor, "people.read")
    errors = Errors()
    name = clean_text(errors, "contact_name", "Name", name, max_length=160)
    organisation = clean_text(errors, "organisation", "Organisation", organisation, max_length=160, required=False)
    email = clean_email(errors, "contact_email", email, required=False)
    if kind not in CONTACT_KINDS:
        errors["kind"] = "Choose what kind of contact this is."
    async with uow:
        region = region_of((await clinic_row(uow.session)).locale)
        e164 = clean_phone(errors, "contact_phone", phone, region=region)
        errors.raise_if_any()
        row = ContactRow(name=name, kind=kind, organisation=organisation, email=email, phone=e164 or "")
        uow.session.add(row)
        await uow.session.flush()
        uow.audit(actor, "contact.added", "contact", row.id, summary=f"{name} ({kind})")
        if link_to is not None:
            await _link(uow, actor, await profile_or_not_found(uow, link_to), row)
            uow.changed(topics.profile(link_to))
        await uow.commit()
    return row.id


async def set_contact_phone(uow: UnitOfWork, *, actor: Actor, contact_id: int, phone: str) -> None:
    """Corrects a contact's phone number (Setup > Clinic > Phone numbers to check); empty removes it."""
    require(actor, "people.read")
    errors = Errors()
    async with uow:
        contact = await uow.session.get(ContactRow, contact_id, with_for_update=True)
        if contact is None:
            raise NotFound("That contact no longer exists.")
        e164 = clean_phone(errors, "contact_phone", phone, region=region_of((await clinic_row(uow.session)).locale))
        errors.raise_if_any()
        old, contact.phone = contact.phone, e164 or ""
        uow.audit(actor, "contact.phone", "contact", contact.id, summary=f"{contact.name}: {old!r} → {contact.phone!r}")
        linked = await uow.session.execute(
            select(ProfileContactRow.profile_id).where(ProfileContactRow.contact_id == contact.id)
        )
        uow.changed(topics.PEOPLE, *(topics.profile(profile_id) for profile_id in linked.scalars()))
        await uow.commit()


async def _link(uow: UnitOfWork, actor: Actor, profile: ProfileRow, contact: ContactRow) -> None:
    if (
        await uow.session.execute(
            select(ProfileContactRow.id).where(
                ProfileContactRow.profile_id == profile.id, ProfileContactRow.contact_id == contact.id
            )
        )
    ).first():
        raise ValidationFailed({"contact": f"{contact.name} is already a contact of {profile.name}."})
    uow.session.add(ProfileContactRow(profile_id=profile.id, contact_id=contact.id, note=""))
    await uow.session.flush()
    uow.audit(actor, "profile.contact_linked", "profile", profile.id, summary=f"{contact.name} ({contact.kind})")


async def link_contact(uow: UnitOfWork, *, actor: Actor, profile_id: int, contact_id: int | None) -> None:
    require(actor, "people.read")
    if not contact_id:
        raise ValidationFailed({"contact": "Choose a contact from the list."})
    async with uow:
        contact = await uow.session.get(ContactRow, contact_id)
        if contact is None:
            raise NotFound("That contact no longer exists.")
        await _link(uow, actor, await profile_or_not_found(uow, profile_id), contact)
        uow.changed(topics.profile(profile_id))
        await uow.commit()


async def unlink_contact(uow: UnitOfWork, *, actor: Actor, link_id: int) -> None:
    require(actor, "people.read")
    async with uow:
        link = await uow.session.get(ProfileContactRow, link_id)
        if link is None:
            return
        contact = await uow.get(ContactRow, link.contact_id)
        profile_id = link.profile_id
        await uow.session.delete(link)
        uow.audit(actor, "profile.contact_unlinked", "profile", profile_id, summary=contact.name)
        uow.changed(topics.profile(profile_id))
        await uow.commit()


async def profile_contacts(uow: UnitOfWork, *, profile_id: int) -> list[ContactView]:
    async with uow:
        rows = await uow.session.execute(
            select(ContactRow, ProfileContactRow)
            .join(ProfileContactRow, ProfileContactRow.contact_id == ContactRow.id)
            .where(ProfileContactRow.profile_id == profile_id)
            .order_by(ContactRow.name)
        )
        return [_view(c, link) for c, link in rows]


async def add_referral(
    uow: UnitOfWork,
    *,
    actor: Actor,
    profile_id: int,
    referred_on: date | str | None,
    contact_id: int | None = None,
    source: str = "",
    reason: str = "",
) -> int:
    require(actor, "people.read")
    errors = Errors()
    referred_on = clean_date(
        errors,
        "referred_on",
        referred_on,
        required=True,
        missing="When was the referral made?",
        future="A referral date cannot be in the future.",
    )
    source = clean_text(errors, "source", "Referred by", source, max_length=160, required=False)
    if not contact_id and not source:
        errors["source"] = "Choose the referrer from your contacts, or type who referred them."
    reason = clean_note(reason, max_length=4000)
    errors.raise_if_any()
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        contact = await uow.session.get(ContactRow, contact_id) if contact_id else None
        if contact_id and contact is None:
            raise NotFound("That contact no longer exists.")
        row = ReferralRow(
            profile_id=profile.id, referred_on=referred_on, contact_id=contact_id, source=source, reason=reason
        )
        uow.session.add(row)
        await uow.session.flush()
        uow.audit(
            actor,
            "profile.referral",
            "profile",
            profile.id,
            summary=f"referred by {contact.name if contact else source} on {current().date(referred_on)}",
        )
        uow.changed(topics.profile(profile_id))
        await uow.commit()
    return row.id


async def list_referrals(uow: UnitOfWork, *, profile_id: int) -> list[ReferralView]:
    async with uow:
        rows = await uow.session.execute(
            select(ReferralRow, ContactRow)
            .outerjoin(ContactRow, ContactRow.id == ReferralRow.contact_id)
            .where(ReferralRow.profile_id == profile_id)
            .order_by(ReferralRow.referred_on.desc(), ReferralRow.id.desc())
        )
        return [ReferralView(r.id, r.referred_on, _view(c).label if c else r.source, r.reason) for r, c in rows]
