"""Public payment pages: Pay now (/pay/<token>), the sandbox provider's page, and the Stripe webhook."""

from nicegui import APIRouter

from ui.payments import pages

router = APIRouter()  # the section's pages
for _pages in (pages,):
    router.include_router(_pages.router)
