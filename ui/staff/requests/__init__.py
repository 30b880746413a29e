"""Requests: booking requests from the Bookings Page, to Confirm or Decline."""

from nicegui import APIRouter

from ui.staff.requests import page

router = APIRouter()  # the section's pages
for _pages in (page,):
    router.include_router(_pages.router)
