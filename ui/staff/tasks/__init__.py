"""Tasks: the clinic's task list."""

from nicegui import APIRouter

from ui.staff.tasks import page

router = APIRouter()  # the section's pages
for _pages in (page,):
    router.include_router(_pages.router)
