"""The Client Portal invitation email as the clinic words it (Setup > Emails): a subject and a text with
placeholders, checked, previewed with a sample client and saved. An empty stored subject or text means the built-in
one, so a better default later reaches every clinic that never changed it.

Placeholders are replaced by plain text in one pass; nothing else in the text is interpreted (never str.format on
what a person typed: "{0.__class__}" stays those characters)."""

import difflib
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from domain import topics
from domain.accounts.roles import require
from domain.actor import Actor
from domain.formats import Formats
from domain.text import plain
from domain.validation import Errors, clean_text
from storage.clinic import CLINIC_ID, ClinicRow, clinic_row
from storage.types import utcnow
from storage.uow import UnitOfWork

MAX_SUBJECT = 200
MAX_BODY = 5000
# What each placeholder becomes, in the order Setup lists them.
PLACEHOLDERS: dict[str, str] = {
    "client_name": "the client's full name (Mary Smith)",
    "first_name": "the client's first name (Mary)",
    "clinic_name": "the clinic's name",
    "link": "the client's own link to set a password and open the Client Portal",
    "expires": "the last day the link works",
}
DEFAULT_SUBJECT = "{clinic_name} invites you to the Client Portal"
DEFAULT_BODY = (
    "Hello {first_name},\n\n"
    "{clinic_name} has invited you to its Client Portal. There you can book, cancel or reschedule appointments, "
    "pay invoices, complete forms and tasks, and see documents the clinic shares with you.\n\n"
    "Set your password here to start:\n"
    "{link}\n\n"
    "The link works once, for 7 days (until {expires}). After that, ask {clinic_name} to send a new one."
)
SAMPLE_CLIENT = ("Mary", "Smith")
# Shaped like a real link's token (secrets.token_urlsafe(32)); it opens nothing.
SAMPLE_TOKEN = "q7Vt2bXw9LmKc4RzP1sYhN8aJd3FgE6uTo5WiB0nQxM"
SAMPLE_SITE = "https://portal.your-clinic.example"

# Anything written like a placeholder: a name in braces, spaces and doubled braces included ("{ Link }",
# "{{link}}"). Other braces ("{0.__class__}", "{}", a JSON snippet) are just text.
LOOKS_LIKE = re.compile(r"(\{+)\s*([A-Za-z_][A-Za-z0-9_ ]*?)\s*(\}+)")
KNOWN = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]")


def placeholder_list() -> str:
    names = [f"{{{name}}}" for name in PLACEHOLDERS]
    return f"{', '.join(names[:-1])} or {names[-1]}"


def render(subject: str, body: str, values: dict[str, str]) -> tuple[str, str]:
    """Pure: the subject and text with each known placeholder replaced by its value; the values are not read
    again (a client called "{link}" stays "{link}"), and nothing else is interpreted."""

    def fill(text: str) -> str:
        return KNOWN.sub(lambda m: values.get(m.group(1), m.group(0)), text)

    return fill(subject), fill(body)


def _placeholder_problems(errors: Errors, field: str, text: str) -> None:
    for match in LOOKS_LIKE.finditer(text):
        name = match.group(2)
        if name in PLACEHOLDERS and match.group(0) == f"{{{name}}}":
            continue
        key = name.strip().lower().replace(" ", "_")
        if key in PLACEHOLDERS:
            message = f"Write it as {{{key}}}: lower case, no spaces, one pair of braces"
        else:
            close = difflib.get_close_matches(key, PLACEHOLDERS, n=1, cutoff=0.6)
            hint = f" (did you mean {{{close[0]}}}?)" if close else ""
            message = f"{{{name.strip()}}} is not a placeholder{hint}: use {placeholder_list()}"
        errors.setdefault(field, message + ".")


def clean_template(subject: str | None, body: str | None) -> tuple[str, str, Errors]:
    """Pure: the subject and text as they will be stored, and what is wrong with them (at "subject", "body")."""
    errors = Errors()
    if LINE_BREAK.search(subject or ""):
        errors["subject"] = "The subject must be one line: remove the line breaks."
    subject = clean_text(errors, "subject", "The subject", subject, max_length=MAX_SUBJECT)
    body = clean_text(errors, "body", "The text", body, max_length=MAX_BODY, multiline=True)
    if "subject" not in errors:
        _placeholder_problems(errors, "subject", subject)
    if "body" not in errors:
        _placeholder_problems(errors, "body", body)
    if "body" not in errors and "{link}" not in body:
        errors["body"] = "The text must contain {link}: it is the only way to accept the invitation."
    return subject, body, errors


