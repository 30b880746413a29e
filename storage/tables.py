"""Imports every table module so that Base.metadata knows them all (Alembic, tests)."""
from storage import accounts, audit, billing, clinic, forms, outbox, packs, people, portal, scheduling, tags, tasks  # noqa: F401
from storage.base import Base

metadata = Base.metadata
