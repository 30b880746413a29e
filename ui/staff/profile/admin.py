"""Profile > Admin: Manage (personal-data consent, archive, delete a shared profile) and admin notes and
files, which only owners and admins see."""

from datetime import date

from nicegui import ui

from domain import topics
from domain.accounts.roles import can
from domain.formats import current
from domain.households.manage import (
    CONSENT_WAYS,
    delete_shared_profile,
    get_consent,
    record_consent,
    set_shared_archived,
)
from domain.households.shared_profiles import get_shared
from domain.records.profile_records import add_note, list_files, list_notes
from ui.actions import FAILED, attempt, go_with_message
from ui.components.confirm import confirm
from ui.components.date_input import DateInput
from ui.live import live_box
from ui.outcome import page_client
from ui.session import StaffContext
from ui.staff.profile.basics import section
from ui.staff.profile.files import file_list, file_upload
from ui.staff.profile.records import cleared, note_list


def admin_tab(ctx: StaffContext, profile) -> None:
    """Forms are drawn once; the parts that show saved state (consent, archive, notes, files) follow changes."""
    read = dict(actor=ctx.actor, profile_id=profile.id)
    topic = topics.profile(profile.id)

    async def consent():
        return await get_consent(ctx.uow(read_only=True), **read)

    async def shared():
        return await get_shared(ctx.uow(read_only=True), **read)

    async def form_data():
        return await consent(), await shared() if profile.kind == "shared" else None

    with ui.column().classes("w-full gap-4").style("max-width: 44rem"):
        with section("Manage"):
            live_box(consent, _consent_state, topic, classes="w-full", style="")
            live_box(form_data, lambda data: _consent_form(ctx, profile, *data), classes="w-full", style="")  # once
            if profile.kind == "shared":
                live_box(shared, lambda found: _archive_delete(ctx, profile, found), topic, classes="w-full", style="")
            else:
                ui.label(
                    "Archive a client with the Archive button at the top of their profile; client records are "
                    "archived, not deleted."
                ).classes("text-caption text-grey-7 q-mt-md")
        with section("Admin notes and files", "Visible to owners and admins only."):
            if not can(ctx.staff.role, "records.admin"):
                ui.label("Your role cannot see admin notes and files. Ask an owner or admin.").classes("text-grey-8")
                return
            text = ui.textarea("New admin note").props("outlined autogrow").classes("w-full").mark("admin-note")
            ui.button(
                "Add Admin Note",
                icon="note_add",
                on_click=lambda: cleared(
                    attempt(
                        add_note,
                        ctx.uow(),
                        actor=ctx.actor,
                        profile_id=profile.id,
                        body=text.value or "",
                        kind="admin",
                        fields={"note": text},
                        success="Admin note saved.",
                    ),
                    text,
                ),
            ).props("outline no-caps")
            live_box(
                lambda: list_notes(ctx.uow(read_only=True), kind="admin", **read),
                lambda notes: note_list(ctx, notes),
                topic,
                classes="w-full gap-2",
                style="",
            )
            live_box(
                lambda: list_files(ctx.uow(read_only=True), kinds=("admin",), **read),
                lambda files: file_list(ctx, files, "No admin files."),
                topic,
                classes="w-full gap-1",
                style="",
            )
            file_upload(ctx, profile.id, "admin")


def _consent_state(consent) -> None:
    ui.label("Personal data consent").classes("text-subtitle1")
    ui.label(
        f"Given by {consent.given_by} on {current().date(consent.given_on)}, {consent.how.lower()}."
        if consent.recorded
        else "Not recorded yet."
    ).classes("text-body2").mark("consent-state")


def _consent_form(ctx: StaffContext, profile, consent, shared) -> None:
    people = [m.name for m in shared.members] if shared else [profile.name]
    with ui.row().classes("w-full gap-2 items-start"):
        by = (
            ui.select(
                people,
                value=consent.given_by or (people[0] if people else None),
                label="Given by",
                new_value_mode="add-unique",
                with_input=True,
            )
            .props("outlined dense")
            .classes("col-12 col-sm")
            .mark("consent-by")
        )
        on = DateInput("On", value=consent.given_on or date.today()).classes("col-12 col-sm-3").mark("consent-on")
        how = (
            ui.select(list(CONSENT_WAYS), value=consent.how or None, label="How")
            .props("outlined dense")
            .classes("col-12 col-sm-3")
            .mark("consent-how")
        )
    ui.button(
        "Record consent",
        icon="verified_user",
        on_click=lambda: attempt(
            record_consent,
            ctx.uow(),
            actor=ctx.actor,
            profile_id=profile.id,
            given_by=by.value or "",
            given_on=on.iso,
            how=how.value or "",
            fields={"given_by": by, "given_on": on, "how": how},
            success="Consent recorded.",
        ),
    ).props("unelevated no-caps").mark("record-consent")


def _archive_delete(ctx: StaffContext, profile, shared) -> None:
    ui.separator().classes("q-my-sm")
    archived = shared.archived_at is not None
    with ui.row().classes("gap-2"):
        ui.button(
            "Restore" if archived else "Archive",
            icon="unarchive" if archived else "archive",
            on_click=lambda: attempt(
                set_shared_archived,
                ctx.uow(),
                actor=ctx.actor,
                profile_id=profile.id,
                archived=not archived,
                success="Profile restored." if archived else "Profile archived.",
            ),
        ).props("outline no-caps").mark("archive-shared")

        async def delete() -> None:
            client = page_client()  # this part may be redrawn while the question is open
            if not await confirm(
                f"Delete {shared.name}? The shared profile goes; its members' own client "
                "records stay. This cannot be undone.",
                yes="Delete",
                client=client,
            ):
                return
            name = await attempt(
                delete_shared_profile, ctx.uow(), actor=ctx.actor, profile_id=profile.id, client=client
            )
            if name is not FAILED:
                go_with_message(
                    "/people/shared", f"{name} deleted. Its members' client records are kept.", client=client
                )

        ui.button("Delete shared profile", icon="delete", on_click=delete).props("outline no-caps color=negative").mark(
            "delete-shared"
        )
