"""The two pieces every page is built from, on small pages of their own: live_box (a part that follows
commits) and attempt (a button calling a service, whose outcome always reaches the person)."""

import asyncio

import pytest
from nicegui import ui
from nicegui.testing import User

from domain.errors import DomainError, ValidationFailed
from storage.changes import changes
from tests.ui.helpers import eventually
from ui.actions import FAILED, attempt
from ui.live import coalesced, live_box

pytestmark = pytest.mark.nicegui_main_file(None)
TOPIC, OTHER = ("profile", 1), ("profile", 2)


async def test_a_live_box_draws_after_the_page_and_again_after_each_commit_of_its_topic(user: User):
    reads = []

    async def load():
        reads.append(1)
        return len(reads)

    @ui.page("/")
    def page():
        live_box(load, lambda n: ui.label(f"read {n} times"), TOPIC)

    await user.open("/")
    await user.should_see("read 1 times")
    changes.publish(OTHER)
    changes.publish(TOPIC)
    await user.should_see("read 2 times")
    assert len(reads) == 2  # another profile's change does not redraw it


async def test_a_live_box_says_why_it_cannot_show_its_record(user: User):
    async def load():
        raise DomainError("That shared profile no longer exists.")

    @ui.page("/")
    def page():
        live_box(load, lambda _: ui.label("never"), TOPIC)

    await user.open("/")
    await user.should_see("That shared profile no longer exists.")


async def test_what_a_live_box_subscribes_while_drawing_goes_with_each_redraw(user: User):
    async def load():
        return None

    def draw(_):
        live_box(load, lambda __: ui.label("inner"), OTHER)  # e.g. a pack's bar inside the Billing tab

    @ui.page("/")
    def page():
        live_box(load, draw, TOPIC)

    await user.open("/")
    await user.should_see("inner")
    for _ in range(5):
        changes.publish(TOPIC)
        await asyncio.sleep(0.05)
    await eventually(lambda: changes.listener_count(OTHER) == 1)
    assert changes.listener_count(TOPIC) == 1


async def test_one_commit_naming_several_topics_redraws_a_part_once():
    calls = []
    gate = asyncio.Event()

    async def redraw():
        calls.append(1)
        await gate.wait()

    run = coalesced(redraw)
    first = asyncio.ensure_future(run())
    await asyncio.sleep(0)
    await asyncio.gather(run(), run(), run())  # topics 2, 3 and 4 of the same commit, while the first redraws
    gate.set()
    await first
    assert len(calls) == 2  # the one under way, and one more for what came meanwhile


async def test_attempt_tells_success_field_errors_and_refusals(user: User):
    async def service(kind: str):
        if kind == "bad input":
            raise ValidationFailed({"name": "Name is required.", "other": "Something else is wrong."})
        if kind == "refused":
            raise DomainError("Archive the profile instead.")
        return "done"

    @ui.page("/")
    def page():
        name = ui.input("Name").mark("name")
        for kind in ("ok", "bad input", "refused"):
            ui.button(kind, on_click=lambda k=kind: attempt(service, k, fields={"name": name}, success="Saved."))

    await user.open("/")
    user.find("ok").click()
    await user.should_see("Saved.")
    user.find("bad input").click()
    await user.should_see("Something else is wrong.")  # no field for it: a notification
    assert user.find(marker="name").elements.pop().error == "Name is required."
    user.find("refused").click()
    await user.should_see("Archive the profile instead.")


async def test_attempt_tells_the_outcome_when_the_part_that_started_it_was_redrawn_meanwhile(user: User):
    @ui.page("/")
    def page():
        with ui.column() as part:

            async def save():
                part.clear()  # a live update redrew this part while the service was saving
                await asyncio.sleep(0)
                return "saved"

            ui.button("Save", on_click=lambda: attempt(save, success="Payment recorded."))

    await user.open("/")
    user.find("Save").click()
    await user.should_see("Payment recorded.")
    await user.should_not_see("Something went wrong")


async def test_a_refusal_the_page_handles_itself_passes_through(user: User):
    seen = []

    async def service():
        raise DomainError("clash")

    @ui.page("/")
    def page():
        async def save():
            try:
                await attempt(service, passthrough=(DomainError,))
            except DomainError as exc:
                seen.append(exc.message)

        ui.button("Move", on_click=save)

    await user.open("/")
    user.find("Move").click()
    await eventually(lambda: seen == ["clash"])
    assert FAILED not in seen
