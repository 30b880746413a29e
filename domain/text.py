"""One rule for text a person typed, applied at the domain's edge to every text field, anonymous forms included.

NFC normalisation (so "é" typed two ways is one "é"); NUL, lone surrogates (a browser can send them; no database
can store them), control characters, ANSI escape sequences and the bidirectional overrides that disguise text
are removed; zero-width joiners and non-joiners stay (Persian and Indic names need them). A name must have at
least one visible character: one made only of zero-width, control or blank characters is refused.
"""

import re
import unicodedata

# ESC [ … final byte (colours, cursor moves), ESC ] … BEL or ESC \ (titles, links), or ESC and one byte.
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-_])")
# Bidirectional embeddings, overrides and isolates, and the byte-order mark: invisible, and they reorder text.
HIDDEN = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def _kept(ch: str, multiline: bool) -> bool:
    category = unicodedata.category(ch)
    if category == "Cc":
        return multiline and ch in "\n\t"
    if category == "Cs":  # a lone surrogate
        return False
    return ch not in HIDDEN


def plain(value: str | None, *, multiline: bool = False) -> str:
    """The text with what cannot be stored or shown removed. One line: runs of white space become one space.
    Several lines (notes, messages): line breaks become \\n, the whole is trimmed."""
    text = ANSI.sub("", value or "")
    if multiline:
        text = LINE_BREAKS.sub("\n", text)
    text = unicodedata.normalize("NFC", "".join(ch for ch in text if _kept(ch, multiline)))
    return text.strip() if multiline else " ".join(text.split())


def visible(text: str) -> bool:
    """Whether the text shows anything: a letter, digit, punctuation or symbol (not only marks or spaces)."""
    return any(unicodedata.category(ch)[0] in "LNPS" for ch in text)
