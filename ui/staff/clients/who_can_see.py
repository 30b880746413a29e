"""The profile's "Who can see <client>'s information" card: everyone who can see or act on this client's record and
why (relationships and their permissions, the family record's login, shared profiles, the clinic's staff), with
Revoke for what this client granted (staff act at the client's request). The Client Portal shows the client the same
list (My Account > Who can see my information)."""

from nicegui import ui

from domain import topics
from domain.households.who_can_see import Access, revoke, who_can_see
from ui.actions import FAILED, attempt
from ui.components.confirm import confirm
from ui.live import live_box
from ui.outcome import page_client, tell
from ui.session import StaffContext


def who_can_see_card(ctx: StaffContext, person_id: int, first_name: str) -> None:
    """Live: redrawn after every commit on this client or on any relationship."""
    live_box(
        lambda: who_can_see(ctx.uow(read_only=True), actor=ctx.actor, person_id=person_id),
        lambda found: _draw(ctx, person_id, first_name, found),
        topics.person(person_id),
        topics.RELATIONSHIPS,
        topics.SHARED,
        style="max-width: 44rem",
    )


def _draw(ctx: StaffContext, person_id: int, first_name: str, found: list[Access]) -> None:
    with ui.card().classes("w-full").mark("who-can-see"):
        ui.label(f"Who can see {first_name}'s information").classes("text-h6")
        for access in found:
            with ui.row().classes("w-full items-start no-wrap gap-2").mark("access"):
                ui.icon("visibility" if access.person_id else "badge").classes("text-grey-7 q-mt-xs")
                with ui.column().classes("col gap-0"):
                    if access.person_id:
                        ui.link(access.name, f"/clients/{access.person_id}").classes("text-weight-medium").mark(
                            "access-name"
                        )
                    else:
                        ui.label(access.name).classes("text-weight-medium").mark("access-name")
                    ui.label(access.why).classes("text-body2 text-grey-8")
                    ui.label(", ".join(access.can)).classes("text-body2").mark("access-can")
                if access.revocable and access.person_id is not None:
                    button = ui.button(
                        "Revoke", on_click=lambda a=access: _revoke(ctx, person_id, first_name, a)
                    ).props("flat dense no-caps color=negative")
                    button.props["aria-label"] = f"Revoke what {first_name} granted {access.name}"  # a property
                    button.mark(f"revoke-{access.person_id}")


async def _revoke(ctx: StaffContext, person_id: int, first_name: str, access: Access) -> None:
    client = page_client()
    question = f"At {first_name}'s request, {access.name} will no longer be able to:\n" + "\n".join(
        f"• {c}" for c in access.can
    )
    if not await confirm(question, title=f"Revoke what {first_name} granted {access.name}?", yes="Revoke",
                         no="Keep it", client=client):  # fmt: skip
        return
    assert access.person_id is not None
    result = await attempt(revoke, ctx.uow(), actor=ctx.actor, person_id=person_id, other_id=access.person_id,
                           client=client)  # fmt: skip
    if result is not FAILED:
        tell(client, result)
