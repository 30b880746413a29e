"""Setup > Clinic > Phone numbers to check: the numbers migration 0009 could not read, kept as typed, each with a
link to where it is corrected (a client's Details; a contact's number right here)."""

from nicegui import ui

from domain import topics
from domain.clients.contacts import set_contact_phone
from domain.clients.phone_check import PhoneToCheck, phones_to_check
from ui.actions import attempt
from ui.live import live_box
from ui.session import StaffContext


def phone_check_section(ctx: StaffContext) -> None:
    def draw(found: list[PhoneToCheck]) -> None:
        with ui.card().classes("w-full").mark("phone-check"):
            ui.label("Phone numbers to check").classes("text-h6")
            if not found:
                ui.label("Every phone number on file is one we can call.").classes("text-grey-8").mark(
                    "phone-check-empty"
                )
                return
            ui.label(
                "These numbers could not be read when phone numbers were checked, so they are kept as typed and "
                "no SMS goes to them. Correct each one (or remove it)."
            ).classes("text-body2 text-grey-8")
            for item in found:
                with ui.row().classes("w-full items-center gap-2").mark("phone-to-check"):
                    with ui.column().classes("col gap-0"):
                        if item.link:
                            ui.link(item.name, item.link).classes("text-weight-medium")
                        else:
                            ui.label(item.name).classes("text-weight-medium")
                        kind = "Client" if item.kind == "client" else f"Contact ({item.note})"
                        ui.label(f"{kind} · “{item.phone}”").classes("text-caption text-grey-7")
                    if item.kind == "contact":
                        contact_fix(item)

    def contact_fix(item: PhoneToCheck) -> None:
        phone = ui.input("Correct number", value=item.phone).props("outlined dense type=tel").classes("col-auto")
        ui.button(
            "Save",
            on_click=lambda: attempt(
                set_contact_phone,
                ctx.uow(),
                actor=ctx.actor,
                contact_id=item.id,
                phone=phone.value or "",
                fields={"contact_phone": phone},
                success="Phone number saved.",
            ),
        ).props("flat no-caps")

    live_box(
        lambda: phones_to_check(ctx.uow(read_only=True), actor=ctx.actor),
        draw,
        topics.PEOPLE,
        topics.CLINIC,
        style="max-width: 36rem",
    )
