"""The one rule for typed text (domain/text.py): what cannot be stored or shown goes, names must show something."""

import pytest

from domain.text import plain, visible
from domain.validation import Errors, clean_note, clean_text


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("a\x00b", "ab"),  # NUL
        ("Mary\ud800", "Mary"),  # a lone surrogate a browser can send
        ("\x1b[31mRed\x1b[0m Smith", "Red Smith"),  # ANSI colours
        ("\x1b]0;title\x07Ann", "Ann"),  # an ANSI title sequence
        ("Ann\u202eeve", "Anneve"),  # a right-to-left override that disguises text
        ("\ufeffAnn", "Ann"),
        ("  Mary \t  Smith  \r\n", "Mary Smith"),
        ("Zoe\u0308", "Zoë"),  # NFC: one "ë" whichever way it was typed
        (
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        ),  # ZWNJ
        ("\u0915\u094d\u200d\u0937", "\u0915\u094d\u200d\u0937"),  # ZWJ in Devanagari stays
    ],
)
def test_one_line_text_keeps_what_a_person_meant(typed, kept):
    assert plain(typed) == kept


def test_notes_keep_their_lines_and_tabs_but_lose_the_rest():
    assert (
        plain("First line\r\nsecond\x00 line\n\tindented\x07", multiline=True) == "First line\nsecond line\n\tindented"
    )


@pytest.mark.parametrize("typed", ["\u200b\u200b", "\x00\x01\x02", "\x1b[2J", "\u200d", "   ", "\u0301\u0301"])
def test_a_name_with_nothing_visible_is_refused_at_its_field(typed):
    errors = Errors()
    assert clean_text(errors, "first_name", "First name", typed, max_length=80) == ""
    assert errors["first_name"] in (
        "First name is required.",
        "First name has no visible characters: type letters or digits.",
    )
    assert not visible(plain(typed))


def test_an_optional_note_of_only_invisible_characters_is_empty():
    assert clean_note("\u200b\n\x00") == ""
    assert clean_note("Fine\u200b") == "Fine\u200b"
