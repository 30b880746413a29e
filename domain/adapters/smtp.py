"""SMTP settings from SMTP_URL, and sending one message with aiosmtplib."""

from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib

DEFAULT_FROM = "Hearth <hearth@localhost>"


class SmtpUrlError(ValueError):
    pass


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False  # smtps://: TLS from the first byte
    start_tls: bool = False  # smtp://...?starttls=1: upgrade after connecting
    sender: str = DEFAULT_FROM
    timeout: float = 15.0

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    @classmethod
    def from_url(cls, url: str, *, sender: str | None = None) -> "SmtpSettings":
        """smtp://[user:pass@]host[:port][?starttls=1] or smtps://[user:pass@]host[:port]."""
        hint = "write it as smtp://user:password@host:587?starttls=1 or smtps://host:465"
        parts = urlsplit(url.strip())
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise SmtpUrlError(f"SMTP_URL {url!r} is not an SMTP address: {hint}")
        try:
            port = parts.port
        except ValueError:
            raise SmtpUrlError(f"SMTP_URL {url!r} has a bad port: {hint}") from None
        query = parse_qs(parts.query)
        return cls(
            host=parts.hostname,
            port=port or (465 if parts.scheme == "smtps" else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=parts.scheme == "smtps",
            start_tls=query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes"),
            sender=sender or DEFAULT_FROM,
        )


def build_message(
    settings: SmtpSettings,
    *,
    to: str,
    subject: str,
    body: str,
    message_id: int,
    attachment: tuple[str, bytes] | None = None,
    cc: str = "",
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = to
    if cc:  # other members of a shared profile, comma separated
        message["Cc"] = cc
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(idstring=f"hearth-outbox-{message_id}")
    message.set_content(body)
    if attachment:  # (file name, PDF bytes): invoices and statements
        message.add_attachment(attachment[1], maintype="application", subtype="pdf", filename=attachment[0])
    return message


async def send(settings: SmtpSettings, message: EmailMessage) -> None:
    await aiosmtplib.send(
        message,
        hostname=settings.host,
        port=settings.port,
        username=settings.username,
        password=settings.password,
        use_tls=settings.use_tls,
        start_tls=settings.start_tls,
        timeout=settings.timeout,
    )


async def probe(settings: SmtpSettings) -> str | None:
    """None when the SMTP server answers (and accepts the login); else one line saying why not."""
    client = aiosmtplib.SMTP(
        hostname=settings.host,
        port=settings.port,
        use_tls=settings.use_tls,
        start_tls=settings.start_tls,
        timeout=min(settings.timeout, 5.0),
    )
    try:
        await client.connect()
        if settings.username:
            await client.login(settings.username, settings.password or "")
        await client.quit()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None
