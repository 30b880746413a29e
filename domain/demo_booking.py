"""Demo data for online booking: three services offered online by both practitioners, and two requests waiting on
the Requests list next week, Thursday and Friday at 13:00 with Sam (free in the demo calendar, and not the Tuesday to
Thursday 12:00 or Tuesday 13:00 that the page tests book): a new visitor, and one whose email is an existing client's
(a possible match for staff to link or keep apart)."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.clients.persons import add_person
from domain.scheduling.online.requests import requested_appointment
from domain.scheduling.online.slots import FreeTime
from storage.accounts import StaffUserRow
from storage.clients import PersonRow
from storage.online_booking import BookingRequestRow, OnlineOfferRow
from storage.scheduling import ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork

ONLINE = ("Initial consultation", "Follow-up session", "Telehealth check-in")
REQUESTS = [  # first, last, email, weekday next week, service, notes, the existing client it may be
    ("Noah", "Williams", "noah.williams@example.com", 3, "Initial consultation", "Referred by my GP.", None),
    ("Liam", "Nguyen", "liam.nguyen@example.com", 4, "Follow-up session", "", "Liam Nguyen"),
]


async def seed_online_booking(
    uow: UnitOfWork, *, practitioners: list[StaffUserRow], people: dict[str, PersonRow], tz: ZoneInfo, today: date
) -> int:
    """Inside the demo transaction. Returns how many requests it made."""
    s = uow.session
    services = {r.name: r for r in (await s.execute(ServiceRow.__table__.select())).all()}
    for name in ONLINE:
        for user in practitioners:
            s.add(OnlineOfferRow(service_id=services[name].id, practitioner_id=user.id))
    sam = practitioners[-1]
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    for first, last, email, weekday, service_name, notes, match in REQUESTS:
        service = services[service_name]
        start = datetime.combine(monday + timedelta(days=weekday), time(13)).replace(tzinfo=tz)
        person, profile = await add_person(
            uow, first_name=first, last_name=last, email=email, time_zone=tz.key, status="prospective"
        )
        person.source = "booking_request"
        end = start + timedelta(minutes=service.duration_minutes)
        row = requested_appointment(
            FreeTime(start, end, sam.id, sam.name), profile.id, service.id, service.price_cents, notes
        )
        s.add(row)
        await s.flush()
        existing = people.get(match) if match else None
        s.add(
            BookingRequestRow(
                appointment_id=row.id,
                booker_person_id=person.id,
                for_person_id=person.id,
                source="bookings_page",
                first_name=first,
                last_name=last,
                email=email,
                notes=notes,
                any_practitioner=True,
                state="pending",
                expires_at=start,
                match_ids=str(existing.id) if existing else "",
                match_state="open" if existing else "none",
                created_at=utcnow(),
            )
        )
    await s.flush()
    return len(REQUESTS)
