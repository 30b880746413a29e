"""Imports every table module so that Base.metadata knows them all (Alembic, tests)."""

from storage import (
    portal,  # noqa: F401
)
from storage.base import Base

metadata = Base.metadata

# Ids are never reused (the audit log, links and emails name records by id): PostgreSQL's sequences never
# go back; on SQLite, AUTOINCREMENT keeps a deleted row's id from being given to the next row.
for _table in metadata.tables.values():
    if [c.name for c in _table.primary_key.columns] == ["id"]:
        _table.dialect_options["sqlite"]["autoincrement"] = True
