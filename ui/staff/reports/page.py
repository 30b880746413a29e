"""Reports > Classifications: appointments and revenue per client classification for a date range."""

from calendar import monthrange
from datetime import date

from nicegui import APIRouter, ui

from domain.billing.money import label
from domain.clients.classification_report import classification_report
from ui.actions import FAILED, attempt
from ui.components.date_input import DateInput, all_parsed
from ui.session import StaffContext, staff_page

router = APIRouter()
COLUMNS = [
    {"name": "classification", "label": "Classification", "field": "classification", "align": "left"},
    {"name": "appointments", "label": "Appointments", "field": "appointments", "align": "right"},
    {"name": "revenue", "label": "Revenue (invoiced)", "field": "revenue", "align": "right"},
]


@staff_page(router, "/reports", title="Reports", capability="billing")
async def reports_page(ctx: StaffContext) -> None:
    today = date.today()
    with ui.card().classes("w-full").style("max-width: 44rem"):
        ui.label("Classifications").classes("text-h6")
        ui.label(
            "Appointments (not cancelled) and invoiced revenue (issued invoices) per client classification. "
            "A profile with two classifications counts in both."
        ).classes("text-body2 text-grey-8")
        with ui.row().classes("w-full items-start gap-2"):
            first = DateInput("From", value=today.replace(day=1)).classes("col-12 col-sm").mark("report-first")
            month_end = today.replace(day=monthrange(today.year, today.month)[1])
            last = DateInput("To", value=month_end).classes("col-12 col-sm").mark("report-last")
            ui.button("Show", icon="bar_chart", on_click=lambda: show()).props("unelevated").mark("run-report")
        table_box = ui.column().classes("w-full")

    async def show() -> None:
        if (dates := all_parsed(first, last)) is None:
            return
        a, b = dates
        rows = await attempt(
            classification_report,
            ctx.uow(read_only=True),
            actor=ctx.actor,
            first=a,
            last=b,
            time_zone=ctx.clinic.time_zone,
            fields={"last": last},
        )
        if rows is FAILED:
            return
        table_box.clear()
        with table_box:
            ui.table(
                columns=COLUMNS,
                rows=[
                    {
                        "classification": r.classification,
                        "appointments": r.appointments,
                        "revenue": label(r.revenue_cents),
                    }
                    for r in rows
                ],
                row_key="classification",
            ).classes("w-full").props("flat bordered dense").mark("report-table")

    await show()
