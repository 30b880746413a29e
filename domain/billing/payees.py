"""Payees: Billing Setup's default payee of a profile, and a different payee on one invoice."""

from dataclasses import dataclass

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.invoice_views import InvoiceView, default_payee, invoice_view, provided_to
from domain.billing.invoices import invoice_row
from domain.clients.persons import profile_or_not_found
from domain.errors import NotAllowed, ValidationFailed
from storage.clients import PersonRow, ProfileRow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Payees:
    choices: dict[int, str]  # person id → name: the profile's members (or its client)
    default_id: int | None  # Billing Setup's default payee (None: nobody yet)
    is_set: bool  # False: the primary, because nobody was chosen


async def payees(uow: UnitOfWork, *, actor: Actor, profile_id: int) -> Payees:
    require(actor, "billing")
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        people = await provided_to(uow, profile)
        payee = await default_payee(uow, profile)
        return Payees(
            {p.id: f"{p.first_name} {p.last_name}" for p in people},
            payee.id if payee else None,
            profile.default_payee_person_id is not None,
        )


async def _payee_of(uow: UnitOfWork, profile: ProfileRow, person_id: int) -> PersonRow:
    people = {p.id: p for p in await provided_to(uow, profile)}
    if person_id not in people:
        raise ValidationFailed({"payee": "The payee must be a member of this profile."})
    return people[person_id]


async def set_default_payee(uow: UnitOfWork, *, actor: Actor, profile_id: int, person_id: int | None) -> None:
    """None goes back to "the primary member". New invoices use it; existing ones keep their payee."""
    require(actor, "billing")
    async with uow:
        profile = await profile_or_not_found(uow, profile_id)
        person = await _payee_of(uow, profile, person_id) if person_id else None
        profile.default_payee_person_id = person.id if person else None
        uow.audit(
            actor,
            "billing.default_payee",
            "profile",
            profile_id,
            summary=f"default payee: {person.first_name} {person.last_name}"
            if person
            else "default payee: the primary member",
        )
        uow.changed(topics.billing(profile_id))
        await uow.commit()


async def set_invoice_payee(uow: UnitOfWork, *, actor: Actor, invoice_id: int, person_id: int) -> InvoiceView:
    """A different payee on one invoice. Void invoices keep theirs."""
    require(actor, "billing")
    async with uow:
        invoice = await invoice_row(uow, invoice_id)
        if invoice.status == "void":
            raise NotAllowed("A void invoice cannot be changed.")
        profile = await uow.get(ProfileRow, invoice.profile_id)
        person = await _payee_of(uow, profile, person_id)
        invoice.payee_person_id = person.id
        uow.audit(
            actor, "invoice.payee", "invoice", invoice_id, summary=f"payee {person.first_name} {person.last_name}"
        )
        await uow.session.flush()
        view = await invoice_view(uow, invoice)
        uow.changed(topics.billing(invoice.profile_id))
        await uow.commit()
    return view
