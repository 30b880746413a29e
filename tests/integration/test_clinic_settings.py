"""Clinic settings: every change is audited; bad input changes nothing."""

from datetime import date, timedelta

import pytest

from domain.audit.log import AuditFilter, list_audit_entries
from domain.clinic.settings import ClinicView, get_clinic, update_clinic
from domain.errors import NotAllowed, ValidationFailed
from tests.integration.helpers import audit_entries
from tests.support import staff_actor


async def test_renaming_the_clinic_writes_one_audit_entry(db):
    await update_clinic(db.uow(), actor=staff_actor(), name="Harbourside Therapy", time_zone="Australia/Sydney")
    assert await get_clinic(db.uow()) == ClinicView("Harbourside Therapy", "Australia/Sydney")
    [entry] = await audit_entries(db, "clinic.updated")
    assert entry.actor_label == "Olivia Owner" and entry.ip == "203.0.113.7"
    assert entry.summary == "name: 'My Clinic' → 'Harbourside Therapy'; time zone: 'UTC' → 'Australia/Sydney'"


@pytest.mark.parametrize(
    "name, zone, field",
    [("", "UTC", "name"), ("x" * 121, "UTC", "name"), ("Fine", "Not/AZone", "time_zone"), ("Fine", "", "time_zone")],
)
async def test_bad_settings_are_refused_and_leave_the_data(db, name, zone, field):
    with pytest.raises(ValidationFailed) as refused:
        await update_clinic(db.uow(), actor=staff_actor(), name=name, time_zone=zone)
    assert field in refused.value.errors
    assert (await get_clinic(db.uow())).name == "My Clinic"
    assert await audit_entries(db) == []


async def test_reception_cannot_change_setup(db):
    with pytest.raises(NotAllowed):
        await update_clinic(db.uow(), actor=staff_actor(role="reception"), name="Hijacked", time_zone="UTC")
    assert (await get_clinic(db.uow())).name == "My Clinic"


async def test_audit_log_filters_by_user_record_and_date(db):
    await update_clinic(db.uow(), actor=staff_actor(user_id=1), name="One", time_zone="UTC")
    await update_clinic(
        db.uow(), actor=staff_actor(user_id=2, label="Adam Admin", role="admin"), name="Two", time_zone="UTC"
    )
    reader = staff_actor(role="admin")

    async def found(**filters):
        return [
            e.actor
            for e in await list_audit_entries(db.uow(), actor=reader, filters=AuditFilter(**filters), time_zone="UTC")
        ]

    assert await found() == ["Adam Admin", "Olivia Owner"]
    assert await found(actor_id=2) == ["Adam Admin"]
    assert await found(record_type="clinic", record_id=1) == ["Adam Admin", "Olivia Owner"]
    assert await found(record_type="staff_user") == []
    today = date.today()
    assert len(await found(date_from=today - timedelta(days=1), date_to=today + timedelta(days=1))) == 2
    assert await found(date_to=today - timedelta(days=2)) == []
    with pytest.raises(NotAllowed):
        await list_audit_entries(
            db.uow(), actor=staff_actor(role="practitioner"), filters=AuditFilter(), time_zone="UTC"
        )
