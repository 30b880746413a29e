"""Imports every table module so that Base.metadata knows them all (Alembic, tests)."""

import importlib

from storage.base import Base

# Every module that defines tables, by name (a test compares this list with the tables the migrations make).
TABLE_MODULES = tuple(
    importlib.import_module(f"storage.{name}")
    for name in ("accounts", "audit", "billing", "clients", "clinic", "forms", "households", "online_booking",
                 "online_payments", "outbox", "packs", "portal", "records", "relationships", "scheduling", "tags",
                 "tasks")
)  # fmt: skip
metadata = Base.metadata

# Ids are never reused (the audit log, links and emails name records by id): PostgreSQL's sequences never
# go back; on SQLite, AUTOINCREMENT keeps a deleted row's id from being given to the next row.
for _table in metadata.tables.values():
    if [c.name for c in _table.primary_key.columns] == ["id"]:
        _table.dialect_options["sqlite"]["autoincrement"] = True
