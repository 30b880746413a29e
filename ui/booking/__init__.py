"""The public Bookings Page (/book, /book/invite/{token}, /book/packages, /book/paid/{token}): no login, phone-first."""

from nicegui import APIRouter

from ui.booking import packages, page, paid

router = APIRouter()  # the section's pages
for _pages in (page, packages, paid):
    router.include_router(_pages.router)
