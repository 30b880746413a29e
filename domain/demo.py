"""Demo data for the sandbox: Demo Clinic, its staff, and about thirty clients.

Runs once, on an empty database; later features extend it so the sandbox shows them.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from domain.accounts.passwords import hash_password
from domain.actor import SYSTEM
from domain.clients.invitations import send_invitation
from domain.clients.persons import add_person
from domain.clients.prospects import intake_person
from domain.clients.tags import set_person_tags
from domain.demo_billing import seed_billing
from domain.demo_booking import seed_online_booking
from domain.demo_calendar import seed_calendar
from domain.demo_families import seed_families
from domain.demo_households import seed_households
from domain.demo_portal import seed_portal
from domain.phones import parse_phone
from storage.accounts import StaffUserRow, WorkingHoursRow
from storage.clinic import CLINIC_ID, clinic_row
from storage.forms import FormResponseRow, FormTemplateRow
from storage.uow import UnitOfWork

DEMO_CLINIC = "Demo Clinic"
DEMO_TZ = "Australia/Sydney"
DEMO_REGION = "AU"  # the clinic's locale is en-AU: phones below are typed nationally, stored as E.164
DEMO_LOGIN = ("owner@demo.hearth.test", "hearth-demo-2026")
STAFF = [  # name, email, role, bookable
    ("Olivia Owner", DEMO_LOGIN[0], "owner", False),
    ("Dr. Priya Patel", "priya@demo.hearth.test", "practitioner", True),
    ("Sam O'Connor", "sam@demo.hearth.test", "practitioner", True),
    ("Rita Reception", "rita@demo.hearth.test", "reception", False),
]
# first, last, date of birth, email, phone. Mary Smith's children share her email (family records).
CLIENTS = [
    ("Mary", "Smith", date(1984, 3, 12), "mary.smith@example.com", "0412 345 678"),
    ("Steven", "Smith", date(2012, 7, 2), "mary.smith@example.com", None),
    ("Susan", "Smith", date(2015, 11, 20), "mary.smith@example.com", None),
    ("John", "Smith", date(1982, 1, 30), "john.smith@example.com", "0412 987 654"),
    ("Zoë", "Ødegård", date(1990, 5, 17), "zoe.odegard@example.com", "0400 111 222"),
    ("José", "Álvarez", date(1975, 9, 8), "jose.alvarez@example.com", "0400 333 444"),
    ("Aroha", "Ngata", date(1996, 2, 14), "aroha.ngata@example.com", "0401 555 666"),
    ("Liam", "Nguyen", date(1988, 12, 1), "liam.nguyen@example.com", "0402 777 888"),
    ("Chloe", "Brown", date(2001, 6, 23), "chloe.brown@example.com", "0403 999 000"),
    ("Noah", "Wilson", date(1969, 4, 4), "noah.wilson@example.com", "0404 121 212"),
    ("Ava", "Taylor", date(1993, 8, 19), "ava.taylor@example.com", "0405 343 434"),
    ("Oliver", "Martin", date(1979, 10, 10), "oliver.martin@example.com", "0406 565 656"),
    ("Isla", "Thompson", date(2004, 1, 5), "isla.thompson@example.com", "0407 787 878"),
    ("Jack", "White", date(1958, 3, 27), "jack.white@example.com", "0408 909 090"),
    ("Mia", "Harris", date(1999, 7, 7), "mia.harris@example.com", "0409 232 323"),
    ("William", "Clarke", date(1986, 11, 11), "will.clarke@example.com", "0410 454 545"),
    ("Grace", "Lee", date(1991, 2, 28), "grace.lee@example.com", "0411 676 767"),
    ("Henry", "Walker", date(1973, 5, 31), "henry.walker@example.com", "0413 898 989"),
    ("Ruby", "Hall", date(2008, 9, 15), "ruby.parent@example.com", None),
    ("Lucas", "Young", date(1984, 6, 6), "lucas.young@example.com", "0414 010 101"),
    ("Sophie", "King", date(1995, 12, 24), "sophie.king@example.com", "0415 212 121"),
    ("Ethan", "Wright", date(1966, 8, 3), "ethan.wright@example.com", "0416 434 343"),
    ("Amelia", "Scott", date(1989, 4, 16), "amelia.scott@example.com", "0417 656 565"),
    ("Leo", "Green", date(2010, 10, 29), "leo.green.family@example.com", None),
    ("Harper", "Adams", date(1997, 3, 3), "harper.adams@example.com", "0418 878 787"),
    ("Mason", "Baker", date(1981, 1, 21), "mason.baker@example.com", "0419 090 909"),
    ("Ella", "Campbell", date(1977, 7, 12), "ella.campbell@example.com", "0420 313 131"),
    ("Ari", "Cohen", date(1992, 9, 9), "ari.cohen@example.com", "0421 535 353"),
    ("Wiremu", "Parata", date(1964, 11, 2), "wiremu.parata@example.com", "0422 757 575"),
    ("Fatima", "Haddad", date(1987, 5, 25), "fatima.haddad@example.com", "0423 979 797"),
]
WEEKDAY_HOURS = (time(9), time(17))
INTAKE_FORM = [
    {"key": "reason", "label": "What brings you to the clinic?", "kind": "long_text", "required": True, "options": []},
    {
        "key": "referred",
        "label": "How did you hear about us?",
        "kind": "single_choice",
        "required": False,
        "options": ["GP referral", "Friend or family", "Search engine", "Other"],
    },
    {
        "key": "days",
        "label": "Which days suit you?",
        "kind": "multiple_choice",
        "required": False,
        "options": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
    },
    {
        "key": "consent",
        "label": "I agree to the clinic's privacy policy",
        "kind": "checkbox",
        "required": True,
        "options": [],
    },
]
TAGS = {
    "Mary Smith": ["Family"],
    "Steven Smith": ["Family", "Paediatric"],
    "Susan Smith": ["Family", "Paediatric"],
    "Ruby Hall": ["Paediatric"],
    "Leo Green": ["Paediatric"],
    "Noah Wilson": ["NDIS"],
    "Jack White": ["NDIS"],
}
PROSPECTS = [  # first, last, email, reason
    ("Jordan", "Reyes", "jordan.reyes@example.com", "Recurring lower back pain after a running injury."),
    ("Priyanka", "Das", "priyanka.das@example.com", "Looking for support with my son's speech development."),
]
DEMO_PUBLIC_URL = "http://localhost:8080"


async def seed_demo(uow: UnitOfWork, *, public_url: str = DEMO_PUBLIC_URL) -> bool:
    """Fills an empty database with the demo clinic. Returns False (and changes nothing) otherwise."""
    async with uow:
        s = uow.session
        if (await s.execute(select(func.count()).select_from(StaffUserRow))).scalar_one():
            return False
        clinic = await clinic_row(s)
        clinic.name, clinic.time_zone = DEMO_CLINIC, DEMO_TZ
        password_hash = await hash_password(DEMO_LOGIN[1])
        practitioners: list[StaffUserRow] = []
        for name, email, role, bookable in STAFF:
            user = StaffUserRow(
                email=email,
                name=name,
                role=role,
                password_hash=password_hash,
                active=True,
                bookable=bookable,
                time_zone=DEMO_TZ,
            )
            s.add(user)
            await s.flush()
            if bookable:
                practitioners.append(user)
                for weekday in range(5):
                    s.add(
                        WorkingHoursRow(
                            staff_user_id=user.id,
                            weekday=weekday,
                            start_minute=WEEKDAY_HOURS[0].hour * 60,
                            end_minute=WEEKDAY_HOURS[1].hour * 60 if user.name != "Dr. Priya Patel" else 12 * 60 + 30,
                        )
                    )
        people = {}
        for first, last, dob, email, phone in CLIENTS:
            person, _ = await add_person(
                uow,
                first_name=first,
                last_name=last,
                date_of_birth=dob,
                email=email,
                phone=parse_phone(phone, region=DEMO_REGION),
                time_zone=DEMO_TZ,
            )
            people[f"{first} {last}"] = person
        for name, tags in TAGS.items():
            await set_person_tags(uow, people[name].id, tags)
        form = FormTemplateRow(
            name="New client intake",
            description="A few questions before your first visit.",
            fields=INTAKE_FORM,
            public_token="demo-intake",
            active=True,
        )
        s.add(form)
        await s.flush()
        for first, last, email, reason in PROSPECTS:
            person = await intake_person(
                uow, first_name=first, last_name=last, email=email, phone=None, date_of_birth=None, source="public_form"
            )
            s.add(
                FormResponseRow(
                    template_id=form.id,
                    person_id=person.id,
                    template_name=form.name,
                    source="public",
                    answers=[
                        {"label": INTAKE_FORM[0]["label"], "answer": reason},
                        {"label": INTAKE_FORM[1]["label"], "answer": "GP referral"},
                        {"label": INTAKE_FORM[2]["label"], "answer": "Tuesday, Thursday"},
                        {"label": INTAKE_FORM[3]["label"], "answer": "Yes"},
                    ],
                )
            )
        await send_invitation(uow, people["Aroha Ngata"], public_url=public_url)
        booked = await seed_calendar(uow, practitioners=practitioners, people=people, tz=ZoneInfo(DEMO_TZ))
        await seed_billing(uow, people=people)
        await seed_households(uow, people=people)
        tz = ZoneInfo(DEMO_TZ)
        await seed_online_booking(uow, practitioners=practitioners, people=people, tz=tz, today=datetime.now(tz).date())
        await seed_portal(uow, people=people, tz=tz, today=datetime.now(tz).date())
        await seed_families(uow, people=people, tz=tz)
        uow.audit(
            SYSTEM,
            "demo.seeded",
            "clinic",
            CLINIC_ID,
            summary=f"{len(STAFF)} staff users, {len(CLIENTS)} clients, {len(PROSPECTS)} prospects, "
            f"{booked} appointments",
        )
        await uow.commit()
    return True
