"""SMS through a configurable HTTP gateway: HEARTH_SMS_URL receives a JSON POST {"to", "body", "from"}
(bearer token HEARTH_SMS_TOKEN if set). Any 2xx answer means accepted. Without a gateway, SMS stay in the
Outbox, queued."""

from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx


class SmsUrlError(ValueError):
    pass


@dataclass(frozen=True)
class SmsGateway:
    url: str
    token: str | None = None
    sender: str = "Hearth"
    timeout: float = 15.0

    @classmethod
    def from_url(cls, url: str, *, token: str | None = None, sender: str = "Hearth") -> "SmsGateway":
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SmsUrlError(
                f"HEARTH_SMS_URL={url!r}: use the gateway's http(s) address, e.g. https://sms.example.com/send"
            )
        return cls(url, token or None, sender)

    @property
    def where(self) -> str:
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc}"

    async def send(self, *, to: str, body: str) -> None:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        async with httpx.AsyncClient(timeout=self.timeout) as client:
            answer = await client.post(self.url, json={"to": to, "body": body, "from": self.sender}, headers=headers)
        if not answer.is_success:
            raise RuntimeError(f"the SMS gateway answered {answer.status_code}: {answer.text[:200]}")
