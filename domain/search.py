"""Search keys: casefolded, accents stripped, so "zoe" finds "Zoë" on SQLite and PostgreSQL."""

import unicodedata

from domain.text import plain

SEARCH_KEY = 600  # persons.search_text


def search_key(*parts: str | None) -> str:
    text = plain(" ".join(p for p in parts if p))
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    key = " ".join(stripped.replace("ø", "o").replace("æ", "ae").replace("ß", "ss").split())
    return key[:SEARCH_KEY]  # NFKD can grow a name many times (U+FDFA is 18 letters): cut to the column
