"""What a client answered on forms, as staff see it."""

from nicegui import ui

from domain.formats import current
from domain.records.form_answers import FormResponseView

SOURCES = {"public": "public form", "request": "sent by the clinic"}


def responses_list(responses: list[FormResponseView], *, open_first: bool = False) -> None:
    for n, response in enumerate(responses):
        source = SOURCES.get(response.source, response.source)
        title = f"{response.name} · {current().date(response.submitted_at)} · {source}"
        with (
            ui.expansion(title, icon="fact_check", value=open_first and n == 0)
            .classes("w-full bg-grey-1 rounded-borders")
            .mark("response")
        ):
            for item in response.answers:
                ui.label(item["label"]).classes("text-caption text-grey-7")
                ui.label(item["answer"] or "—").classes("q-mb-sm whitespace-pre-wrap")
