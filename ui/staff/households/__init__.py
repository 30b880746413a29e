"""People > Shared: shared profiles (couples, families), their members and the shared profile page."""

from nicegui import APIRouter

from ui.staff.households import list_page, shared_page

router = APIRouter()  # the section's pages
for _pages in (list_page, shared_page):
    router.include_router(_pages.router)
