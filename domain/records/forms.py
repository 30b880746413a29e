"""Intake form templates (Setup > Forms) and sending them to clients."""

from dataclasses import dataclass

from sqlalchemy import select

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.clients.persons import person_or_not_found
from domain.errors import NotFound, ValidationFailed
from domain.messaging.outbox import queue_client_email
from domain.records.form_fields import FormField, check_fields, field_key
from domain.text import plain, visible
from domain.tokens import digest, new_token
from domain.validation import Errors, clean_text
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.forms import FormRequestRow, FormTemplateRow
from storage.portal import PortalLoginRow
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class FormTemplateView:
    id: int
    name: str
    description: str
    fields: list[FormField]
    public_token: str
    active: bool

    @classmethod
    def of(cls, row: FormTemplateRow) -> "FormTemplateView":
        return cls(
            row.id, row.name, row.description, [FormField.of(f) for f in row.fields], row.public_token, row.active
        )


async def list_form_templates(uow: UnitOfWork, *, active_only: bool = False) -> list[FormTemplateView]:
    query = select(FormTemplateRow).order_by(FormTemplateRow.name)
    if active_only:
        query = query.where(FormTemplateRow.active.is_(True))
    async with uow:
        return [FormTemplateView.of(r) for r in (await uow.session.execute(query)).scalars()]


async def save_form_template(
    uow: UnitOfWork, *, actor: Actor, template_id: int | None, name: str, description: str, questions: list[FormField]
) -> FormTemplateView:
    """Creates or changes a template. Keys of existing questions are kept so old answers still line up."""
    require(actor, "setup")
    errors = Errors()
    name = clean_text(errors, "name", "Form name", name, max_length=120)
    description = clean_text(errors, "description", "Description", description, max_length=2000, required=False)
    errors.update(check_fields(questions))
    errors.raise_if_any()
    taken: set[str] = set()
    keyed = []
    for f in questions:
        key = f.key if f.key and f.key not in taken else field_key(f.label, taken)
        taken.add(key)
        keyed.append(
            FormField(key, plain(f.label), f.kind, f.required, tuple(plain(o) for o in f.options if visible(plain(o))))
        )
    async with uow:
        if template_id is None:
            row = FormTemplateRow(
                name=name, description=description, fields=[], public_token=new_token()[:24], active=True
            )
            uow.session.add(row)
        else:
            found = await uow.session.get(FormTemplateRow, template_id)
            if found is None:
                raise NotFound("That form no longer exists.")
            row = found
        row.name, row.description, row.fields = name, description, [f.as_json() for f in keyed]
        await uow.session.flush()
        uow.audit(actor, "form_template.saved", "form_template", row.id, summary=f"{name}: {len(keyed)} questions")
        uow.changed(topics.FORMS)
        await uow.commit()
    return FormTemplateView.of(row)


async def set_form_template_active(uow: UnitOfWork, *, actor: Actor, template_id: int, active: bool) -> None:
    require(actor, "setup")
    async with uow:
        row = await uow.session.get(FormTemplateRow, template_id)
        if row is None:
            raise NotFound("That form no longer exists.")
        row.active = active
        uow.audit(
            actor,
            "form_template.activated" if active else "form_template.deactivated",
            "form_template",
            row.id,
            summary=row.name,
        )
        uow.changed(topics.FORMS)
        await uow.commit()


async def send_form_requests(uow: UnitOfWork, person: PersonRow, template_ids: list[int], *, public_url: str) -> int:
    """Inside the caller's transaction: one request and one email per form. A client with a portal
    login finds it in the portal; one without gets a private link."""
    if not template_ids:
        return 0
    if not person.email:
        raise ValidationFailed({"email": "An email address is needed to send forms."})
    templates = (
        (
            await uow.session.execute(
                select(FormTemplateRow).where(FormTemplateRow.id.in_(template_ids), FormTemplateRow.active.is_(True))
            )
        )
        .scalars()
        .all()
    )
    if len(templates) != len(set(template_ids)):
        raise ValidationFailed({"forms": "One of the chosen forms is no longer available."})
    has_login = (
        await uow.session.execute(select(PortalLoginRow.id).where(PortalLoginRow.email == person.email.lower()))
    ).first() is not None
    clinic = await clinic_row(uow.session)
    for template in templates:
        token = new_token()
        request = FormRequestRow(template_id=template.id, person_id=person.id, token_hash=digest(token))
        uow.session.add(request)
        await uow.session.flush()
        where = (
            f"Sign in to the Client Portal to complete it: {public_url}/portal"
            if has_login
            else f"Complete it here (the link is for you only):\n{public_url}/forms/{token}"
        )
        queue_client_email(
            uow,
            person,
            automated=False,
            subject=f"{clinic.name}: please complete “{template.name}”",
            body=f"Hello {person.first_name},\n\n{clinic.name} asks you to fill in “{template.name}”.\n{where}\n",
            record_type="form_request",
            record_id=request.id,
        )
    return len(templates)


async def send_forms(uow: UnitOfWork, *, actor: Actor, person_id: int, template_ids: list[int], public_url: str) -> int:
    require(actor, "people.read")
    async with uow:
        person = await person_or_not_found(uow, person_id)
        sent = await send_form_requests(uow, person, template_ids, public_url=public_url)
        uow.audit(actor, "client.forms_sent", "person", person.id, summary=f"{sent} form(s)")
        uow.changed(topics.person(person_id))
        await uow.commit()
    return sent
