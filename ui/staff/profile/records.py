"""Profile > Records: session notes of the whole profile, diagnoses, files, correspondence; online forms."""

from nicegui import ui

from domain import topics
from domain.formats import current
from domain.households.shared_profiles import get_shared
from domain.messaging.communication import correspondence
from domain.records.profile_records import FileView, add_diagnosis, add_note, list_diagnoses, list_files, list_notes
from ui.actions import FAILED, attempt
from ui.components.date_input import DateInput
from ui.live import live_box
from ui.session import StaffContext
from ui.staff.profile.basics import section
from ui.staff.profile.files import download, file_list, file_upload
from ui.staff.profile.sharing import HINT, sharing_row

CHANNEL_ICONS = {"email": "mail", "sms": "sms", "letter": "description"}


def records_tab(ctx: StaffContext, profile) -> None:
    """Forms stay as they are while the lists under them follow every change: a note being written is never
    wiped because someone else added a file."""
    read = dict(actor=ctx.actor, profile_id=profile.id)
    topic = topics.profile(profile.id)
    whose = "the whole shared profile, not of one member" if profile.kind == "shared" else "this client"
    with ui.column().classes("w-full gap-4").style("max-width: 56rem"):
        _sections(ctx, profile, read, topic, whose)


def _sections(ctx: StaffContext, profile, read: dict, topic, whose: str) -> None:
    with section("Session notes", f"Notes written here are records of {whose}."):
        text = ui.textarea("New session note").props("outlined autogrow").classes("w-full").mark("session-note")
        ui.button(
            "Add Note",
            icon="note_add",
            on_click=lambda: cleared(
                attempt(
                    add_note,
                    ctx.uow(),
                    actor=ctx.actor,
                    profile_id=profile.id,
                    body=text.value or "",
                    fields={"note": text},
                    success="Note saved.",
                ),
                text,
            ),
        ).props("unelevated no-caps").mark("add-note")
        live_box(
            lambda: list_notes(ctx.uow(read_only=True), **read),
            lambda notes: note_list(ctx, notes),
            topic,
            classes="w-full gap-2",
            style="",
        )
    with section("Diagnoses"):
        live_box(
            lambda: list_diagnoses(ctx.uow(read_only=True), **read), _diagnoses, topic, classes="w-full gap-1", style=""
        )
        with ui.row().classes("w-full gap-2 items-start"):
            name = ui.input("Diagnosis").props("outlined dense").classes("col-12 col-sm").mark("diagnosis-name")
            code = ui.input("Code (e.g. ICD-11)").props("outlined dense").classes("col-12 col-sm-3")
            on = DateInput("Date", clearable=True).classes("col-12 col-sm-3").mark("diagnosed-on")
        ui.button(
            "Add Diagnosis",
            icon="add",
            on_click=lambda: cleared(
                attempt(
                    add_diagnosis,
                    ctx.uow(),
                    actor=ctx.actor,
                    profile_id=profile.id,
                    name=name.value or "",
                    code=code.value or "",
                    diagnosed_on=on.iso,
                    fields={"diagnosis": name, "code": code, "diagnosed_on": on},
                    success="Diagnosis added.",
                ),
                name,
                code,
                on,
            ),
        ).props("outline no-caps")
    individual = profile.kind == "individual"
    with section("Files", HINT if individual else "Files of a shared profile stay with staff."):
        live_box(
            lambda: list_files(ctx.uow(read_only=True), **read),
            lambda files: file_list(ctx, files, "No files yet.", share=individual),
            topic,
            classes="w-full gap-1",
            style="",
        )
        file_upload(ctx, profile.id, "record")
    with section("Correspondence", "Emails, SMS and letters from the Communication tab."):
        live_box(
            lambda: _with_letters(ctx, read),
            lambda found: _correspondence(ctx, *found, share=individual),
            topic,
            classes="w-full gap-1",
            style="",
        )
    with section("Online forms").mark("forms-note"):
        if profile.kind == "shared":
            ui.label(
                "Online forms cannot be sent from a shared profile: send them to each member from their "
                "own client profile."
            ).classes("text-body2")
            live_box(
                lambda: get_shared(ctx.uow(read_only=True), **read),
                _member_links,
                topic,
                classes="w-full gap-1",
                style="",
            )
        else:
            ui.label("Send forms and see completed ones on the Details page's Portal & forms tab.").classes(
                "text-body2"
            )


async def cleared(saving, *inputs) -> None:
    """Awaits a save; when it worked, empties the inputs for the next entry."""
    if await saving is not FAILED:
        for element in inputs:
            element.value = ""


def _member_links(shared) -> None:
    for m in shared.members:
        ui.link(f"{m.name}'s profile", f"/clients/{m.person_id}").mark("member-profile-link")


def note_list(ctx: StaffContext, notes) -> None:
    for n in notes:
        with ui.column().classes("w-full gap-0 q-pa-sm bg-grey-1 rounded-borders").mark("note"):
            ui.label(f"{current().datetime(n.created_at.astimezone(ctx.clinic.zone))} · {n.author}").classes(
                "text-caption text-grey-7"
            )
            ui.label(n.body).classes("text-body2").style("white-space: pre-wrap")


def _diagnoses(diagnoses) -> None:
    for d in diagnoses:
        ui.label(" · ".join(x for x in (d.name, d.code, current().date(d.diagnosed_on)) if x)).classes(
            "text-body1"
        ).mark("diagnosis")
    if not diagnoses:
        ui.label("No diagnoses recorded.").classes("text-grey-8")


async def _with_letters(ctx: StaffContext, read: dict) -> tuple[list, dict[int, FileView]]:
    """The correspondence, and its letters' files (whether each is shared with the client)."""
    items = await correspondence(ctx.uow(read_only=True), **read)
    letters = await list_files(ctx.uow(read_only=True), **read, kinds=("letter",))
    return items, {f.id: f for f in letters}


def _correspondence(ctx: StaffContext, items, letters: dict[int, FileView], *, share: bool) -> None:
    if not items:
        ui.label("Nothing sent yet.").classes("text-grey-8")
    for c in items:
        with ui.row().classes("w-full items-center no-wrap gap-2").mark("correspondence"):
            ui.icon(CHANNEL_ICONS[c.channel]).classes("text-primary")
            with ui.column().classes("col gap-0"):
                ui.label(c.subject or "(SMS)").classes("text-weight-medium ellipsis")
                ui.label(
                    " · ".join(
                        x for x in (f"{current().datetime(c.when.astimezone(ctx.clinic.zone))}", c.to, c.status) if x
                    )
                ).classes("text-caption text-grey-7")
                if share and c.file_id in letters:
                    sharing_row(ctx, letters[c.file_id])
            if c.file_id:
                ui.button(icon="download", on_click=lambda c=c: download(ctx, c.file_id)).props(
                    "flat round dense aria-label='Download letter'"
                )
