"""Outbox: every email the app produced, and whether it went out."""

from nicegui import APIRouter, ui

from domain import topics
from domain.formats import current
from domain.messaging.outbox import STATUS_LABELS, OutboxMessageView, list_outbox, send_again, send_test_email
from ui.actions import attempt
from ui.components.dialogs import page_dialog
from ui.live import on_change
from ui.session import StaffContext, staff_page
from ui.state import state

router = APIRouter()

STATUS_COLORS = {
    "queued": "blue-grey",
    "sending": "blue",
    "sent": "positive",
    "failed": "negative",
    "interrupted": "orange",
}


@staff_page(router, "/outbox", title="Outbox", capability="outbox.read")
async def outbox_page(ctx: StaffContext) -> None:
    if state.smtp is None:
        banner = (
            "Email sending is off (no SMTP_URL): messages stay here, which is what the demo sandbox shows. "
            "Set SMTP_URL and restart to deliver them."
        )
    else:
        banner = f"Emails are sent through {state.smtp.where}; failures are retried with growing pauses."
    with ui.row().classes("w-full items-start no-wrap gap-2"):
        ui.icon("info", size="sm").classes("text-grey-7")
        ui.label(banner).classes("text-grey-8")
    with ui.row().classes("w-full items-center gap-3"):
        status = (
            ui.select({None: "All", **STATUS_LABELS}, value=None, label="Status")
            .props("outlined dense")
            .classes("w-44")
        )
        ui.button(
            "Send a test email to me",
            icon="send",
            on_click=lambda: attempt(
                send_test_email, ctx.uow(), actor=ctx.actor, clinic_name=ctx.clinic.name, success="Test email queued."
            ),
        ).props("outline no-caps")

    @ui.refreshable
    async def messages() -> None:
        found = await list_outbox(
            ctx.uow(read_only=True), actor=ctx.actor, time_zone=ctx.clinic.time_zone, status=status.value
        )
        if not found:
            ui.label("No emails yet." if status.value is None else "No emails with this status.").classes(
                "text-grey-8 q-pa-md"
            )
            return
        with ui.list().props("bordered separator").classes("w-full bg-white rounded-borders"):
            for message in found:
                _message_row(ctx, message)

    status.on_value_change(messages.refresh)
    await messages()
    on_change(topics.OUTBOX, messages.refresh)


def _message_row(ctx: StaffContext, m: OutboxMessageView) -> None:
    with ui.item():
        with ui.item_section():
            ui.item_label(m.subject).classes("text-weight-medium cursor-pointer").on("click", lambda m=m: _show(m))
            detail = f"To {m.to} · {current().datetime(m.created_at)}"
            if m.last_error and m.status != "sent":
                detail += f" · {m.last_error}"
            if m.next_attempt_at and m.attempts:
                detail += f" · next try {current().time(m.next_attempt_at)}"
            ui.item_label(detail).props("caption lines=2")
        with ui.item_section().props("side"), ui.row().classes("items-center gap-2"):
            ui.badge(m.status_label, color=STATUS_COLORS[m.status]).props("outline")
            ui.button("View", on_click=lambda m=m: _show(m)).props("flat dense no-caps")
            if m.can_send_again:
                ui.button(
                    "Send again",
                    on_click=lambda m=m: attempt(
                        send_again, ctx.uow(), actor=ctx.actor, message_id=m.id, success="Queued again."
                    ),
                ).props("flat dense no-caps")


def _show(m: OutboxMessageView) -> None:
    with page_dialog(width="min(40rem, 95vw)") as dialog:
        ui.label(m.subject).classes("text-h6")
        ui.label(f"To {m.to} · {m.status_label}" + (f" · sent {current().datetime(m.sent_at)}" if m.sent_at else ""))
        if m.status == "interrupted":
            ui.label(
                "Sending was interrupted (the server stopped mid-send). It may have arrived; "
                "use Send again only if the recipient did not get it."
            ).classes("text-orange-9")
        ui.label(m.body).classes("whitespace-pre-wrap q-pa-sm bg-grey-2 rounded-borders w-full")
        ui.button("Close", on_click=dialog.close).props("flat")
    dialog.open()
