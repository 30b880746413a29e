"""Search keys fold case and accents so every spelling finds the client."""

from domain.search import search_key


def test_accents_and_case_fold_away():
    assert search_key("Zoë", "Ødegård") == "zoe odegard"
    assert search_key("JOSÉ", "Álvarez") == "jose alvarez"
    assert search_key("Straße") == "strasse"


def test_missing_parts_are_skipped():
    assert search_key("Mary", None, "", "mary@example.com") == "mary mary@example.com"
