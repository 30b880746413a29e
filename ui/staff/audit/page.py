"""Audit log: every change, who made it, when and from where. Read-only by design."""

from nicegui import APIRouter, ui

from domain.accounts.staff import list_staff
from domain.audit.chain import ChainReport, verify_audit_chain
from domain.audit.log import PAGE_SIZE, AuditFilter, list_audit_entries, list_record_types
from domain.formats import current
from ui.actions import FAILED, attempt
from ui.components.date_input import DateInput
from ui.session import StaffContext, staff_page

router = APIRouter()
PROMPT = "Checks that no entry was changed or removed since it was written."

COLUMNS = [
    {"name": "at", "label": "When", "field": "at", "align": "left"},
    {"name": "actor", "label": "Who", "field": "actor", "align": "left"},
    {"name": "what", "label": "What", "field": "what", "align": "left"},
    {"name": "record", "label": "Record", "field": "record", "align": "left"},
    {"name": "summary", "label": "Details", "field": "summary", "align": "left"},
    {"name": "ip", "label": "IP", "field": "ip", "align": "left"},
]


@staff_page(router, "/audit", title="Audit log", capability="audit.read")
async def audit_page(ctx: StaffContext) -> None:
    staff = {s.id: s.name for s in await list_staff(ctx.uow(read_only=True))}
    record_types = await list_record_types(ctx.uow(read_only=True))
    if ctx.actor.role == "owner":
        _verify_row(ctx)
    with ui.row().classes("items-end gap-3 w-full"):  # wraps on a phone
        who = (
            ui.select({None: "Everyone", **staff}, value=None, label="User")
            .props("outlined dense")
            .classes("w-48")
            .mark("audit-user")
        )
        kind = (
            ui.select(record_types, value=None, label="Record type")
            .props("outlined dense clearable")
            .classes("w-40")
            .mark("audit-record-type")
        )
        record = ui.number("Record #", min=1, precision=0).props("outlined dense clearable").classes("w-28")
        since = DateInput("From", clearable=True).classes("w-44").mark("audit-from")
        until = DateInput("To", clearable=True).classes("w-44").mark("audit-to")

    @ui.refreshable
    async def entries() -> None:
        filters = AuditFilter(
            actor_id=who.value,
            record_type=kind.value,
            record_id=int(record.value) if record.value and 0 < record.value < 2**31 else None,
            date_from=since.parsed,
            date_to=until.parsed,
        )
        found = await list_audit_entries(
            ctx.uow(read_only=True), actor=ctx.actor, filters=filters, time_zone=ctx.clinic.time_zone
        )
        if not found:
            ui.label("No entries match these filters.").classes("text-grey-8 q-pa-md")
            return
        rows = [
            {
                "id": e.id,
                "at": f"{current().timestamp(e.at)}",
                "actor": e.actor,
                "action": e.action,
                "what": e.action_label,
                "record": e.record,
                "summary": e.summary,
                "ip": e.ip,
            }
            for e in found
        ]
        ui.table(columns=COLUMNS, rows=rows, row_key="id", pagination=50).classes("w-full").props(
            'flat bordered wrap-cells dense :grid="window.innerWidth < 600"'
        )
        note = f"Times in {ctx.clinic.time_zone}."
        if len(found) == PAGE_SIZE:
            note += f" Showing the newest {PAGE_SIZE}; narrow the filters to see older entries."
        ui.label(note).classes("text-caption text-grey-7")

    for control in (who, kind, record, since, until):
        control.on_value_change(entries.refresh)
    await entries()


def _verify_row(ctx: StaffContext) -> None:
    """Owners: Verify audit log walks the hash chain and says whether it is intact, or where it breaks."""
    with ui.row().classes("items-start gap-3 w-full"):
        button = ui.button("Verify audit log", icon="verified_user").props("outline no-caps")
        head = (
            ui.input(
                "A backup's seal line (optional)", placeholder="Audit chains at …: positions 1:1234 2:56 …; seal 9f3a…"
            )
            .props("outlined dense clearable")
            .classes("grow")
            .style("min-width: 16rem")
            .mark("backup-head")
        )
    result = ui.label(PROMPT).classes("text-grey-8")

    async def verify() -> None:
        button.props("loading")
        try:
            report: ChainReport | object = await attempt(
                verify_audit_chain,
                ctx.uow(read_only=True),
                actor=ctx.actor,
                backup_head=head.value,
                fields={"head": head},
            )
        finally:
            button.props(remove="loading")
        if report is FAILED or not isinstance(report, ChainReport):  # the reason is at the field: no old verdict
            result.text = PROMPT
            result.classes(replace="text-grey-8")
            return
        result.text = report.message
        result.classes(replace="text-positive" if report.intact else "text-negative text-weight-medium")

    button.on_click(verify)
