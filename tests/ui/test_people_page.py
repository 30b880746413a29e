"""People: the demo clients, search as you type, paging."""

from nicegui.testing import User

from tests.ui.helpers import rows_of, sign_in


async def test_search_finds_a_client_whatever_the_accents(user: User):
    await sign_in(user)
    user.find(marker="search").type("zoe ode")
    await user.should_see("1–1 of 1")
    assert [r["name"] for r in rows_of(user)] == ["Zoë Ødegård"]


async def test_search_with_no_match_says_so(user: User):
    await sign_in(user)
    user.find(marker="search").type("nobody-at-all")
    await user.should_see("No client matches “nobody-at-all”.")


async def test_next_page_shows_the_rest(user: User):
    await sign_in(user)
    await user.should_see("1–25 of 34")
    user.find(marker="next-page").click()
    await user.should_see("26–34 of 34")
    assert len(rows_of(user)) == 9
