"""Public payment pages: Pay now (/pay/<token>), the sandbox provider's page, and the Stripe webhook."""

from nicegui import APIRouter

from ui.payments import pages, webhooks

router = APIRouter()  # the section's pages
for _pages in (pages, webhooks):
    router.include_router(_pages.router)
