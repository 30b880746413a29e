"""The public Bookings Page (/book, /book/invite/{token}): no login, phone-first."""

from nicegui import APIRouter

from ui.booking import page

router = APIRouter()  # the section's pages
for _pages in (page,):
    router.include_router(_pages.router)
