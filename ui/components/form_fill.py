"""Draws a form's questions and collects the answers (portal, private link and public form)."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.errors import InvalidLink, ValidationFailed
from domain.records.form_fields import FormField
from ui.components.date_input import DateInput


class FilledForm:
    def __init__(self) -> None:
        self._readers: dict[str, Callable[[], object]] = {}
        self._errors: dict[str, ui.label] = {}

    def answers(self) -> dict[str, object]:
        return {key: read() for key, read in self._readers.items()}

    async def send(self, submit: Callable[[dict], Awaitable[object]]) -> bool:
        """Sends the answers; marks what is missing, or says why the form cannot be sent."""
        try:
            await submit(self.answers())
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            ui.notify("Please answer the questions marked in red.", type="warning")
            return False
        except InvalidLink as exc:
            ui.notify(exc.message, type="warning")
            return False
        return True

    def show_errors(self, errors: dict[str, str]) -> None:
        for key, label in self._errors.items():
            label.text = errors.get(key, "")
            label.set_visibility(key in errors)


def form_questions(fields: list[FormField]) -> FilledForm:
    form = FilledForm()
    for f in fields:
        with ui.column().classes("w-full gap-1 q-mb-sm"):
            title = f.label + (" *" if f.required and f.kind != "checkbox" else "")
            if f.kind != "checkbox":
                ui.label(title).classes("text-body1 text-weight-medium")
            if f.kind == "short_text":
                widget = ui.input().props("outlined dense maxlength=300").classes("w-full").mark(f"q-{f.key}")
                form._readers[f.key] = lambda w=widget: w.value
            elif f.kind == "long_text":
                widget = ui.textarea().props("outlined autogrow maxlength=5000").classes("w-full").mark(f"q-{f.key}")
                form._readers[f.key] = lambda w=widget: w.value
            elif f.kind == "single_choice":
                widget = ui.radio(list(f.options)).mark(f"q-{f.key}")
                form._readers[f.key] = lambda w=widget: w.value
            elif f.kind == "multiple_choice":
                boxes = [ui.checkbox(option).mark(f"q-{f.key}-{n}") for n, option in enumerate(f.options)]
                form._readers[f.key] = lambda b=boxes, o=f.options: [
                    opt for box, opt in zip(b, o, strict=True) if box.value
                ]
            elif f.kind == "checkbox":
                widget = ui.checkbox(title).mark(f"q-{f.key}")
                form._readers[f.key] = lambda w=widget: bool(w.value)
            else:
                widget = DateInput(clearable=True).classes("w-48").mark(f"q-{f.key}")
                form._readers[f.key] = lambda w=widget: w.iso
            if f.kind in ("short_text", "long_text", "single_choice", "date"):  # named for screen readers by the
                widget.props["aria-label"] = title  # question above it (a property: never parsed)
            form._errors[f.key] = ui.label().classes("text-negative text-caption")
            form._errors[f.key].set_visibility(False)
    return form
