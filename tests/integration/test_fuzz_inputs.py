"""A fuzz suite that stays (issue 14, part 6): hostile text and numbers through every service that takes them
from a person, on SQLite and PostgreSQL. Each call ends in success or a refusal the page can show (a
DomainError); a refusal writes no row (the audit log aside: refusals may be audited); what a success stored
reads back as the one text rule (domain/text.py) says it should. Hypothesis runs derandomized, a bounded
number of examples per service, so a run takes the same time and finds the same things every day."""

import itertools
from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from domain.billing.invoices import ItemInput, add_invoice_item, create_invoice
from domain.billing.pack_templates import save_pack_template
from domain.clients.contacts import add_contact
from domain.clients.details import ClientInput
from domain.clients.profile import get_client
from domain.clients.register import add_client
from domain.errors import DomainError
from domain.households.shared_profiles import create_shared_profile, get_shared, update_shared
from domain.messaging.communication import send_to_profile
from domain.records.form_answers import submit_public_form
from domain.records.form_fields import FormField
from domain.records.forms import save_form_template
from domain.records.profile_records import add_note
from domain.scheduling.bookable_services import list_services, save_service
from domain.tasks.tasks import add_task
from domain.text import plain
from storage.engine import Database
from storage.tables import metadata
from tests.integration.helpers import OWNER, ready_clinic
from tests.support import run_sync

EXAMPLES = 12  # per service and database: about a second each
SPECIAL = ["\x00", "\ud800", "\udfff", "\u200b", "\u200d", "\u202e", "\ufeff", "\x1b[31m", "\x07", "\r\n", "'", '"',
           "<img src=x onerror=alert(1)>", "{{ 7*7 }}", "%s", "\\", "é", "Đorđe", "😀", " ", "\t"]  # fmt: skip
TEXT = st.one_of(
    st.lists(st.one_of(st.characters(), st.sampled_from(SPECIAL)), max_size=100).map("".join),
    st.sampled_from(SPECIAL),
    st.text(min_size=250, max_size=400),
)
NUMBER = st.one_of(
    st.sampled_from(
        [
            "1e309",
            "-1e309",
            "1e100",
            "nan",
            "inf",
            "-0",
            "9223372036854775808",
            "1e-7",
            "",
            " 12,50 ",
            "$1,000,000.01",
            "0.001",
            "12.345",
            "1" * 400,
            "0x10",
            "١٢",
        ]
    ),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    TEXT,
)
LEDGER = {"audit_entries", "audit_chain"}  # a refusal may be audited
_serial = itertools.count()


async def rows_written(db: Database) -> dict[str, int]:
    async with db.uow() as uow:
        return {
            name: (await uow.session.execute(select(func.count()).select_from(table))).scalar_one()
            for name, table in metadata.tables.items()
            if name not in LEDGER
        }


def unique_email() -> str:
    return f"fuzz{next(_serial)}@example.com"


async def client(db, c, t, n):
    data = ClientInput(first_name=t, last_name=t or "x", email=unique_email(), phone=t, date_of_birth=n, tags=[t])
    person = await add_client(db.uow(), actor=OWNER, data=data, invite=False, form_ids=[], public_url="")
    stored = await get_client(db.uow(), actor=OWNER, person_id=person)
    assert stored.first_name == plain(t)


async def member(db, c, t, n):
    """Add Member > a new client: one transaction."""
    data = ClientInput(first_name=t, last_name="Member", email=unique_email(), date_of_birth=n)
    await add_client(db.uow(), actor=OWNER, data=data, invite=False, form_ids=[], public_url="", member_of=c.shared)
    detail = await get_shared(db.uow(), actor=OWNER, profile_id=c.shared)
    assert f"{plain(t)} Member" in [m.name for m in detail.members]


async def new_shared_profile(db, c, t, n):
    profile = await create_shared_profile(db.uow(), actor=OWNER, name=t + n)
    assert (await get_shared(db.uow(), actor=OWNER, profile_id=profile)).name == plain(t + n)


