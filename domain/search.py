"""Search keys: every script folded to the same plain letters, so "lukasz" finds "Łukasz", "olga" finds "Ольга" and
"zoe" finds "Zoë", alike on SQLite and PostgreSQL.

One function folds both what is stored (persons.search_text) and what is typed, in Python, so both databases
compare the same ASCII text with LIKE and neither needs its own folding (PostgreSQL's `unaccent` folds otherwise
than this, and cannot be indexed): casefold ("Straße" → "strasse"), anyascii (Latin letters lose their marks and
"Ł", "Đ", "Ø", "Þ" become "L", "D", "O", "Th"; Cyrillic, Greek, Arabic, Hebrew, Indic scripts… are transliterated;
Chinese, Japanese and Korean are romanised: "山田" → "shantian", which a typed "山田" folds to as well), lower case,
apostrophes dropped (anyascii writes the soft sign as one: "Ольга" → "ol'ga"; and "obrien" then finds "O'Brien"),
runs of white space made one space. Migration 0010 holds a frozen copy of this fold to refold stored rows: change
one, and a new migration refolds with the new one.
"""

from anyascii import anyascii

from domain.text import plain

SEARCH_KEY = 600  # persons.search_text
DROPPED = str.maketrans("", "", "'`")  # in-word marks of transliteration (soft sign, ayin), and apostrophes


def search_key(*parts: str | None) -> str:
    text = plain(" ".join(p for p in parts if p))
    folded = anyascii(text.casefold()).lower().translate(DROPPED)
    return " ".join(folded.split())[:SEARCH_KEY].rstrip()  # one letter can become many ("ﷺ" is 30): cut to the column
