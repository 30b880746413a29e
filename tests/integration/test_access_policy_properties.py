"""The one access policy through every Client Portal service, with generated households (issue 19): families (a
primary with sub-records, some archived) under one login, shared profiles with random "Portal booking on behalf"
toggles (some archived), unrelated clients with or without a login. One database per run gathers every example's
households, so each login is also tried against the records of the households generated before it. Relationships
(issue 20) between any two generated records, with random grants (some ended), widen a login's reach to relatives
exactly as far as their grants go: View and Pay their invoices; Manage Bookings and Intake Forms their profile,
appointments and forms; never their documents or tasks.

For every login (after Switch Profile to a random record of its family): each list service returns exactly the
entitled records' data; each act service, given any other id (another household's, a tampered one), raises
NotFound, audits the refusal and changes nothing. On SQLite and PostgreSQL."""

import random

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from domain.accounts.portal import portal_profiles, resume_portal, switch_profile
from domain.billing.online.portal_invoices import pay_from_portal, portal_invoice, portal_invoices
from domain.billing.online.sandbox import SandboxProvider
from domain.clients.profile import pending_forms
from domain.errors import NotFound
from domain.households.access import PortalView
from domain.households.relationship_rules import PERMISSIONS
from domain.records.form_answers import read_portal_form, submit_portal_form
from domain.records.shared_files import open_portal_document, portal_documents
from domain.scheduling.online.portal_bookings import cancel_from_portal, portal_appointments
from domain.scheduling.online.portal_reschedule import start_rescheduling
from domain.scheduling.online.requests import request_booking
from domain.tasks.client_tasks import portal_tasks, tick_portal_task
from storage.engine import Database
from tests.integration.access_worlds import KINDS, Built, Login, Seen, build, refusals, snapshot
from tests.integration.helpers import URL, Clinic, at, intake_form
from tests.integration.online_helpers import NOW, online_clinic, visit
from tests.integration.portal_helpers import signed_in
from tests.support import run_sync

EXAMPLES = 10  # per database: one database gathers them all
# Always tried as well: two families and two loners, where one family's primary may only pay the other primary's
# invoices, its sub-record manages a loner's bookings, an ended relationship gives nothing, and a calendar-only grant
# gives no portal action.
RELATIVES = {
    "families": [([False], True, 0), ([], True, 0)],
    "loners": [("active", True), ("active", False)],
    "shared": [],
    "relations": [
        (2, 0, frozenset({"view_pay"}), False),
        (3, 1, frozenset({"manage", "reminders"}), False),
        (4, 0, frozenset({"manage", "view_pay"}), True),
        (4, 3, frozenset({"calendar"}), False),
        (0, 2, frozenset({"manage"}), False),
    ],
    "tampered": 2**40,
    "seed": 7,
}
ASKED = at("2031-03-04", "10:00")  # a free time the portal offers (a refused booking never takes it)
FAMILY = st.tuples(st.lists(st.booleans(), max_size=2), st.booleans(), st.integers(0, 2))  # subs archived?, login
LONER = st.tuples(st.sampled_from(("active", "archived", "prospective")), st.booleans())  # status, login
WORLD = st.fixed_dictionaries(
    {
        "families": st.lists(FAMILY, min_size=1, max_size=2),
        "loners": st.lists(LONER, max_size=2),
        "shared": st.lists(  # archived?, members as (person index, Portal booking on behalf)
            st.tuples(st.booleans(), st.lists(st.tuples(st.integers(0, 8), st.booleans()), max_size=3)), max_size=2
        ),
        "relations": st.lists(  # (grantor index, grantee index, permissions, ended?)
            st.tuples(  # the grantee mostly a login's record (the first records are the families' primaries)
                st.integers(0, 8), st.integers(0, 3), st.frozensets(st.sampled_from(list(PERMISSIONS))), st.booleans()
            ),
            min_size=2,
            max_size=6,
        ),
        "tampered": st.integers(min_value=-(2**70), max_value=2**70),
        "seed": st.integers(0, 2**32),  # which other ids each login tries (a plain Random: no data-dependent draws)
    }
)


def acts(db: Database, c: Clinic, who: PortalView) -> dict:
    """Every portal action that takes an id from the browser, by the kind of id it takes."""
    provider = SandboxProvider(URL)
    return {
        "person": [lambda i: switch_profile(db.uow(), who=who, person_id=i)],
        "appointment": [
            lambda i: cancel_from_portal(db.uow(), who=who, appointment_id=i, now=NOW),
            lambda i: start_rescheduling(db.uow(), who=who, appointment_id=i, now=NOW),
        ],
        "invoice": [
            lambda i: portal_invoice(db.uow(), who=who, invoice_id=i),
            lambda i: pay_from_portal(db.uow(), who=who, invoice_id=i, provider=provider, public_url=URL),
        ],
        "file": [lambda i: open_portal_document(db.uow(), who=who, file_id=i)],
        "task": [lambda i: tick_portal_task(db.uow(), who=who, task_id=i, done=True, ip=None)],
        "form": [
            lambda i: read_portal_form(db.uow(), who=who, request_id=i),
            lambda i: submit_portal_form(db.uow(), who=who, request_id=i, answers={}, ip=None),
        ],
        "profile": [
            lambda i: request_booking(db.uow(), visit=visit(c, ASKED, portal=who, profile_id=i), ip=None, now=NOW)
        ],
    }