async def shared_profile_details(db, c, t, n):
    await update_shared(db.uow(), actor=OWNER, profile_id=c.shared, name=t + n, comments=t)
    assert (await get_shared(db.uow(), actor=OWNER, profile_id=c.shared)).name == plain(t + n)


async def service(db, c, t, n):
    view = await save_service(
        db.uow(), actor=OWNER, service_id=None, name=t, duration_minutes=30, price=n, colour="#8a3b12"
    )
    assert view.name == plain(t) and view.name in [s.name for s in await list_services(db.uow())]


async def pack_template(db, c, t, n):
    view = await save_pack_template(
        db.uow(), actor=OWNER, template_id=None, name=t, description=t, metric="sessions", size=n, price=n
    )
    assert view.name == plain(t)


async def invoice_item(db, c, t, n):
    item = ItemInput(t, quantity=n, unit_price=n, discount_percent=n if n[:1].isdigit() else "0")
    invoice = await add_invoice_item(db.uow(), actor=OWNER, invoice_id=c.invoice, item=item)
    line = invoice.items[-1]
    assert line.description == plain(t)[:300]
    assert line.unit_price_cents == int(Decimal(n.strip().replace("$", "").replace(",", "")) * 100)


async def form_template(db, c, t, n):
    template = await save_form_template(
        db.uow(),
        actor=OWNER,
        template_id=None,
        name=t,
        description=t,
        questions=[FormField("", t + n, "long_text", False)],
    )
    assert template.name == plain(t)


async def public_submission(db, c, t, n):
    """The anonymous public form."""
    contact = ClientInput(first_name=t, last_name=n or "x", email=unique_email(), phone=n, date_of_birth=n)
    await submit_public_form(
        db.uow(), public_token=c.form_token, contact=contact, answers={c.form_field: t + n}, ip=None
    )


async def note(db, c, t, n):
    await add_note(db.uow(), actor=OWNER, profile_id=c.profile, body=t + n)


async def task(db, c, t, n):
    await add_task(db.uow(), actor=OWNER, title=t, details=t, due_on=n, profile_id=c.profile)


async def contact(db, c, t, n):
    await add_contact(db.uow(), actor=OWNER, name=t, kind="GP", organisation=t, email=n, phone=t)


async def communication(db, c, t, n):
    await send_to_profile(
        db.uow(), actor=OWNER, profile_id=c.profile, channel="email", to_person_id=c.person, cc_person_ids=[],
        subject=t, body=t + n,
    )  # fmt: skip


CASES = [client, member, new_shared_profile, shared_profile_details, service, pack_template, invoice_item,
         form_template, public_submission, note, task, contact, communication]  # fmt: skip


@dataclass(frozen=True)
class Ready:
    profile: int
    person: int
    shared: int
    invoice: int
    form_token: str
    form_field: str


async def prepare(url: str) -> Ready:
    db = Database(url)
    try:
        c = await ready_clinic(db)
        shared = await create_shared_profile(db.uow(), actor=OWNER, name="The Fuzzers")
        invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
        form = await save_form_template(
            db.uow(), actor=OWNER, template_id=None, name="Intake", description="",
            questions=[FormField("", "What brings you here?", "long_text", False)],
        )  # fmt: skip
        return Ready(c.mary_profile, c.mary_person, shared, invoice.id, form.public_token, form.fields[0].key)
    finally:
        await db.dispose()


async def one_call(url: str, case, ready: Ready, t: str, n: str) -> None:
    db = Database(url)
    try:
        before = await rows_written(db)
        try:
            await case(db, ready, t, n)
        except DomainError:
            assert await rows_written(db) == before, "a refusal wrote rows"
    finally:
        await db.dispose()


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.__name__)
def test_hostile_input_is_refused_at_a_field_or_stored_as_typed(db_url, case):
    ready = run_sync(prepare(db_url))

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(t=TEXT, n=NUMBER)
    def example(t: str, n: str) -> None:
        run_sync(one_call(db_url, case, ready, t, n))

    example()
