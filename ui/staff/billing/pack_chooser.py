"""Choosing the session pack that pays for an appointment: an open pack of the client's, or a new pack from
a template, whose price goes on the draft invoice the user picks (or a new draft), never silently on one."""

from nicegui import ui

from domain.billing.invoice_views import InvoiceView
from domain.billing.invoices import draft_invoices
from domain.billing.pack_templates import list_pack_templates
from domain.billing.packs import list_packs
from ui.session import StaffContext

NO_PACK = ""
NEW_DRAFT = 0


def bill_on_choices(drafts: list[InvoiceView]) -> dict[int, str]:
    """ "A new draft invoice", then each draft by date, payee and total; two that read alike are numbered."""
    choices: dict[int, str] = {NEW_DRAFT: "A new draft invoice"}
    seen: dict[str, int] = {}
    for d in reversed(drafts):  # oldest first, so "(2)" is the later one
        label = d.draft_label
        seen[label] = seen.get(label, 0) + 1
        choices[d.id] = label if seen[label] == 1 else f"{label} ({seen[label]})"
    return choices


class PackChooser:
    """Two selects: "Session pack" and, for a new pack, "Bill the new pack on". Hidden until a client with
    packs, or pack templates to open, is known (load)."""

    def __init__(self, ctx: StaffContext, *, label: str = "Session pack") -> None:
        self.ctx = ctx
        with ui.column().classes("w-full gap-2") as self.box:
            self.pack = (
                ui.select({NO_PACK: "No pack"}, value=NO_PACK, label=label)
                .props("outlined dense options-dense")
                .classes("w-full")
                .mark("pack")
            )
            self.invoice = (
                ui.select({NEW_DRAFT: "A new draft invoice"}, value=NEW_DRAFT, label="Bill the new pack on")
                .props("outlined dense options-dense")
                .classes("w-full")
                .mark("bill-pack-on")
            )
        self.box.visible = False
        self.invoice.bind_visibility_from(self.pack, "value", lambda v: str(v or "").startswith("template:"))

    async def load(self, profile_id: int | None) -> None:
        if profile_id is None:
            self.pack.set_options({NO_PACK: "No pack"}, value=NO_PACK)
            self.box.visible = False
            return
        read = dict(actor=self.ctx.actor, profile_id=profile_id)
        packs = [p for p in await list_packs(self.ctx.uow(read_only=True), **read) if p.open]
        templates = await list_pack_templates(self.ctx.uow(read_only=True), active_only=True)
        drafts = await draft_invoices(self.ctx.uow(read_only=True), **read)
        options = {NO_PACK: "No pack"} | {f"pack:{p.id}": f"Open pack: {p.name} ({p.progress})" for p in packs}
        options |= {f"template:{t.id}": f"New pack: {t.label}" for t in templates}
        self.pack.set_options(options, value=NO_PACK)
        self.invoice.set_options(bill_on_choices(drafts), value=NEW_DRAFT)
        self.box.visible = len(options) > 1

    @property
    def pack_id(self) -> int | None:
        kind, _, raw = str(self.pack.value or "").partition(":")
        return int(raw) if kind == "pack" else None

    @property
    def template_id(self) -> int | None:
        kind, _, raw = str(self.pack.value or "").partition(":")
        return int(raw) if kind == "template" else None

    @property
    def invoice_id(self) -> int | None:
        return (self.invoice.value or None) if self.template_id else None
