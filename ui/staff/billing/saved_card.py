"""The Billing tab's saved-card line: "Saved card: yes, at Stripe (saved 24 Nov 2026)" and Remove (confirmed).
Hearth holds only the provider's customer id, so there is no card number, brand or expiry to show."""

from nicegui import ui

from domain.billing.online.saved_cards import SavedCard, forget_saved_card
from domain.formats import current
from ui.actions import FAILED, attempt
from ui.components.dialogs import page_dialog
from ui.outcome import page_client, tell
from ui.session import StaffContext


def saved_cards(ctx: StaffContext, cards: list[SavedCard], *, named: bool) -> None:
    """One line per saved card; `named`: a shared profile, whose members each may have one."""
    for card in cards:
        with ui.row().classes("w-full items-center no-wrap gap-2").mark("saved-card"):
            ui.icon("credit_card").classes("text-grey-8")
            whose = f" ({card.person_name})" if named else ""
            when = f" (saved {current().date(card.saved_on)})" if card.saved_on else ""
            ui.label(f"Saved card{whose}: yes, at {card.provider_label}{when}").classes("col").mark("saved-card-line")
            ui.button("Remove", on_click=lambda card=card: _confirm_remove(ctx, card)).props("flat dense no-caps").mark(
                "remove-saved-card"
            )


def _confirm_remove(ctx: StaffContext, card: SavedCard) -> None:
    with page_dialog() as dialog:
        ui.label("Remove the saved card?").classes("text-h6")
        ui.label(f"Hearth stops offering {card.person_name}'s saved card when they pay online.").classes("text-body1")
        if card.provider == "stripe":
            ui.label(
                "The card stays in the clinic's Stripe account until it is removed there (Stripe Dashboard > "
                "Customers)."
            ).classes("text-body2 text-grey-8")

        async def remove() -> None:
            client = page_client()  # the tab is redrawn when the card goes
            said = await attempt(forget_saved_card, ctx.uow(), actor=ctx.actor, person_id=card.person_id)
            if said is not FAILED:
                dialog.close()
                tell(client, said)

        with ui.row().classes("w-full justify-end"):
            ui.button("Cancel", on_click=dialog.close).props("flat no-caps")
            ui.button("Remove", on_click=remove).props("unelevated no-caps color=negative").mark(
                "confirm-remove-saved-card"
            )
    dialog.open()
