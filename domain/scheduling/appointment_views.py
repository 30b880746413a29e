"""Plain views of appointments for the pages, and the queries that build them."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased

from domain.billing.money import label as money_label
from storage.accounts import StaffUserRow
from storage.clients import PersonRow, ProfileRow
from storage.scheduling import AppointmentRow, ServiceRow

KIND_LABELS = {
    "client": "Client appointment",
    "meeting": "Meeting",
    "admin": "Admin time",
    "unavailable": "Unavailable",
}
STATUS_LABELS = {
    "requested": "Requested",  # online, not yet confirmed: holds its time, is not booked
    "booked": "Booked",
    "arrived": "Arrived",
    "completed": "Completed",
    "cancelled": "Cancelled",
    "no_show": "No-show",
}
KIND_COLOURS = {"meeting": "#5c6b7a", "admin": "#7a6a5c", "unavailable": "#9e9e9e"}


@dataclass(frozen=True)
class AppointmentView:
    id: int
    version: int
    kind: str
    status: str
    practitioner_id: int
    practitioner_name: str
    practitioner_time_zone: str
    starts_at: datetime  # aware UTC
    ends_at: datetime
    title: str = ""
    profile_id: int | None = None
    person_id: int | None = None
    client_name: str = ""
    client_time_zone: str | None = None
    service_id: int | None = None
    service_name: str = ""
    colour: str = "#8a3b12"
    notes: str = ""
    cancel_reason: str = ""
    price_cents: int | None = None
    outside_hours: bool = False
    series_id: int | None = None
    remark: str = ""  # what the service that returned it wants the person told (e.g. "booked without the pack")

    @property
    def label(self) -> str:
        return self.client_name if self.kind == "client" else (self.title or KIND_LABELS[self.kind])

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def price_label(self) -> str:
        return money_label(self.price_cents)


@cache
def appointment_query():
    """Appointments with their practitioner, client and service, for building views (built once:
    statements are immutable, and building this one costs milliseconds)."""
    practitioner = aliased(StaffUserRow)
    return (
        select(
            AppointmentRow,
            practitioner.name,
            practitioner.time_zone,
            ProfileRow.name,
            ProfileRow.person_id,
            PersonRow.time_zone,
            ServiceRow.name,
            ServiceRow.colour,
        )
        .join(practitioner, practitioner.id == AppointmentRow.practitioner_id)
        .outerjoin(ProfileRow, ProfileRow.id == AppointmentRow.profile_id)
        .outerjoin(PersonRow, PersonRow.id == ProfileRow.person_id)
        .outerjoin(ServiceRow, ServiceRow.id == AppointmentRow.service_id)
    )


def view_of(result_row: Any) -> AppointmentView:
    row, p_name, p_zone, client, person_id, client_zone, service, colour = result_row
    return AppointmentView(
        id=row.id,
        version=row.version,
        kind=row.kind,
        status=row.status,
        practitioner_id=row.practitioner_id,
        practitioner_name=p_name,
        practitioner_time_zone=p_zone,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        title=row.title,
        profile_id=row.profile_id,
        person_id=person_id,
        client_name=client or "",
        client_time_zone=client_zone,
        service_id=row.service_id,
        service_name=service or "",
        colour=colour or KIND_COLOURS.get(row.kind, "#8a3b12"),
        notes=row.notes,
        cancel_reason=row.cancel_reason or "",
        price_cents=row.price_cents,
        outside_hours=row.outside_hours,
        series_id=row.series_id,
    )
