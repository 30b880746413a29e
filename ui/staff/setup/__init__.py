"""Setup: clinic, staff users, working hours, services, calendar, session packs, forms, classifications."""

from nicegui import APIRouter

from ui.staff.setup import page

router = APIRouter()  # the section's pages
for _pages in (page,):
    router.include_router(_pages.router)
