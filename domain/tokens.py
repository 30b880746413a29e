"""Secret tokens in links and cookies: only their digest is stored."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()
