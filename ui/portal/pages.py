"""Every Client Portal page, as one router for ui/main.py."""

from nicegui import APIRouter

from ui.portal import forms, home, sign_in

router = APIRouter()  # the section's pages
for _pages in (sign_in, home, forms):
    router.include_router(_pages.router)
