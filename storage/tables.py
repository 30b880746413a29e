"""Imports every table module so that Base.metadata knows them all (Alembic, tests)."""
from storage import (accounts, audit, billing, clinic, forms, households, outbox, packs, people, portal,  # noqa: F401
                     records, scheduling, tags, tasks)
from storage.base import Base

metadata = Base.metadata