async def check_login(db: Database, c: Clinic, built: Built, login: Login, seen: Seen, world: dict) -> None:
    who = await signed_in(db, login.ticket)
    if login.current != login.primary:
        await switch_profile(db.uow(), who=who, person_id=login.current)
        who = await resume_portal(db.uow(), token=who.token)
        assert who is not None and who.person_id == login.current and who.viewing_other
    by_id = {p.id: p for p in built.persons}
    family = {p.id for p in built.persons if p.primary == login.primary and p.active}
    current = by_id[login.current]
    memberships = {
        pid: (toggles[login.current], appt)
        for pid, (archived, toggles, appt) in built.shared.items()
        if not archived and login.current in toggles
    }

    relatives: dict[int, set[str]] = {}  # active records outside the family that granted one of its records
    for grantor, grantee, flags in built.grants:
        if grantee in family and grantor not in family and by_id[grantor].active:
            relatives.setdefault(grantor, set()).update(flags & {"view_pay", "manage"})
    paying = {p for p, flags in relatives.items() if "view_pay" in flags}
    managing = {p for p, flags in relatives.items() if "manage" in flags}

    # Lists: exactly the entitled records' data
    assert {p.person_id for p in await portal_profiles(db.uow(), who=who)} == family | managing
    shown = {a.id: a for a in await portal_appointments(db.uow(), who=who, now=NOW)}
    assert set(shown) == {current.content["appointment"]} | {appt for _, appt in memberships.values()}
    for booking, appt in memberships.values():
        assert shown[appt].can_change == booking  # a joint appointment: changed only with the toggle
    assert {f.id for f in await pending_forms(db.uow(), who=who)} == {current.content["form"]}
    invoices = {i.id for i in await portal_invoices(db.uow(), who=who)}
    assert invoices == {current.content["invoice"]} | {by_id[p].content["invoice"] for p in paying}
    assert {t.id for t in await portal_tasks(db.uow(), who=who)} == {current.content["task"]}
    documents = await portal_documents(db.uow(), who=who)
    assert {d.id for d in documents} == {by_id[p].content["file"] for p in family}
    assert all(d.for_name == by_id[d.person_id].name and d.person_id in family for d in documents)

    # Acts on every other id: not found, audited, nothing changed
    entitled = {kind: {by_id[p].content[kind] for p in family} for kind in KINDS if kind not in ("person", "profile")}
    entitled["person"] = family | managing
    entitled["appointment"] |= {appt for booking, appt in memberships.values() if booking}
    entitled["appointment"] |= {by_id[p].content["appointment"] for p in managing}
    entitled["form"] |= {by_id[p].content["form"] for p in managing}
    entitled["invoice"] |= {by_id[p].content["invoice"] for p in paying}
    entitled["profile"] = {pid for pid, (booking, _) in memberships.items() if booking}
    made = {
        kind: [by_id[p.id].content[kind] for p in built.persons] for kind in KINDS if kind not in ("person", "profile")
    }
    made["person"] = [p.id for p in built.persons]
    made["profile"] = list(built.shared) + [p.profile for p in built.persons]
    rng = random.Random(world["seed"] + login.primary)
    before, audited, tried = await snapshot(db), await refusals(db), 0
    for kind, calls in acts(db, c, who).items():
        others = [i for i in made[kind] if i not in entitled[kind]]
        earlier = [i for i in seen.ids[kind] if i not in entitled[kind]]
        ids = rng.sample(others, min(4, len(others))) + rng.sample(earlier, min(2, len(earlier)))
        for record_id in [i for i in (*ids, world["tampered"], 0, -1, 2**31) if i not in entitled[kind]]:
            for call in calls:
                try:
                    await call(record_id)
                except NotFound:
                    tried += 1
                else:
                    raise AssertionError(f"{kind} {record_id} was reached by a login not entitled to it")
    assert await snapshot(db) == before, "a refused act changed something"
    assert await refusals(db) == audited + tried, "every refusal is audited"


async def one_world(url: str, c: Clinic, template_id: int, world: dict, seen: Seen) -> None:
    db = Database(url)
    try:
        built = await build(db, c, template_id, world)
        for login in built.logins:
            await check_login(db, c, built, login, seen, world)
        for p in built.persons:
            seen.ids["person"].append(p.id)
            seen.ids["profile"].append(p.profile)
            for kind, record_id in p.content.items():
                seen.ids[kind].append(record_id)
        seen.ids["profile"] += list(built.shared)
        seen.ids["appointment"] += [appt for _, _, appt in built.shared.values()]
    finally:
        await db.dispose()


async def prepare(url: str) -> tuple[Clinic, int]:
    db = Database(url)
    try:
        c = await online_clinic(db)
        return c, (await intake_form(db)).id
    finally:
        await db.dispose()


def test_no_login_reads_or_acts_on_a_record_it_is_not_entitled_to(db_url):
    c, template_id = run_sync(prepare(db_url))
    seen = Seen()

    @settings(
        max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(world=WORLD)
    @example(world=RELATIVES)
    def one(world: dict) -> None:
        run_sync(one_world(db_url, c, template_id, world, seen))

    one()
