"""People > Clients: the client list, Add Client, a client's profile page, Review & Add for prospects."""

from nicegui import APIRouter

from ui.staff.clients import add_page, client_page, people_page, review_page

router = APIRouter()  # the section's pages
for _pages in (people_page, add_page, client_page, review_page):
    router.include_router(_pages.router)
