"""The page's language follows the clinic's locale: `<html lang="de-DE">` and Quasar's language pack (its date
picker's month and weekday names, its labels).

NiceGUI writes one language into both (`app.config.language`, read when a page is answered), and Quasar has packs
for languages rather than every region ("en-GB" serves en-AU). So the pack is set per request from the clinic's
formats, Quasar is told not to write its pack's name onto <html>, and the page's <html lang> is rewritten to the
clinic's own tag. A change in Setup applies to the next page opened: no restart.
"""

from nicegui import app
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from domain.formats import current

app.config.quasar_config.setdefault("lang", {})["noHtmlAttrs"] = True


class PageLanguage:
    """A plain ASGI middleware: sets Quasar's pack before the page is built and rewrites the page's <html lang>."""

    def __init__(self, inner: ASGIApp) -> None:
        self.app = inner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        formats = current()
        app.config.language = formats.quasar_language  # type: ignore[assignment]
        start: Message | None = None

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if headers.get(b"content-type", b"").startswith(b"text/html"):
                    start = message  # held until the body shows whether it is a whole page
                    return
                await send(message)
                return
            if start is not None and message["type"] == "http.response.body":
                body: bytes = message.get("body", b"")
                if not message.get("more_body", False):
                    old = f'<html lang="{current().quasar_language}"'.encode()
                    body = body.replace(old, f'<html lang="{current().locale}"'.encode(), 1)
                    message = {**message, "body": body}
                    start["headers"] = [
                        (k, str(len(body)).encode() if k.lower() == b"content-length" else v)
                        for k, v in start["headers"]
                    ]
                await send(start)
                start = None
            await send(message)

        await self.app(scope, receive, rewrite)
