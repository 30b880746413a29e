"""Stripe's webhook: POST /webhooks/stripe. No staff session and no CSRF token: the signature is the
authentication (checked by the provider with the library's 300-second tolerance). Each event is handled once.

Answers: 200 when handled (also for an event we do not use, and for a payment refused because its amount differs
from the checkout: retrying cannot change that, and the refusal is audited); 400 when the signature does not
verify; 404 when Stripe is not set up on this server; 500 when something else failed (Stripe retries later).
"""

import logging

from fastapi import Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from nicegui import APIRouter

from domain.billing.online.checkout import complete_checkout
from domain.billing.online.provider import BadEvent
from domain.errors import NotAllowed
from ui.state import state, uow

log = logging.getLogger("hearth.payments")
router = APIRouter()

MAX_BODY = 1_000_000  # Stripe's events are a few kilobytes


@router.post("/webhooks/stripe", include_in_schema=False)
async def stripe_webhook(request: Request) -> Response:
    provider = state.payments.get("stripe")
    if provider is None:
        return PlainTextResponse("Stripe is not set up on this server.", status_code=404)
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return PlainTextResponse("This is too large to be a Stripe event.", status_code=413)
    try:
        event = provider.read_event(body, request.headers.get("stripe-signature", ""))
    except BadEvent as exc:
        log.warning("Stripe webhook refused: %s", exc)
        return PlainTextResponse(str(exc), status_code=400)
    try:
        said = await complete_checkout(uow(), provider=provider, event=event)
    except NotAllowed as exc:  # audited in the domain; Stripe must not retry it forever
        log.warning("Stripe event %s not recorded: %s", event.event_id, exc)
        return JSONResponse({"ok": False, "said": str(exc)})
    except Exception:
        log.exception("Stripe event %s failed; Stripe will send it again", event.event_id)
        return JSONResponse({"ok": False, "said": "Not handled; send it again later."}, status_code=500)
    log.info("Stripe event %s (%s): %s", event.event_id, event.kind, said)
    return JSONResponse({"ok": True, "said": said})
