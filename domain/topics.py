"""Every live-update topic, and how pages listen to them.

A topic is a small tuple of strings and integers, so it can travel between processes later. Services name
what they changed on the unit of work (`uow.changed(topics.billing(7))`); the unit of work publishes those
topics after a successful commit only (storage/changes.py is the bus). Pages subscribe here.
"""

from collections.abc import Callable, Hashable

from storage.changes import Topic, changes

# clinic-wide lists and settings
CLINIC: Topic = ("clinic",)  # name, time zone, tax, options (Setup > Clinic, Configuration)
STAFF: Topic = ("staff",)  # staff users and roles
WORKING_HOURS: Topic = ("working_hours",)  # anyone's working hours or breaks
CLOSED_DAYS: Topic = ("closed_days",)
SERVICES: Topic = ("services",)  # the clinic's bookable services
CALENDAR: Topic = ("calendar",)  # any appointment, anywhere
PEOPLE: Topic = ("people",)  # the client list
SHARED: Topic = ("shared",)  # the shared profiles list and members' "Shared profiles" cards
FORMS: Topic = ("forms",)  # intake form templates
PACK_TEMPLATES: Topic = ("pack_templates",)
CLASSIFICATIONS: Topic = ("classifications",)
TASKS: Topic = ("tasks",)
OUTBOX: Topic = ("outbox",)
ONLINE_BOOKING: Topic = ("online_booking",)  # Setup > Online Booking and the services offered online
REQUESTS: Topic = ("requests",)  # booking requests: made, confirmed, declined, expired
PORTAL_ACCOUNTS: Topic = ("portal_accounts",)  # Client Portal registrations waiting for staff, and decided
RELATIONSHIPS: Topic = ("relationships",)  # any relationship between clients: made, edited, ended (seed 002)


def person(person_id: int) -> Topic:
    """One client record: details, portal state, forms."""
    return ("person", person_id)


def client_tasks(person_id: int) -> Topic:
    """One client's tasks as the Client Portal shows them (assigned, ticked, unticked); staff pages hear TASKS."""
    return ("client_tasks", person_id)


def documents(person_id: int) -> Topic:
    """A client's My Documents in the portal: a file shared with them, no longer shared, or opened."""
    return ("documents", person_id)


def profile(profile_id: int) -> Topic:
    """Anything shown on one profile's tabs (records, contacts, reminders, members, archive...)."""
    return ("profile", profile_id)


def members(profile_id: int) -> Topic:
    """A shared profile's member toggles."""
    return ("members", profile_id)


def details(profile_id: int) -> Topic:
    """A shared profile's name and comments."""
    return ("details", profile_id)


def billing(profile_id: int) -> Topic:
    """A profile's invoices, payments, credit and packs."""
    return ("billing", profile_id)


def pack(pack_id: int) -> Topic:
    return ("pack", pack_id)


def appointment(appointment_id: int) -> Topic:
    return ("appointment", appointment_id)


def working_hours(staff_user_id: int) -> Topic:
    return ("working_hours", staff_user_id)


def subscribe(topic: Hashable, listener: Callable[[Hashable], object]) -> Callable[[], None]:
    """Calls `listener(topic)` after every commit that changed `topic`; returns the unsubscribe function."""
    return changes.subscribe(topic, listener)


def listener_count(topic: Hashable) -> int:
    return changes.listener_count(topic)
