"""Setup > Forms: intake form templates, their questions and public links."""

from nicegui import ui

from domain import topics
from domain.records.form_fields import CHOICE_KINDS, KINDS, FormField
from domain.records.forms import FormTemplateView, list_form_templates, save_form_template, set_form_template_active
from ui.actions import FAILED, attempt
from ui.components.dialogs import page_dialog
from ui.components.icon_button import icon_button
from ui.live import on_change
from ui.session import StaffContext
from ui.state import state


async def forms_tab(ctx: StaffContext) -> None:
    @ui.refreshable
    async def templates() -> None:
        found = await list_form_templates(ctx.uow(read_only=True))
        if not found:
            ui.label("No forms yet. Build an intake form to send to clients or to share as a public link.").classes(
                "text-grey-8"
            )
        for template in found:
            with ui.card().classes("w-full" + ("" if template.active else " text-grey-6")).props("flat bordered"):
                with ui.row().classes("w-full items-center"):
                    with ui.column().classes("gap-0 col"):
                        ui.label(template.name + ("" if template.active else " (off)")).classes("text-weight-medium")
                        ui.label(f"{len(template.fields)} questions").classes("text-caption text-grey-7")
                    icon_button("edit", f"Edit {template.name}", lambda t=template: _editor(ctx, t), "flat round")
                    ui.button(
                        "Turn off" if template.active else "Turn on",
                        on_click=lambda t=template: attempt(
                            set_form_template_active, ctx.uow(), actor=ctx.actor, template_id=t.id, active=not t.active
                        ),
                    ).props("flat no-caps")
                if template.active:
                    link = f"{state.config.public_url}/f/{template.public_token}"
                    with ui.row().classes("items-center gap-1"):
                        ui.label("Public link:").classes("text-caption")
                        ui.link(link, link, new_tab=True).classes("text-caption").mark("public-link")

    with ui.row().classes("w-full items-center"):
        ui.label(
            "Clients complete these through the portal or an emailed link; a public link turns "
            "visitors into prospective clients."
        ).classes("text-grey-8 col")
        ui.button("New form", icon="add", on_click=lambda: _editor(ctx, None)).props("unelevated").mark("new-form")
    await templates()
    on_change(topics.FORMS, templates.refresh)


def _editor(ctx: StaffContext, template: FormTemplateView | None) -> None:
    questions = (
        [dict(q.as_json()) for q in template.fields]
        if template
        else [{"key": "", "label": "", "kind": "short_text", "required": False, "options": []}]
    )
    with page_dialog(width="min(48rem, 100vw)", props="maximized-on-mobile") as dialog:
        ui.label("New form" if template is None else f"Edit {template.name}").classes("text-h6")
        name = (
            ui.input("Form name", value=template.name if template else "")
            .props("outlined dense")
            .classes("w-full")
            .mark("form-name")
        )
        description = (
            ui.textarea("Description", value=template.description if template else "")
            .props("outlined dense autogrow")
            .classes("w-full")
        )

        @ui.refreshable
        def rows() -> None:
            for n, q in enumerate(questions):
                with ui.card().classes("w-full q-pa-sm").props("flat bordered"):
                    with ui.row().classes("w-full items-center gap-2"):
                        ui.input(f"Question {n + 1}").bind_value(q, "label").props("outlined dense").classes(
                            "col-grow"
                        ).mark(f"question-{n + 1}")
                        ui.select(KINDS, label="Kind", on_change=rows.refresh).bind_value(q, "kind").props(
                            "outlined dense"
                        ).classes("w-40").mark(f"kind-{n + 1}")
                        ui.checkbox("Required").bind_value(q, "required")
                        ui.button(icon="delete", on_click=lambda n=n: (questions.pop(n), rows.refresh())).props(
                            "flat round dense aria-label='Remove question'"
                        )
                    if q["kind"] in CHOICE_KINDS:
                        ui.input(
                            "Options, separated by commas",
                            value=", ".join(q["options"]),
                            on_change=lambda e, q=q: q.update(options=[o.strip() for o in e.value.split(",")]),
                        ).props("outlined dense").classes("w-full").mark(f"options-{n + 1}")

        rows()
        ui.button(
            "Add question",
            icon="add",
            on_click=lambda: (
                questions.append({"key": "", "label": "", "kind": "short_text", "required": False, "options": []}),
                rows.refresh(),
            ),
        ).props("flat no-caps").mark("add-question")

        async def save() -> None:
            result = await attempt(
                save_form_template,
                ctx.uow(),
                actor=ctx.actor,
                template_id=template.id if template else None,
                name=name.value,
                description=description.value,
                questions=[FormField.of(q) for q in questions],
                fields={"name": name, "description": description},
            )
            if result is not FAILED:
                ui.notify("Form saved.", type="positive")
                dialog.close()

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat")
            ui.button("Save form", on_click=save).props("unelevated").mark("save-form")
    dialog.open()
