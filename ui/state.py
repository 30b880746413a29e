"""What the running app holds: set once at start-up by ui/main.py."""

from dataclasses import dataclass, field
from typing import Any

from ui.config import Config


@dataclass
class AppState:
    config: Config | None = None
    db: Any = None  # storage.engine.Database, opened at start-up
    smtp: Any = None  # domain.adapters.smtp.SmtpSettings, or None: emails stay in the outbox
    sms: Any = None  # domain.adapters.sms.SmsGateway, or None: SMS stay in the outbox
    sender: Any = None  # domain.messaging.sender.OutboxSender while SMTP or SMS is on
    reminders: Any = None  # domain.scheduling.reminders.ReminderScheduler
    # Payment providers by name ("stripe", "sandbox"): each one that is set up (refunds go back through the one
    # that took the money); `payment_provider`: the one new checkouts use (Stripe when set up), or None.
    payments: dict = field(default_factory=dict)
    payment_provider: Any = None


state = AppState()


def uow(*, read_only: bool = False):
    """A fresh unit of work for one service call."""
    return state.db.uow(read_only=read_only)
