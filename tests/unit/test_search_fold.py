"""The search key folds every script to the same plain letters, for what is stored and for what is typed."""

import importlib.util

import pytest

from domain.search import SEARCH_KEY, search_key
from storage.migrate import MIGRATIONS


@pytest.mark.parametrize(
    "typed, name",
    [
        ("lukasz", "Łukasz Nowak"),
        ("dorde", "Đorđe Petrović"),
        ("zoe", "Zoë Ødegård"),
        ("sondergaard", "Mette Søndergaard"),
        ("strasse", "Heinz Straße"),
        ("straße", "Heinz Strasse"),
        ("olga", "Ольга Петрова"),
        ("natalya", "Наталья Блинова"),
        ("alexandros", "Αλέξανδρος Παπαδόπουλος"),
        ("山田", "山田 太郎"),
        ("yamada", "やまだ はなこ"),
        ("obrien", "Siobhán O’Brien"),
        ("o'brien", "Siobhán O’Brien"),
        ("thor", "Þór Guðmundsson"),
        ("nguyen", "Nguyễn Văn An"),
        ("dvorak", "Antonín Dvořák"),
        ("istanbul", "İSTANBUL"),
    ],
)
def test_typed_in_plain_letters_finds_the_name_as_written(typed, name):
    assert all(word in search_key(name) for word in search_key(typed).split())


def test_every_script_folds_to_plain_lower_case_letters():
    assert search_key("Łukasz", "Đorđe", "Zoë", "Søndergaard") == "lukasz dorde zoe sondergaard"
    assert search_key("Ольга") == "olga"  # anyascii writes the soft sign as an apostrophe: dropped
    assert search_key("山田") == "shantian"  # romanised (Chinese readings): a typed 山田 folds the same
    assert search_key("  Mary\t SMITH ", None, "Mary@Example.com") == "mary smith mary@example.com"


def test_what_cannot_be_shown_is_removed_first():
    assert search_key("\x1b[31mZoë\u202e", "Ø\x00degård") == "zoe odegard"


def test_a_key_that_grows_is_cut_to_the_column_without_a_trailing_space():
    key = search_key("\ufdfa" * 80, "ß" * 80)
    assert len(key) <= SEARCH_KEY and key == key.strip()


@pytest.mark.parametrize(
    "parts",
    [
        ("Łukasz", "Nowak", "l@example.com", "0412 345 678"),
        ("Ольга", "Петрова", None, None),
        ("太郎", "山田", "", "+81 3 1234 5678"),
        ("\x1b[31mZoë\u202e", "Ø\x00de\ud800gård", None, "04\t12"),
        ("\ufdfa" * 80, "ß" * 80, None, None),
        ("Siobhán", "O’Brien-Ní Bhriain", "o'brien@example.com", None),
    ],
)
def test_migration_0010_folds_exactly_as_the_search_does(parts):
    """The migration holds a frozen copy of the fold (storage does not import the domain): today they agree."""
    spec = importlib.util.spec_from_file_location("m0010", MIGRATIONS / "versions" / "0010_search_fold.py")
    assert spec and spec.loader
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.search_key(*parts) == search_key(*parts)
