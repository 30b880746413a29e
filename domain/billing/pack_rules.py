"""Session pack rules (pure): how much an appointment uses, what is left, and when a pack is refused."""

from dataclasses import dataclass
from datetime import date

from domain.billing.money import label
from domain.formats import current

METRIC_LABELS = {"sessions": "Number of sessions", "hours": "Hours", "money": "Money"}
SIZE_LABELS = {"sessions": "Size (sessions)", "hours": "Size (hours)", "money": "Size (amount)"}


@dataclass(frozen=True)
class PackState:
    name: str
    metric: str  # sessions | hours | money
    size: int  # sessions, minutes, or cents
    used: int
    expires_on: date | None = None
    closed: bool = False

    @property
    def left(self) -> int:
        return self.size - self.used

    @property
    def fraction_used(self) -> float:
        return min(self.used / self.size, 1.0) if self.size else 1.0


def amount_for(metric: str, *, minutes: int, price_cents: int) -> int:
    """What one appointment takes from a pack: one session, its minutes, or its price."""
    return {"sessions": 1, "hours": minutes, "money": price_cents}[metric]


def describe_size(metric: str, amount: int) -> str:
    if metric == "sessions":
        return f"{amount} session{'s' if amount != 1 else ''}"
    if metric == "hours":
        hours = amount / 60
        return f"{hours:g} hour{'s' if hours != 1 else ''}"
    return label(amount)


def use_label(metric: str, *, sequence: int, used_after: int, size: int) -> str:
    """What the invoice line and the appointment panel say: 'Session 3 of 10', or what is left."""
    if metric == "sessions":
        return f"Session {sequence} of {size}"
    return f"{describe_size(metric, size - used_after)} left of {describe_size(metric, size)}"


def progress_label(pack: PackState) -> str:
    if pack.metric == "sessions":
        text = f"{pack.used} of {pack.size} sessions used"
    else:
        text = f"{describe_size(pack.metric, pack.used)} of {describe_size(pack.metric, pack.size)} used"
    return text + (f", expires {current().date(pack.expires_on)}" if pack.expires_on else "")


def refusal(pack: PackState, amount: int, on: date) -> str | None:
    """Why this pack cannot pay for an appointment on `on` (None: it can)."""
    if pack.closed:
        return f"{pack.name} is closed."
    if pack.expires_on is not None and on > pack.expires_on:
        return f"{pack.name} expired on {current().date(pack.expires_on)}."
    if pack.left <= 0:
        return f"{pack.name} is used up ({progress_label(pack)})."
    if amount > pack.left:
        return (
            f"{pack.name} has only {describe_size(pack.metric, pack.left)} left; this appointment needs "
            f"{describe_size(pack.metric, amount)}."
        )
    return None
