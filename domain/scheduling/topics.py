"""Change topics of the calendar, shared by scheduling and billing (which publishes them too)."""
CALENDAR_TOPIC = ("calendar",)


def appointment_topic(appointment_id: int) -> tuple:
    return ("appointment", appointment_id)
