"""The clinic's own settings (one row)."""

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base
from storage.types import UTCDateTime, utcnow

CLINIC_ID = 1


class ClinicRow(Base):
    __tablename__ = "clinic"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    time_zone: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(16), default="en-AU", server_default="en-AU")  # BCP 47
    currency: Mapped[str] = mapped_column(String(3), default="AUD", server_default="AUD")  # ISO 4217
    auto_add_clients: Mapped[bool] = mapped_column(Boolean, default=False)  # skip the prospect stage
    tax_name: Mapped[str] = mapped_column(String(20), default="GST")
    tax_bp: Mapped[int] = mapped_column(Integer, default=1000)  # 10 %, the default tax rate of new items
    next_invoice_number: Mapped[int] = mapped_column(Integer, default=1)  # locked while issuing: no gaps
    task_on_pack_end: Mapped[bool] = mapped_column(Boolean, default=False)
    reminder_hours: Mapped[str] = mapped_column(String(60), default="24")  # lead times, e.g. "24,2"
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")  # "call the clinic on …"
    address: Mapped[str] = mapped_column(String(300), default="", server_default="")  # calendar events' location
    # Setup > Emails: the Client Portal invitation ('' = the built-in text); placeholders {client_name} etc.
    invitation_subject: Mapped[str] = mapped_column(String(200), default="", server_default="")
    invitation_body: Mapped[str] = mapped_column(Text, default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


async def clinic_row(session: AsyncSession, *, lock: bool = False) -> ClinicRow:
    """The clinic's one row (made by the first migration), locked for update when asked."""
    row = await session.get(ClinicRow, CLINIC_ID, with_for_update=True if lock else None)
    if row is None:
        raise LookupError("the clinic row is missing: the database was not migrated")
    return row
