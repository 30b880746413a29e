"""Imports every table module so that Base.metadata knows them all (Alembic, tests)."""

from storage import (
    accounts,
    audit,
    billing,
    clients,
    clinic,
    forms,
    households,
    outbox,
    packs,
    portal,
    records,
    scheduling,
    tags,
    tasks,
)
from storage.base import Base

TABLE_MODULES = (
    accounts,
    audit,
    billing,
    clients,
    clinic,
    forms,
    households,
    outbox,
    packs,
    portal,
    records,
    scheduling,
    tags,
    tasks,
)  # named here, so no tool takes them for unused imports
metadata = Base.metadata

# Ids are never reused (the audit log, links and emails name records by id): PostgreSQL's sequences never
# go back; on SQLite, AUTOINCREMENT keeps a deleted row's id from being given to the next row.
for _table in metadata.tables.values():
    if [c.name for c in _table.primary_key.columns] == ["id"]:
        _table.dialect_options["sqlite"]["autoincrement"] = True
