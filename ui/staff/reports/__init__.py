"""Reports: appointments and revenue per classification."""

from nicegui import APIRouter

from ui.staff.reports import page

router = APIRouter()  # the section's pages
for _pages in (page,):
    router.include_router(_pages.router)
