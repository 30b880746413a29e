"""Completing forms: through a private link, in the portal, or on a public form page."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from domain import topics
from domain.actor import anonymous
from domain.clients.details import ClientInput, clean_client
from domain.clients.prospects import intake_person
from domain.errors import InvalidLink, ValidationFailed
from domain.formats import current
from domain.households.access import PortalView, portal_actor, reachable_id, refuse, require_access
from domain.messaging.outbox import queue_client_email
from domain.phones import region_of
from domain.records.form_fields import FormField, clean_answers
from domain.tokens import digest
from storage.clients import PersonRow
from storage.clinic import clinic_row
from storage.forms import FormRequestRow, FormResponseRow, FormTemplateRow
from storage.types import utcnow
from storage.uow import UnitOfWork

ALREADY_DONE = "This form was already completed on {}. Thank you!"


@dataclass(frozen=True)
class FormToFill:
    name: str
    description: str
    fields: list[FormField]
    clinic_name: str
    first_name: str = ""


@dataclass(frozen=True)
class FormResponseView:
    id: int
    name: str
    submitted_at: datetime
    source: str
    answers: list[dict]


async def _by_token(uow: UnitOfWork, token: str, ip: str | None) -> tuple[FormRequestRow, FormTemplateRow]:
    request = (
        await uow.session.execute(select(FormRequestRow).where(FormRequestRow.token_hash == digest(token)))
    ).scalar_one_or_none()
    if request is None:
        raise InvalidLink(
            "This form link is not valid. Check that you copied all of it, or ask the clinic to send the form again."
        )
    if request.completed_at:
        uow.audit(anonymous(ip), "form.resubmit_refused", "person", request.person_id)
        await uow.commit()
        raise InvalidLink(ALREADY_DONE.format(current().date(request.completed_at)))
    return request, await uow.get(FormTemplateRow, request.template_id)


async def _to_fill(uow: UnitOfWork, template: FormTemplateRow, person: PersonRow | None) -> FormToFill:
    clinic = await clinic_row(uow.session)
    return FormToFill(
        template.name,
        template.description,
        [FormField.of(f) for f in template.fields],
        clinic.name,
        person.first_name if person else "",
    )


async def read_form_link(uow: UnitOfWork, *, token: str, ip: str | None) -> FormToFill:
    async with uow:
        request, template = await _by_token(uow, token, ip)
        return await _to_fill(uow, template, await uow.session.get(PersonRow, request.person_id))


async def _answer(uow: UnitOfWork, request: FormRequestRow, template: FormTemplateRow, raw: dict) -> None:
    answers, errors = clean_answers([FormField.of(f) for f in template.fields], raw)
    if errors:
        raise ValidationFailed(errors)
    request.completed_at = utcnow()
    uow.session.add(
        FormResponseRow(
            template_id=template.id,
            person_id=request.person_id,
            request_id=request.id,
            template_name=template.name,
            answers=answers,
            source="request",
        )
    )
    try:
        await uow.session.flush()
    except IntegrityError:  # the same form sent twice at once: the first one counts
        raise InvalidLink("This form was already completed. Thank you!") from None


async def submit_form_link(uow: UnitOfWork, *, token: str, answers: dict, ip: str | None) -> None:
    async with uow:
        request, template = await _by_token(uow, token, ip)
        await _answer(uow, request, template, answers)
        uow.audit(anonymous(ip), "form.completed", "person", request.person_id, summary=template.name)
        uow.changed(topics.person(request.person_id))
        await uow.commit()


async def read_portal_form(uow: UnitOfWork, *, who: PortalView, request_id: int, ip: str | None = None) -> FormToFill:
    """A form to complete in the portal: one of a record this login may complete forms for (else not found)."""
    async with uow:
        request, template = await _portal_request(uow, who, request_id, ip)
        return await _to_fill(uow, template, await uow.session.get(PersonRow, request.person_id))


async def submit_portal_form(
    uow: UnitOfWork, *, who: PortalView, request_id: int, answers: dict, ip: str | None
) -> None:
    async with uow:
        request, template = await _portal_request(uow, who, request_id, ip)
        await _answer(uow, request, template, answers)
        uow.audit(
            portal_actor(who, ip), "form.completed", "person", request.person_id, summary=f"{template.name} (portal)"
        )
        uow.changed(topics.person(request.person_id))
        await uow.commit()


async def _portal_request(
    uow: UnitOfWork, who: PortalView, request_id: int, ip: str | None
) -> tuple[FormRequestRow, FormTemplateRow]:
    """Never another client's form: a tampered id is refused (audited) exactly like one that does not exist."""
    await reachable_id(uow, who, request_id, "form request", ip=ip)  # signed out: told so
    request = await uow.session.get(FormRequestRow, request_id)
    if request is None:
        await refuse(uow, who, f"form request {request_id}: does not exist", ip=ip)
    await require_access(uow, who, "forms", request.person_id, ip=ip)
    if request.completed_at:
        raise InvalidLink(ALREADY_DONE.format(current().date(request.completed_at)))
    return request, await uow.get(FormTemplateRow, request.template_id)


