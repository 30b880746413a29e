"""Setup > Emails: the Client Portal invitation's subject and text, with placeholders, a preview as the client will
read it, and the built-in text to go back to. Unsaved edits survive a save made in another browser."""

from nicegui import ui

from domain import topics
from domain.clients.invitation_template import (
    PLACEHOLDERS,
    InvitationTemplate,
    Preview,
    preview_invitation,
    read_invitation_template,
    reset_invitation_template,
    save_invitation_template,
)
from domain.errors import DomainError
from ui.actions import FAILED, attempt
from ui.components.confirm import confirm
from ui.live import coalesced, on_change
from ui.outcome import page_client, session_ended
from ui.session import StaffContext
from ui.state import state

CARD = "w-full q-pa-md gap-2"
WIDTH = "max-width: 44rem"


async def emails_tab(ctx: StaffContext) -> None:
    await invitation_card(ctx)


async def invitation_card(ctx: StaffContext) -> None:
    loaded: dict[str, InvitationTemplate] = {
        "saved": await read_invitation_template(ctx.uow(read_only=True), actor=ctx.actor)
    }
    with ui.card().classes(CARD).style(WIDTH):
        ui.label("Client Portal invitation").classes("text-subtitle1")
        ui.label(
            "The email a client gets when you invite them to the Client Portal, resend their invitation or "
            "create a test client. The placeholders in braces are filled in for each client."
        ).classes("text-caption text-grey-7")
        with ui.row().classes("w-full items-center gap-2 bg-amber-1 q-pa-sm rounded-borders") as elsewhere:
            ui.label(
                "Someone saved this email in another browser while you were editing. Save to keep yours, or show "
                "the saved text."
            ).classes("col text-body2")
            ui.button("Show saved text", on_click=lambda: show(loaded["fresh"])).props("flat no-caps").mark(
                "show-saved-invitation"
            )
        elsewhere.set_visibility(False)
        which = ui.label().classes("text-caption text-grey-8").mark("invitation-which")
        subject = ui.input("Subject").props("outlined counter").classes("w-full").mark("invitation-subject")
        body = ui.textarea("Text").props("outlined autogrow counter").classes("w-full").mark("invitation-body")
        fields = {"subject": subject, "body": body}

        def add(name: str) -> None:
            """Adds the placeholder at the end of the text, after a space unless it starts a line."""
            text = body.value or ""
            gap = "" if not text or text[-1].isspace() else " "
            body.value = f"{text}{gap}{{{name}}}"

        ui.label("Placeholders (click one to add it at the end of the text)").classes("text-weight-medium")
        with ui.column().classes("w-full gap-0"):
            for name, meaning in PLACEHOLDERS.items():
                with ui.row().classes("w-full items-center gap-2 no-wrap"):
                    ui.button(f"{{{name}}}", on_click=lambda n=name: add(n)).props("flat dense no-caps").classes(
                        "text-mono"
                    ).mark(f"placeholder-{name}")
                    ui.label(meaning).classes("text-body2 text-grey-8")

        with ui.row().classes("w-full gap-2"):
            ui.button("Preview", icon="visibility", on_click=lambda: preview()).props("outlined no-caps").mark(
                "preview-invitation"
            )
            ui.button("Save", icon="save", on_click=lambda: save()).props("unelevated").mark("save-invitation")
            restore = (
                ui.button("Restore the default text", icon="restart_alt", on_click=lambda: restore_default())
                .props("flat no-caps")
                .mark("restore-invitation")
            )

        with ui.card().classes("w-full q-pa-md gap-1 bg-grey-1").props("flat bordered") as shown:
            ui.label("Preview: the email as Mary Smith will read it").classes("text-subtitle2")
            ui.label("The link is a sample: each client's email has their own.").classes("text-caption text-grey-7")
            ui.label("Subject").classes("text-caption text-grey-7 q-mt-sm")
            shown_subject = ui.label().classes("text-weight-medium").mark("preview-subject")
            ui.label("Text").classes("text-caption text-grey-7 q-mt-sm")
            shown_body = (
                ui.label()
                .classes("text-body2")
                .style("white-space: pre-wrap; overflow-wrap: anywhere")
                .mark("preview-body")
            )
        shown.set_visibility(False)

    def values() -> dict[str, str]:
        return {"subject": subject.value or "", "body": body.value or ""}

    def show(template: InvitationTemplate) -> None:
        loaded["saved"] = template
        subject.value, body.value = template.subject, template.body
        for element in fields.values():
            element.error = None
        which.text = (
            "Your clinic's own wording." if template.custom else "The built-in wording: edit it to make it yours."
        )
        restore.set_enabled(template.custom)
        elsewhere.set_visibility(False)

    def edited() -> bool:
        saved = loaded["saved"]
        return (values()["subject"].strip(), values()["body"].strip()) != (saved.subject.strip(), saved.body.strip())

    def hide_preview() -> None:
        shown.set_visibility(False)

    subject.on_value_change(hide_preview)
    body.on_value_change(hide_preview)

    async def preview() -> None:
        result: Preview | object = await attempt(
            preview_invitation,
            ctx.uow(read_only=True),
            actor=ctx.actor,
            **values(),
            public_url=state.config.public_url,
            fields=fields,
        )
        if isinstance(result, Preview):
            shown_subject.text, shown_body.text = result.subject, result.body
            shown.set_visibility(True)

    async def save() -> None:
        saved = await attempt(
            save_invitation_template,
            ctx.uow(),
            actor=ctx.actor,
            **values(),
            fields=fields,
            success="Invitation email saved: invitations sent from now on use it.",
        )
        if saved is not FAILED:
            show(saved)

    async def restore_default() -> None:
        client = page_client()
        if not await confirm(
            "Go back to the built-in subject and text? Your own wording is replaced.",
            yes="Restore the default text",
            client=client,
        ):
            return
        restored = await attempt(
            reset_invitation_template,
            ctx.uow(),
            actor=ctx.actor,
            success="The default invitation text is back.",
            client=client,
        )
        if restored is not FAILED and not subject.is_deleted:
            hide_preview()
            show(restored)

    show(loaded["saved"])
    client = elsewhere.client

    async def refresh() -> None:
        """Another browser saved: show it, unless this one has unsaved edits (then say so and keep them)."""
        try:
            fresh = await read_invitation_template(ctx.uow(read_only=True), actor=ctx.actor)
        except DomainError as exc:
            session_ended(client, exc)
            return
        if elsewhere.is_deleted or fresh == loaded["saved"]:
            return
        loaded["fresh"] = fresh
        if edited():
            elsewhere.set_visibility(True)
        else:
            show(fresh)

    on_change(topics.CLINIC, coalesced(refresh))
