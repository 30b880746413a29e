"""Setup > Calendar: appointment reminders and the days the clinic is closed."""

from datetime import date

from nicegui import ui

from domain import topics
from domain.formats import current
from domain.scheduling.closed_days import add_closed_day, list_closed_days, remove_closed_day
from domain.scheduling.reminders import reminder_hours, set_reminder_hours
from ui.actions import FAILED, attempt
from ui.components.date_input import DateInput
from ui.components.icon_button import icon_button
from ui.live import on_change
from ui.session import StaffContext


async def calendar_tab(ctx: StaffContext) -> None:
    today = date.today()
    with ui.card().classes("w-full q-pa-md gap-2").style("max-width: 36rem"):
        ui.label("Appointment reminders").classes("text-subtitle1")
        hours = (
            ui.input(
                "Hours before the appointment",
                value=", ".join(str(h) for h in await reminder_hours(ctx.uow(read_only=True))),
            )
            .props("outlined dense")
            .classes("w-full")
            .mark("reminder-hours")
        )
        ui.label(
            "Emailed to the client through the Outbox, e.g. “24” or “48, 2”. Leave empty for no reminders. "
            "Prospective clients get none."
        ).classes("text-caption text-grey-7")

        async def save_hours() -> None:
            saved = await attempt(
                set_reminder_hours,
                ctx.uow(),
                actor=ctx.actor,
                text=hours.value or "",
                fields={"reminder_hours": hours},
                success="Reminder settings saved.",
            )
            if saved is not FAILED:
                hours.value = ", ".join(str(h) for h in saved)

        ui.button("Save", icon="save", on_click=save_hours).props("unelevated").mark("save-reminders")

    with ui.card().classes("w-full q-pa-md gap-2").style("max-width: 36rem"):
        ui.label("Closed days").classes("text-subtitle1")
        ui.label("Public holidays and other days nobody works. Booking on one needs a confirmation.").classes(
            "text-caption text-grey-7"
        )
        with ui.row().classes("w-full items-start gap-2"):
            day = DateInput("Date").classes("w-44").mark("closed-date")
            reason = (
                ui.input("Reason", placeholder="e.g. Christmas Day")
                .props("outlined dense")
                .classes("col")
                .mark("closed-reason")
            )

            async def add() -> None:
                done = await attempt(
                    add_closed_day,
                    ctx.uow(),
                    actor=ctx.actor,
                    day=day.iso,
                    reason=reason.value or "",
                    fields={"day": day, "reason": reason},
                    success="Closed day added.",
                )
                if done is not FAILED:
                    day.value, reason.value = "", ""

            ui.button("Add", icon="add", on_click=add).props("unelevated").mark("add-closed-day")

        @ui.refreshable
        async def listing() -> None:
            days = await list_closed_days(ctx.uow(read_only=True), from_day=today)
            if not days:
                ui.label("No closed days ahead.").classes("text-grey-7")
            for d in days:
                with ui.row().classes("w-full items-center no-wrap"):
                    ui.label(f"{current().weekday_date(d.day)}").classes("w-32")
                    ui.label(d.reason).classes("col text-grey-8").mark("closed-day")
                    icon_button(
                        "delete",
                        f"Remove {current().weekday_date(d.day)}",
                        lambda d=d: attempt(
                            remove_closed_day,
                            ctx.uow(),
                            actor=ctx.actor,
                            closed_day_id=d.id,
                            success="Closed day removed.",
                        ),
                        "flat round dense",
                    )

        await listing()
        on_change(topics.CALENDAR, listing.refresh)
