"""Set-up steps shared by the client tests."""
from domain.clients.details import ClientInput
from domain.clients.register import add_client
from domain.records.form_fields import FormField
from domain.records.forms import save_form_template
from tests.support import staff_actor

OWNER = staff_actor()
URL = "http://clinic.example"
INTAKE = [FormField("", "What brings you here?", "long_text", True),
          FormField("", "Preferred day", "single_choice", False, ("Monday", "Friday")),
          FormField("", "I agree to the privacy policy", "checkbox", True)]


def mary(**overrides) -> ClientInput:
    values = dict(first_name="Mary", last_name="Smith", date_of_birth="1984-03-12", email="mary@example.com",
                  phone="0412 345 678", time_zone="Australia/Sydney", tags=["Family"])
    return ClientInput(**(values | overrides))


async def add(db, data: ClientInput | None = None, *, invite: bool = False, form_ids=(), **kw) -> int:
    return await add_client(db.uow(), actor=OWNER, data=data or mary(), invite=invite, form_ids=list(form_ids),
                            public_url=URL, **kw)


async def intake_form(db):
    return await save_form_template(db.uow(), actor=OWNER, template_id=None, name="New client intake",
                                    description="Before your first visit", questions=INTAKE)


def link_token(body: str, path: str) -> str:
    """The token at the end of the first link to `path` in an email body."""
    start = body.index(f"{URL}{path}") + len(f"{URL}{path}")
    return body[start:].split()[0]