def check_template(subject: str | None, body: str | None) -> Errors:
    """Pure: what is wrong with a subject and text, as messages at "subject" and "body" (empty: fine)."""
    return clean_template(subject, body)[2]


def expiry_text(expires_at: datetime, clinic: ClinicRow) -> str:
    """The link's last day, in the clinic's time zone and locale ("24 Nov 2026")."""
    return Formats(clinic.locale, clinic.currency).date(expires_at.astimezone(ZoneInfo(clinic.time_zone)))


def invitation_email(
    clinic: ClinicRow, *, first_name: str, last_name: str, link: str, expires_at: datetime
) -> tuple[str, str]:
    """The subject and text of one invitation: the clinic's template (the default where it saved none, or where
    what is stored no longer passes the checks), filled in."""
    subject = clinic.invitation_subject or DEFAULT_SUBJECT
    body = clinic.invitation_body or DEFAULT_BODY
    if check_template(subject, body):
        subject, body = DEFAULT_SUBJECT, DEFAULT_BODY
    values = {
        "client_name": plain(f"{first_name} {last_name}"),
        "first_name": first_name,
        "clinic_name": clinic.name,
        "link": link,
        "expires": expiry_text(expires_at, clinic),
    }
    return render(subject, body, values)


@dataclass(frozen=True)
class InvitationTemplate:
    subject: str  # as the clinic edits it: the default's text when it saved none
    body: str
    custom_subject: bool = False
    custom_body: bool = False

    @property
    def custom(self) -> bool:
        return self.custom_subject or self.custom_body


@dataclass(frozen=True)
class Preview:
    subject: str
    body: str


def _template(row: ClinicRow) -> InvitationTemplate:
    return InvitationTemplate(
        row.invitation_subject or DEFAULT_SUBJECT,
        row.invitation_body or DEFAULT_BODY,
        bool(row.invitation_subject),
        bool(row.invitation_body),
    )


async def read_invitation_template(uow: UnitOfWork, *, actor: Actor) -> InvitationTemplate:
    require(actor, "setup")
    async with uow:
        return _template(await clinic_row(uow.session))


async def preview_invitation(
    uow: UnitOfWork, *, actor: Actor, subject: str, body: str, public_url: str = ""
) -> Preview:
    """The email as Mary Smith would read it, with a link shaped like the real one (it opens nothing). Refused
    with the same field messages as saving."""
    from domain.clients.invitations import VALID_FOR  # invitations uses this module

    require(actor, "setup")
    subject, body, errors = clean_template(subject, body)
    errors.raise_if_any()
    async with uow:
        clinic = await clinic_row(uow.session)
    site = (public_url or SAMPLE_SITE).rstrip("/")
    first, last = SAMPLE_CLIENT
    shown = render(
        subject,
        body,
        {
            "client_name": f"{first} {last}",
            "first_name": first,
            "clinic_name": clinic.name,
            "link": f"{site}/invite/{SAMPLE_TOKEN}",
            "expires": expiry_text(utcnow() + VALID_FOR, clinic),
        },
    )
    return Preview(*shown)


async def save_invitation_template(uow: UnitOfWork, *, actor: Actor, subject: str, body: str) -> InvitationTemplate:
    """Saves the clinic's wording; the default's own wording is stored as '' (later defaults then reach it)."""
    require(actor, "setup")
    subject, body, errors = clean_template(subject, body)
    errors.raise_if_any()
    stored_subject = "" if subject == DEFAULT_SUBJECT else subject
    stored_body = "" if body == DEFAULT_BODY else body
    async with uow:
        row = await clinic_row(uow.session, lock=True)
        changed = [
            label
            for label, old, new in (
                ("subject", row.invitation_subject, stored_subject),
                ("text", row.invitation_body, stored_body),
            )
            if old != new
        ]
        row.invitation_subject, row.invitation_body = stored_subject, stored_body
        kind = "custom" if stored_subject or stored_body else "the default"
        summary = f"{' and '.join(changed)} changed; now {kind}" if changed else "no change"
        uow.audit(actor, "clinic.invitation_template_saved", "clinic", CLINIC_ID, summary=summary)
        uow.changed(topics.CLINIC)
        await uow.commit()
        return _template(row)


async def reset_invitation_template(uow: UnitOfWork, *, actor: Actor) -> InvitationTemplate:
    """Back to the built-in subject and text."""
    require(actor, "setup")
    async with uow:
        row = await clinic_row(uow.session, lock=True)
        row.invitation_subject, row.invitation_body = "", ""
        uow.audit(actor, "clinic.invitation_template_reset", "clinic", CLINIC_ID, summary="default restored")
        uow.changed(topics.CLINIC)
        await uow.commit()
        return _template(row)
