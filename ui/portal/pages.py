"""Every Client Portal page, as one router for ui/main.py."""

from nicegui import APIRouter

from ui.portal import appointments, book, documents, forms, home, invoices, register, sign_in, switch, task_link, tasks

router = APIRouter()  # the section's pages
for _pages in (sign_in, home, switch, forms, documents, book, appointments, invoices, tasks, task_link, register):
    router.include_router(_pages.router)
