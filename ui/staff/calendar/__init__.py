"""The Calendar: practitioners side by side, drag to book, the new-appointment and appointment panels."""

from nicegui import APIRouter

from ui.staff.calendar import page

router = APIRouter()  # the section's pages
for _pages in (page,):
    router.include_router(_pages.router)
