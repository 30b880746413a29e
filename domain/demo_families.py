"""The demo's family records (seed 001): Mary Smith is the primary record, Steven and Susan her sub-records under
her Client Portal login (mary.smith@example.com, the demo portal password). Susan has a form to complete and Steven a
document shared with him, so Switch Profile has something to show."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from domain.accounts.passwords import hash_password
from domain.demo_portal import DEMO_PORTAL_LOGIN, exercises_pdf
from domain.tokens import digest, new_token
from storage.clients import PersonRow, ProfileRow
from storage.forms import FormRequestRow, FormTemplateRow
from storage.portal import PortalLoginRow
from storage.records import FileRow
from storage.uow import UnitOfWork

DEMO_FAMILY_LOGIN = ("mary.smith@example.com", DEMO_PORTAL_LOGIN[1])


async def seed_families(uow: UnitOfWork, *, people: dict[str, PersonRow], tz: ZoneInfo) -> None:
    """Inside the demo's transaction."""
    s = uow.session
    mary, steven, susan = people["Mary Smith"], people["Steven Smith"], people["Susan Smith"]
    steven.primary_person_id = susan.primary_person_id = mary.id
    password_hash = await hash_password(DEMO_FAMILY_LOGIN[1])
    s.add(PortalLoginRow(email=DEMO_FAMILY_LOGIN[0], password_hash=password_hash, primary_person_id=mary.id))
    form = (await s.execute(select(FormTemplateRow).order_by(FormTemplateRow.id).limit(1))).scalar_one()
    s.add(FormRequestRow(template_id=form.id, person_id=susan.id, token_hash=digest(new_token())))
    stevens = (await s.execute(select(ProfileRow).where(ProfileRow.person_id == steven.id))).scalar_one()
    pdf = exercises_pdf("Speech practice: five words a day, out loud.")
    yesterday = datetime.now(tz) - timedelta(days=1)
    s.add(
        FileRow(
            profile_id=stevens.id,
            kind="record",
            name="Speech practice.pdf",
            content_type="application/pdf",
            size=len(pdf),
            data=pdf,
            uploaded_by="Sam O'Connor",
            created_at=yesterday,
            shared_at=yesterday,
            shared_by="Sam O'Connor",
        )
    )
    await s.flush()
