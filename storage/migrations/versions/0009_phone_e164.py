"""Phone numbers as E.164: clients', contacts' and those of SMS still to be sent, read in the region of the clinic's
locale when typed nationally ("0412 345 678" in an en-AU clinic → "+61412345678"). A number that cannot be read
is kept exactly as typed and the migration goes on: it does not start with "+" (or is no E.164 at all), so
Setup > Clinic lists it under "Phone numbers to check" (domain/clients/phone_check.py) and no SMS goes to it.
Clients' search keys get the E.164 and the national digits in place of the number as typed.

Frozen: the rules are copied here, not imported from domain/, so later changes there do not change this step.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 19:50:00
"""

import re

import phonenumbers
import sqlalchemy as sa
from alembic import op
from phonenumbers import NumberParseException, PhoneNumberFormat

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TYPED = re.compile(r"[\d\s+().\-/]+")
SEARCH_KEY = 600  # persons.search_text

persons = sa.table("persons", sa.column("id"), sa.column("phone"), sa.column("search_text"))
contacts = sa.table("contacts", sa.column("id"), sa.column("phone"))
outbox = sa.table(
    "outbox_messages", sa.column("id"), sa.column("to_address"), sa.column("channel"), sa.column("status")
)


def region_of(locale: str | None) -> str:
    """ "en-AU" → "AU", "de-DE" → "DE"; no country in it: AU (the default locale's)."""
    for part in re.split(r"[-_]", locale or "")[1:]:
        if len(part) == 2 and part.isalpha():
            return part.upper()
    return "AU"


def e164(value: str, region: str) -> str | None:
    text = " ".join(value.split())
    if not text or len(text) > 40 or not TYPED.fullmatch(text):
        return None
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def search_part(number: str) -> str:
    national = phonenumbers.format_number(phonenumbers.parse(number, None), PhoneNumberFormat.NATIONAL)
    return f"{number} {re.sub(r'[^0-9]', '', national)}"


def upgrade() -> None:
    bind = op.get_bind()
    region = region_of(bind.execute(sa.text("SELECT locale FROM clinic WHERE id = 1")).scalar())
    rows = bind.execute(
        sa.select(persons.c.id, persons.c.phone, persons.c.search_text).where(
            persons.c.phone.is_not(None), persons.c.phone != ""
        )
    ).all()
    for person_id, phone, search_text in rows:
        number = e164(phone, region)
        if number is None or number == phone:
            continue  # kept as typed: listed to check
        values = {"phone": number}
        typed = " ".join(phone.casefold().split())  # how the phone ended the search key (domain/search.py)
        if search_text and search_text.endswith(typed):
            values["search_text"] = (search_text[: len(search_text) - len(typed)] + search_part(number))[:SEARCH_KEY]
        bind.execute(sa.update(persons).where(persons.c.id == person_id).values(**values))
    for contact_id, phone in bind.execute(
        sa.select(contacts.c.id, contacts.c.phone).where(contacts.c.phone != "")
    ).all():
        number = e164(phone, region)
        if number is not None and number != phone:
            bind.execute(sa.update(contacts).where(contacts.c.id == contact_id).values(phone=number))
    waiting = bind.execute(
        sa.select(outbox.c.id, outbox.c.to_address).where(
            outbox.c.channel == "sms", outbox.c.status.in_(("queued", "failed"))
        )
    ).all()
    for message_id, to in waiting:  # SMS not sent yet go out as E.164; one that cannot be read fails when due
        number = e164(to or "", region)
        if number is not None and number != to:
            bind.execute(sa.update(outbox).where(outbox.c.id == message_id).values(to_address=number))


def downgrade() -> None:
    pass  # an E.164 number is a phone number as typed: nothing to undo
