"""Payment settings from the environment: Stripe's key alone is refused (payments would be taken and never
recorded); the sandbox is on only in the demo unless asked for."""

import pytest

from ui.config import ConfigError, load_config


def test_a_stripe_key_without_its_webhook_secret_stops_the_start(monkeypatch, tmp_path):
    monkeypatch.setenv("HEARTH_STRIPE_SECRET_KEY", "sk_test_x")
    monkeypatch.delenv("HEARTH_STRIPE_WEBHOOK_SECRET", raising=False)
    with pytest.raises(ConfigError, match="HEARTH_STRIPE_WEBHOOK_SECRET"):
        load_config(tmp_path, "sqlite+aiosqlite:///x.db")
    monkeypatch.setenv("HEARTH_STRIPE_WEBHOOK_SECRET", "whsec_x")
    assert load_config(tmp_path, "sqlite+aiosqlite:///x.db").stripe_secret_key == "sk_test_x"


def test_the_sandbox_follows_the_demo_unless_set(monkeypatch, tmp_path):
    monkeypatch.delenv("HEARTH_STRIPE_SECRET_KEY", raising=False)
    monkeypatch.delenv("HEARTH_PAYMENT_SANDBOX", raising=False)
    monkeypatch.setenv("HEARTH_DEMO", "0")
    assert load_config(tmp_path, "sqlite+aiosqlite:///x.db").payment_sandbox is False
    monkeypatch.setenv("HEARTH_DEMO", "1")
    assert load_config(tmp_path, "sqlite+aiosqlite:///x.db").payment_sandbox is True
    monkeypatch.setenv("HEARTH_PAYMENT_SANDBOX", "0")
    assert load_config(tmp_path, "sqlite+aiosqlite:///x.db").payment_sandbox is False