async def read_public_form(uow: UnitOfWork, *, public_token: str) -> FormToFill:
    async with uow:
        template = await _public_template(uow, public_token)
        return await _to_fill(uow, template, None)


async def submit_public_form(
    uow: UnitOfWork, *, public_token: str, contact: ClientInput, answers: dict, ip: str | None
) -> str:
    """A visitor's submission: they become (or are matched to) a prospective client. Returns their status."""
    async with uow:
        template = await _public_template(uow, public_token)
        clinic = await clinic_row(uow.session)
        clean, errors = clean_client(
            ClientInput(**{**contact.__dict__, "time_zone": clinic.time_zone}),
            today=date.today(),
            region=region_of(clinic.locale),
            email_required=True,
        )
        cleaned, answer_errors = clean_answers([FormField.of(f) for f in template.fields], answers)
        errors.update(answer_errors)
        errors.raise_if_any()
        person = await intake_person(
            uow,
            first_name=clean.first_name,
            last_name=clean.last_name,
            email=clean.email or "",
            phone=clean.phone,
            date_of_birth=clean.date_of_birth,
            source="public_form",
        )
        uow.session.add(
            FormResponseRow(
                template_id=template.id,
                person_id=person.id,
                template_name=template.name,
                answers=cleaned,
                source="public",
            )
        )
        queue_client_email(
            uow,
            person,
            automated=True,
            subject=f"{clinic.name} received your form",
            body=f"Hello {person.first_name},\n\nThank you for completing “{template.name}”. "
            f"{clinic.name} will be in touch.\n",
        )
        uow.audit(
            anonymous(ip),
            "form.public_submitted",
            "person",
            person.id,
            summary=f"{template.name} by {clean.first_name} {clean.last_name} ({person.status})",
        )
        uow.changed(topics.PEOPLE, topics.person(person.id))
        await uow.commit()
    return person.status


async def _public_template(uow: UnitOfWork, public_token: str) -> FormTemplateRow:
    template = (
        await uow.session.execute(select(FormTemplateRow).where(FormTemplateRow.public_token == public_token))
    ).scalar_one_or_none()
    if template is None or not template.active:
        raise InvalidLink("This form is not available. The clinic may have taken it down.")
    return template


async def list_responses(uow: UnitOfWork, person_id: int) -> list[FormResponseView]:
    """Inside a read: the answers this client gave, newest first."""
    rows = (
        await uow.session.execute(
            select(FormResponseRow).where(FormResponseRow.person_id == person_id).order_by(FormResponseRow.id.desc())
        )
    ).scalars()
    return [FormResponseView(r.id, r.template_name, r.submitted_at, r.source, r.answers) for r in rows]
