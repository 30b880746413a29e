"""The Outbox: every email and SMS the app wrote, and sending them again."""

from nicegui import APIRouter

from ui.staff.outbox import page

router = APIRouter()  # the section's pages
for _pages in (page,):
    router.include_router(_pages.router)
