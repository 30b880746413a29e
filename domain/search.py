"""Search keys: casefolded, accents stripped, so "zoe" finds "Zoë" on SQLite and PostgreSQL."""

import unicodedata

from domain.text import plain


def search_key(*parts: str | None) -> str:
    text = plain(" ".join(p for p in parts if p))
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.replace("ø", "o").replace("æ", "ae").replace("ß", "ss").split())
