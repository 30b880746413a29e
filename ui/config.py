"""Settings from the environment, checked before anything starts."""

import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path


class ConfigError(ValueError):
    """A setting that cannot work; its message is the one line printed at start."""


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}={value!r}: use 1 or 0")


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: str
    demo: bool
    host: str
    port: int
    smtp_url: str | None
    smtp_from: str | None
    sms_url: str | None
    sms_token: str | None
    storage_secret: str
    public_url: str
    stripe_secret_key: str | None = None  # HEARTH_STRIPE_SECRET_KEY: online payments through Stripe
    stripe_webhook_secret: str | None = None  # HEARTH_STRIPE_WEBHOOK_SECRET: verifies Stripe's webhooks
    stripe_api_base: str | None = None  # HEARTH_STRIPE_API_BASE: another address for Stripe's API (tests)
    payment_sandbox: bool = False  # HEARTH_PAYMENT_SANDBOX (default: on in the demo): test cards, no real money

    @property
    def database_label(self) -> str:
        if self.database_url.startswith("sqlite"):
            return f"SQLite at {self.database_url.split(':///', 1)[1]}"
        return "PostgreSQL at " + self.database_url.split("@")[-1]


def _storage_secret(data_dir: Path) -> str:
    """Stable across restarts, so sign-ins survive them: from the env, else kept in the data folder."""
    if os.environ.get("HEARTH_STORAGE_SECRET"):
        return os.environ["HEARTH_STORAGE_SECRET"]
    path = data_dir / "storage_secret"
    try:
        if not path.exists():
            path.write_text(secrets.token_urlsafe(32))
            path.chmod(0o600)
        return path.read_text().strip()
    except OSError as exc:
        raise ConfigError(
            f"cannot keep the storage secret in {path}: {exc.strerror}. "
            "Make HEARTH_DATA_DIR writable by this user, or set HEARTH_STORAGE_SECRET."
        ) from None


def check_port(host: str, port: int) -> None:
    """Before anything is touched: the port must be free, or the server would fail after migrating and seeding."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ConfigError(
                f"cannot listen on {host}:{port}: {exc.strerror}. Stop the program using it, or set HEARTH_PORT."
            ) from None


def check_sqlite_folder(database_url: str) -> None:
    """A SQLite file in a folder that does not exist: say which folder, before anything is written."""
    if database_url.startswith("sqlite") and ":///" in database_url:
        path = Path(database_url.split(":///", 1)[1].split("?", 1)[0])
        if str(path) not in ("", ":memory:") and not path.parent.is_dir():
            raise ConfigError(f"the folder {path.parent} for the SQLite database does not exist: create it first.")


def listen_address() -> tuple[str, int]:
    port_text = os.environ.get("HEARTH_PORT", "8080")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"HEARTH_PORT={port_text!r}: use a port number such as 8080")
    return os.environ.get("HEARTH_HOST", "0.0.0.0"), int(port_text)


def _stripe_key() -> str | None:
    """Stripe's key needs the webhook secret with it: without it every payment would be taken and never recorded."""
    key = os.environ.get("HEARTH_STRIPE_SECRET_KEY") or None
    if key and not os.environ.get("HEARTH_STRIPE_WEBHOOK_SECRET"):
        raise ConfigError(
            "HEARTH_STRIPE_SECRET_KEY is set without HEARTH_STRIPE_WEBHOOK_SECRET: payments would be taken but never "
            "recorded. Add the webhook's signing secret (Stripe dashboard > Webhooks), or unset the key."
        )
    return key


def load_config(data_dir: Path, url: str) -> Config:
    """The settings from the environment; `data_dir` and the database `url` come from storage.config (the caller,
    ui/main.py, is the one place the UI meets storage's set-up)."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"HEARTH_DATA_DIR {data_dir} cannot be created: {exc.strerror}") from None
    if not os.access(data_dir, os.W_OK | os.X_OK):
        raise ConfigError(f"HEARTH_DATA_DIR {data_dir} is not writable by this user: choose another folder.")
    host, port = listen_address()
    port_text = str(port)
    return Config(
        data_dir=data_dir,
        database_url=url,
        demo=_flag("HEARTH_DEMO", True),
        host=host,
        port=int(port_text),
        smtp_url=os.environ.get("SMTP_URL") or None,
        smtp_from=os.environ.get("SMTP_FROM") or None,
        sms_url=os.environ.get("HEARTH_SMS_URL") or None,
        sms_token=os.environ.get("HEARTH_SMS_TOKEN") or None,
        storage_secret=_storage_secret(data_dir),
        public_url=os.environ.get("HEARTH_PUBLIC_URL", f"http://localhost:{port_text}"),
        stripe_secret_key=_stripe_key(),
        stripe_webhook_secret=os.environ.get("HEARTH_STRIPE_WEBHOOK_SECRET") or None,
        stripe_api_base=os.environ.get("HEARTH_STRIPE_API_BASE") or None,
        payment_sandbox=_flag("HEARTH_PAYMENT_SANDBOX", _flag("HEARTH_DEMO", True)),
    )
