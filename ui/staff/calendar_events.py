"""Turns a calendar range from the domain into the calendar library's events (wall-clock times)."""
from datetime import timedelta
from zoneinfo import ZoneInfo

from domain.scheduling.availability import subtract
from domain.scheduling.calendar import CalendarRange, wall
from domain.scheduling.times import day_bounds
from domain.scheduling.views import AppointmentView

EDITABLE = ("booked", "arrived")


def appointment_event(a: AppointmentView, tz: ZoneInfo) -> dict:
    title = a.label + (f" · {a.service_name}" if a.service_name else "")
    if a.status != "booked":
        title += f" ({a.status_label})"
    return {"id": f"a{a.id}", "resourceIds": [a.practitioner_id], "start": wall(a.starts_at, tz),
            "end": wall(a.ends_at, tz), "title": title, "backgroundColor": a.colour,
            "editable": a.status in EDITABLE, "classNames": [f"hearth-{a.status}", f"hearth-{a.kind}"],
            "extendedProps": {"version": a.version}}


def off_hours_events(data: CalendarRange, start, end, tz: ZoneInfo) -> list[dict]:
    """Shades the time each practitioner does not work, and closed days for everyone."""
    events = []
    for p in data.practitioners:
        for a, z in subtract([(start, end)], data.working.get(p.id, [])):
            events.append({"id": f"off{p.id}-{wall(a, tz)}", "resourceIds": [p.id], "start": wall(a, tz),
                           "end": wall(z, tz), "display": "background", "classNames": ["hearth-off-hours"]})
    for day, reason in data.closed_days.items():
        a, z = day_bounds(day, tz)
        events.append({"id": f"closed-{day}", "resourceIds": [p.id for p in data.practitioners],
                       "start": wall(a, tz), "end": wall(z - timedelta(minutes=1), tz), "display": "background",
                       "title": f"Closed: {reason}" if reason else "Closed", "classNames": ["hearth-closed"]})
    return events


def calendar_events(data: CalendarRange, start, end, tz: ZoneInfo) -> list[dict]:
    return off_hours_events(data, start, end, tz) + [appointment_event(a, tz) for a in data.appointments]
