"""Prospective clients: green in the list, filtered, Review & Add, dismiss."""

from nicegui.testing import User

from tests.ui.helpers import PATIENCE, rows_of, sign_in


async def show_prospects(user: User) -> None:
    await sign_in(user)
    user.find(marker="filter").elements.pop().value = "prospective"
    await user.should_see("1–4 of 4")  # two public form visitors, two who requested a booking


async def test_prospects_filter_lists_the_public_form_visitors(user: User):
    await show_prospects(user)
    rows = rows_of(user)
    assert {"Priyanka Das", "Jordan Reyes"} <= {r["name"] for r in rows}
    assert all(r["prospect"] and r["status"] == "Prospective" for r in rows)  # drawn in green


async def test_review_and_add_makes_the_prospect_active(user: User):
    await show_prospects(user)
    jordan = next(r for r in rows_of(user) if r["name"] == "Jordan Reyes")
    await user.open(f"/clients/{jordan['id']}/review")
    await user.should_see("What they submitted")
    await user.should_see("Recurring lower back pain after a running injury.")
    user.find(marker="tags").elements.pop().value = ["Sports"]
    user.find(marker="review-add").click()
    await user.should_see("Jordan Reyes is now an active client.", retries=PATIENCE)
    await user.should_see(marker="archive", retries=PATIENCE)  # the profile page, not the review page
    assert user.find(marker="client-status").elements.pop().text == "Active"
    await user.open("/people")
    assert "Jordan Reyes" in [r["name"] for r in rows_of(user) if not r["prospect"]]


async def test_dismiss_removes_the_prospect(user: User):
    await show_prospects(user)
    priyanka = next(r for r in rows_of(user) if r["name"] == "Priyanka Das")
    await user.open(f"/clients/{priyanka['id']}/review")
    user.find(marker="dismiss").click()
    await user.should_see("Priyanka Das was dismissed.", retries=PATIENCE)
    await user.should_see(marker="filter", retries=PATIENCE)
    user.find(marker="filter").elements.pop().value = "prospective"
    await user.should_see("1–3 of 3")
