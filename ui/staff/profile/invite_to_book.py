"""Invite to Book on a client's profile (stub: built next)."""

from nicegui import ui

from ui.session import StaffContext


def invite_to_book_section(ctx: StaffContext, person_id: int) -> None:
    """Draws the Invite to Book card for one client (send / withdraw, and the link's state)."""
    ui.label("Invite to Book")
