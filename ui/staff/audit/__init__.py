"""The Audit log: who changed what, read-only."""

from nicegui import APIRouter

from ui.staff.audit import page

router = APIRouter()  # the section's pages
for _pages in (page,):
    router.include_router(_pages.router)
