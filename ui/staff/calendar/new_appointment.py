"""The new-appointment panel: opens on a selected time block with start, end and practitioner filled in."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from nicegui import ui
from nicegui.client import Client

from domain.errors import DomainError, ValidationFailed
from domain.formats import current
from domain.scheduling.appointment_views import KIND_LABELS
from domain.scheduling.bookable_services import list_services
from domain.scheduling.booking import Booking, book_appointment
from domain.scheduling.clashes import OutsideHours
from domain.scheduling.recurrence import Repeat, book_series, plan_series
from domain.scheduling.times import AmbiguousTime, instants, is_ambiguous, length_label, readings
from ui.actions import FAILED, attempt
from ui.components.confirm import confirm
from ui.components.date_input import DateInput, TimeInput
from ui.outcome import page_client, tell
from ui.session import StaffContext
from ui.staff.billing.pack_chooser import PackChooser
from ui.staff.calendar.client_picker import client_picker
from ui.staff.calendar.moves import confirming_outside_hours


def side_panel(client: Client) -> tuple[ui.dialog, ui.card]:
    """A panel on the right (full screen on a phone) that removes itself when closed."""
    with client.layout:
        dialog = ui.dialog().props("position=right full-height")
    dialog.on("hide", lambda: dialog.delete())
    with dialog:
        card = (
            ui.card().classes("q-pa-md gap-3 no-wrap").style("width: min(440px, 100vw); height: 100%; overflow-y: auto")
        )
    return dialog, card


class TimesPart:
    """Date, Start and End as typed, the real length, and, when the clocks go back that night and a time happens
    twice, the choice of which one (with each reading's real length)."""

    def __init__(self, day: date, start: time, end: time, tz: ZoneInfo) -> None:
        self.tz = tz
        self.day = DateInput("Date", value=day).classes("w-full").mark("date")
        with ui.row().classes("w-full no-wrap gap-2"):
            self.begins = TimeInput("Start", value=start).classes("col").mark("start")
            self.ends = TimeInput("End", value=end).classes("col").mark("end")
        with ui.column().classes("w-full gap-1 bg-orange-1 q-pa-sm rounded-borders") as self.asking:
            self.question = ui.label("").classes("text-body2")
            self.which = ui.radio({}).props("dense").classes("w-full").mark("which-time")
        self.note = ui.label("").classes("text-caption text-grey-8").mark("length")
        self.asking.visible = False
        for field in (self.day, self.begins, self.ends):
            field.on_value_change(self.refresh)
        self.which.on_value_change(self.show_length)
        self.refresh()

    def locals(self) -> tuple[datetime, datetime] | None:
        the_day, begin, finish = self.day.parsed, self.begins.parsed, self.ends.parsed
        if the_day is None or begin is None or finish is None:
            return None
        local_end = datetime.combine(the_day, finish) + (timedelta(days=1) if finish == time(0) else timedelta())
        return datetime.combine(the_day, begin), local_end

    def refresh(self) -> None:
        found = self.locals()
        options: dict[str, str] = {}
        twice: list[str] = []
        if found:
            try:
                options = {f"{fs},{fe}": text for (fs, fe), text in readings(*found, self.tz).items()}
                twice = [f"{current().time(t)}" for t in found if is_ambiguous(t, self.tz)]
            except ValidationFailed:
                options, twice = {}, []
        if options != self.which.options:  # the lengths change with the times: the labels follow
            self.which.set_options(options, value=self.which.value if self.which.value in options else None)
        self.asking.visible = bool(options)
        if twice:
            self.question.text = (
                f"The clocks go back that night, so {' and '.join(twice)} happen"
                f"{'s' if len(twice) == 1 else ''} twice. Which do you mean?"
            )
        self.show_length()

    def show_length(self) -> None:
        found = self.locals()
        try:
            start, end = self.instants() if found else (None, None)
        except DomainError:
            start = end = None
        if start and end and end > start:
            self.note.text = f"Length: {length_label(start, end)}"
        else:
            self.note.text = ""

    def instants(self) -> tuple[datetime, datetime]:
        """UTC start and end; ValidationFailed at the field that is wrong (AmbiguousTime: not chosen yet)."""
        found = self.locals()
        if found is None:
            missing = next(f for f in (self.day, self.begins, self.ends) if f.parsed is None)
            raise ValidationFailed(
                {
                    "date" if missing is self.day else "start" if missing is self.begins else "end": missing.error
                    or "Fill this in."
                }
            )
        folds = tuple(int(x) for x in self.which.value.split(",")) if self.which.value else None
        try:
            return instants(*found, self.tz, folds)
        except AmbiguousTime as exc:
            raise ValidationFailed({exc.field: "This time happens twice that night: choose which one below."}) from None


async def open_booking_panel(
    ctx: StaffContext, *, start: datetime, end: datetime, practitioner_id: int | None, practitioners: list
) -> None:
    client = page_client()
    tz = ZoneInfo(ctx.clinic.time_zone)
    services = await list_services(ctx.uow(read_only=True), include_inactive=False)
    dialog, card = side_panel(client)
    with card:
        with ui.row().classes("w-full items-center no-wrap"):
            ui.label("New appointment").classes("text-h6")
            ui.space()
            ui.button(icon="close", on_click=dialog.close).props("flat round dense aria-label=Close")
        kind = (
            ui.toggle({k: v.split()[0] if k == "client" else v for k, v in KIND_LABELS.items()}, value="client")
            .props("no-caps unelevated toggle-color=primary")
            .mark("kind")
        )
        client_box = ui.column().classes("w-full gap-1")
        with client_box:
            picked = await client_picker(ctx, on_change=lambda: packs.load(picked.profile_id))
        title = (
            ui.input("Title", placeholder="e.g. Team meeting").props("outlined dense").classes("w-full").mark("title")
        )
        with ui.column().classes("w-full gap-2") as billing_box:
            ui.label("Select a Service or Pack").classes("text-subtitle2")
            service = (
                ui.select({s.id: s.label for s in services}, label="Service", clearable=True)
                .props("outlined dense")
                .classes("w-full")
                .mark("service")
            )
            packs = PackChooser(ctx)
        who = (
            ui.select({p.id: p.name for p in practitioners}, value=practitioner_id, label="Practitioner")
            .props("outlined dense")
            .classes("w-full")
            .mark("practitioner")
        )
        times = TimesPart(start.date(), start.time(), end.time() if end.date() == start.date() else time(0), tz)
        price = ui.label("").classes("text-caption text-grey-8")
        notes = ui.textarea("Notes").props("outlined dense autogrow").classes("w-full").mark("notes")
        repeat = ui.checkbox("Repeat").mark("repeat")
        with ui.column().classes("w-full gap-1").bind_visibility_from(repeat, "value"):
            with ui.row().classes("items-center no-wrap gap-2"):
                every = (
                    ui.number("Every (weeks)", value=1, min=1, max=12, precision=0)
                    .props("outlined dense")
                    .classes("w-32")
                    .mark("every")
                )
                count = (
                    ui.number("Times", value=6, min=2, max=52, precision=0)
                    .props("outlined dense")
                    .classes("w-24")
                    .mark("times")
                )
            until = DateInput("…or until", clearable=True).classes("w-full").mark("until")
        save = ui.button("Save", icon="event_available").props("unelevated").classes("w-full").mark("save")

    def on_kind() -> None:
        client_box.visible = billing_box.visible = price.visible = kind.value == "client"
        title.visible = kind.value != "client"

    kind.on_value_change(on_kind)
    on_kind()

    def on_service() -> None:
        chosen = next((s for s in services if s.id == service.value), None)
        begin = times.begins.parsed
        if chosen and begin:
            finish = datetime.combine(date.today(), begin) + timedelta(minutes=chosen.duration_minutes)
            times.ends.set_time(finish.time())
        price.text = f"Price {chosen.price_label} · {chosen.duration_minutes} minutes" if chosen else ""

    service.on_value_change(on_service)
    fields = {
        "date": times.day,
        "start": times.begins,
        "end": times.ends,
        "client": picked.search,
        "service": service,
        "pack": packs.pack,
        "practitioner": who,
        "title": title,
        "every_weeks": every,
        "times": count,
        "until": until,
    }

    def booking() -> Booking | None:
        for field in (times.day, times.begins, times.ends):
            field.error = None
        try:
            start_utc, end_utc = times.instants()
        except ValidationFailed as exc:
            for name, message in exc.errors.items():
                fields[name].error = message
            return None
        client_kind = kind.value == "client"
        return Booking(
            practitioner_id=who.value,
            start=start_utc,
            end=end_utc,
            kind=kind.value,
            profile_id=picked.profile_id if client_kind else None,
            service_id=service.value if client_kind else None,
            title=title.value or "",
            notes=notes.value or "",
            pack_id=packs.pack_id if client_kind else None,
            template_id=packs.template_id if client_kind else None,
            invoice_id=packs.invoice_id if client_kind else None,
        )

    async def on_save() -> None:
        b = booking()
        if b is None:
            return
        series = _repeat(every, count, until) if repeat.value else None
        if repeat.value and series is None:
            return  # "…or until" is not a date: said at the field, nothing booked
        save.disable()
        try:
            done = await (save_series(ctx, b, series, fields, client) if series else save_one(ctx, b, fields, client))
        finally:
            if not save.is_deleted:
                save.enable()
        if done:
            dialog.close()

    save.on_click(on_save)
    dialog.open()


def _repeat(every: ui.number, count: ui.number, until: DateInput) -> Repeat | None:
    """The repetition asked for; None when "…or until" holds something that is not a date (the field says why)."""
    typed = bool((until.value or "").strip())
    end_date = until.parsed if typed else None
    if typed and end_date is None:
        return None
    return Repeat(every_weeks=int(every.value or 0), times=None if end_date else int(count.value or 0), until=end_date)


async def save_one(ctx: StaffContext, b: Booking, fields: dict, client: Client) -> bool:
    async def book(confirmed: bool):
        return await attempt(
            book_appointment,
            ctx.uow(),
            actor=ctx.actor,
            booking=b,
            confirmed_outside_hours=confirmed,
            fields=fields,
            passthrough=(OutsideHours,),
            client=client,
        )

    booked = None

    async def remembered(confirmed: bool):
        nonlocal booked
        booked = await book(confirmed)
        return booked

    if not await confirming_outside_hours(remembered, yes="Book anyway", no="Choose another time", client=client):
        return False
    tell(
        client,
        "Appointment booked." + (f" {booked.remark}" if booked.remark else ""),
        "info" if booked.remark else "positive",
    )
    return True


async def save_series(ctx: StaffContext, b: Booking, repeat: Repeat, fields: dict, client: Client) -> bool:
    plan = await attempt(
        plan_series, ctx.uow(read_only=True), actor=ctx.actor, booking=b, repeat=repeat, fields=fields, client=client
    )
    if plan is FAILED:
        return False
    clashes = [o for o in plan if o.clash]
    outside = [o for o in plan if o.outside_hours]
    if clashes or outside:
        lines = [f"{o.label}: {'CLASH: ' + o.clash if o.clash else 'outside working hours'}" for o in clashes + outside]
        question = (
            f"{len(plan)} appointments. "
            + (f"{len(clashes)} cannot be booked and will be skipped. " if clashes else "")
            + (f"{len(outside)} are outside working hours. " if outside else "")
            + "\n"
            + "\n".join(lines)
        )
        if len(clashes) == len(plan) or not await confirm(
            question,
            yes=f"Skip them and book {len(plan) - len(clashes)}" if clashes else "Book anyway",
            no="Back",
            title="Review the series",
            client=client,
        ):
            if len(clashes) == len(plan):
                tell(client, "None of these times can be booked. Choose another time.", "warning")
            return False
    booked = await attempt(
        book_series,
        ctx.uow(),
        actor=ctx.actor,
        booking=b,
        repeat=repeat,
        skip_clashes=bool(clashes),
        confirmed_outside_hours=bool(outside),
        fields=fields,
        client=client,
    )
    if booked is FAILED:
        return False
    remark = booked[0].remark if booked else ""
    tell(client, f"{len(booked)} appointments booked." + (f" {remark}" if remark else ""))
    return True
