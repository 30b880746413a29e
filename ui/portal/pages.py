"""Every Client Portal page, as one router for ui/main.py."""

from nicegui import APIRouter

from ui.portal import (
    appointments,
    book,
    calendar_subscription,
    documents,
    family_members,
    forms,
    history,
    home,
    invoices,
    register,
    sign_in,
    switch,
    task_link,
    tasks,
    who_can_see,
)

router = APIRouter()  # the section's pages
for _pages in (sign_in, home, switch, forms, documents, book, appointments, invoices, tasks, task_link, register,
               family_members, who_can_see, calendar_subscription, history):  # fmt: skip
    router.include_router(_pages.router)
