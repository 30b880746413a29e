"""Imports every table module so that Base.metadata knows them all (Alembic, tests)."""
from storage import accounts, audit, clinic, forms, outbox, people, portal, scheduling, tags  # noqa: F401
from storage.base import Base

metadata = Base.metadata
