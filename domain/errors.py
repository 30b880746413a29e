"""Errors a user can act on. Their messages are shown as they are."""


class DomainError(Exception):
    """A refused request with a message for the person who made it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    """Bad input: `errors` maps form field names to what is wrong with them."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(" ".join(errors.values()))
        self.errors = errors


class NotAllowed(DomainError):
    pass


class NotFound(DomainError):
    pass


class InvalidLink(DomainError):
    """A link from an email that cannot be used (unknown, used, expired, withdrawn)."""


class TooManyAttempts(DomainError):
    def __init__(self, seconds: int) -> None:
        minutes = (seconds + 59) // 60
        wait = f"{seconds} seconds" if seconds < 120 else f"{minutes} minutes"
        super().__init__(f"Too many failed sign-ins for this email. Try again in {wait}.")
        self.seconds = seconds


class SessionEnded(DomainError):
    """The staff session behind an open tab ended (signed out elsewhere, expired, deactivated), or the user's
    role changed since the page was drawn. `signed_out`: go to sign-in; otherwise reload with the new rights."""

    def __init__(self, message: str, *, signed_out: bool) -> None:
        super().__init__(message)
        self.signed_out = signed_out


class PortalSignedOut(DomainError):
    """The Client Portal session behind an open tab ended (signed out elsewhere, expired, or the record it was on
    was archived): the tab goes to the portal's sign-in page."""

    def __init__(self) -> None:
        super().__init__("You were signed out of the Client Portal. Please sign in again.")
