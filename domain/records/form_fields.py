"""Form fields and answers: pure rules, no database."""

import re
from dataclasses import dataclass, field
from datetime import date

from domain.dates import BadDate, parse_date
from domain.text import plain, visible

KINDS = {
    "short_text": "Short text",
    "long_text": "Long text",
    "single_choice": "Single choice",
    "multiple_choice": "Multiple choice",
    "checkbox": "Checkbox",
    "date": "Date",
}
CHOICE_KINDS = ("single_choice", "multiple_choice")
MAX_FIELDS = 50
MAX_ANSWER = {"short_text": 300, "long_text": 5000}


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    kind: str
    required: bool = False
    options: tuple[str, ...] = field(default_factory=tuple)

    def as_json(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "kind": self.kind,
            "required": self.required,
            "options": list(self.options),
        }

    @classmethod
    def of(cls, data: dict) -> "FormField":
        return cls(
            key=data["key"],
            label=data["label"],
            kind=data["kind"],
            required=bool(data.get("required")),
            options=tuple(data.get("options") or ()),
        )


def field_key(label: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", label.casefold()).strip("_")[:40] or "field"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def check_fields(fields: list[FormField]) -> dict[str, str]:
    """A template's fields: at least one, labelled, of a known kind, choices with two options or more."""
    errors: dict[str, str] = {}
    if not fields:
        errors["fields"] = "Add at least one question."
    if len(fields) > MAX_FIELDS:
        errors["fields"] = f"A form can have at most {MAX_FIELDS} questions."
    for n, f in enumerate(fields, 1):
        if not visible(plain(f.label)):
            errors[f"field{n}"] = f"Question {n} needs a label."
        elif len(f.label) > 200:
            errors[f"field{n}"] = f"Question {n}: the label must be at most 200 characters."
        elif f.kind not in KINDS:
            errors[f"field{n}"] = f"Question {n}: unknown kind {f.kind!r}."
        elif f.kind in CHOICE_KINDS and len([o for o in f.options if visible(plain(o))]) < 2:
            errors[f"field{n}"] = f"Question {n} ({f.label}): give at least two options."
    return errors


def clean_answers(fields: list[FormField], raw: dict[str, object]) -> tuple[list[dict], dict[str, str]]:
    """Checks raw answers against the fields. Returns ([{label, answer}], errors by field key)."""
    answers, errors = [], {}
    for f in fields:
        value = raw.get(f.key)
        shown: str
        if f.kind in ("short_text", "long_text"):
            shown = plain(value, multiline=f.kind == "long_text") if isinstance(value, str) else ""
            if len(shown) > MAX_ANSWER[f.kind]:
                errors[f.key] = f"At most {MAX_ANSWER[f.kind]} characters."
        elif f.kind == "single_choice":
            shown = value if value in f.options else ""
            if value and value not in f.options:
                errors[f.key] = "Choose one of the options."
        elif f.kind == "multiple_choice":
            chosen = [v for v in (value or []) if v in f.options] if isinstance(value, list) else []
            shown = ", ".join(chosen)
        elif f.kind == "checkbox":
            shown = "Yes" if value is True else ("No" if not f.required else "")
        else:  # date
            try:
                shown = _date_text(value)
            except BadDate as exc:
                shown, errors[f.key] = "", str(exc)
        if f.required and not shown and f.key not in errors:
            errors[f.key] = "Please confirm." if f.kind == "checkbox" else "This question is required."
        answers.append({"label": f.label, "answer": shown})
    return answers, errors


def _date_text(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return parse_date(str(value)).isoformat() if value else ""
