"""Reports > Classifications: appointments and revenue per client classification for a date range."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from domain.accounts.roles import require
from domain.actor import Actor
from domain.billing.invoice_views import invoice_view
from domain.errors import ValidationFailed
from domain.scheduling.times import day_bounds
from storage.billing import InvoiceRow
from storage.households import ClassificationRow, profile_classifications
from storage.scheduling import AppointmentRow
from storage.uow import UnitOfWork

UNCLASSIFIED = "Unclassified"


@dataclass(frozen=True)
class ReportRow:
    classification: str
    appointments: int
    revenue_cents: int


async def classification_report(
    uow: UnitOfWork, *, actor: Actor, first: date, last: date, time_zone: str
) -> list[ReportRow]:
    """Appointments: not cancelled, starting in the range. Revenue: issued (not void) invoices dated in the
    range. A profile with two classifications counts in both; the Unclassified row has the rest."""
    require(actor, "billing")
    if last < first:
        raise ValidationFailed({"last": "The end date is before the start date."})
    zone = ZoneInfo(time_zone)
    start, end = day_bounds(first, zone)[0], day_bounds(last, zone)[1]
    async with uow:
        names = {r.id: r.name for r in (await uow.session.execute(select(ClassificationRow))).scalars()}
        of_profile: dict[int, list[int]] = {}
        for profile_id, classification_id in await uow.session.execute(select(profile_classifications)):
            of_profile.setdefault(profile_id, []).append(classification_id)
        counts = dict(
            (
                await uow.session.execute(
                    select(AppointmentRow.profile_id, func.count())
                    .where(
                        AppointmentRow.kind == "client",
                        AppointmentRow.status.not_in(("cancelled", "requested")),
                        AppointmentRow.starts_at >= start,
                        AppointmentRow.starts_at < end,
                    )
                    .group_by(AppointmentRow.profile_id)
                )
            ).all()
        )
        revenue: dict[int, int] = {}
        for invoice in (
            await uow.session.execute(
                select(InvoiceRow).where(
                    InvoiceRow.status == "issued", InvoiceRow.issued_on >= first, InvoiceRow.issued_on <= last
                )
            )
        ).scalars():
            view = await invoice_view(uow, invoice)
            revenue[invoice.profile_id] = revenue.get(invoice.profile_id, 0) + view.totals.total_cents
    rows: dict[str, list[int]] = {name: [0, 0] for name in sorted(names.values())}
    rows[UNCLASSIFIED] = [0, 0]
    for profile_id in {p for p in (*counts, *revenue) if p is not None}:
        for key in [names[c] for c in of_profile.get(profile_id, [])] or [UNCLASSIFIED]:
            rows[key][0] += counts.get(profile_id, 0)
            rows[key][1] += revenue.get(profile_id, 0)
    return [ReportRow(name, n, cents) for name, (n, cents) in rows.items()]
