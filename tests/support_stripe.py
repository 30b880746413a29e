"""A small local stand-in for Stripe's API, and Stripe's webhook signature, so that no test reaches Stripe.

`StripeStandIn` is a stdlib HTTP server on 127.0.0.1 (in a thread) answering what the `stripe` library sends when
the app starts a Checkout Session or refunds: POST /v1/checkout/sessions and POST /v1/refunds, form-encoded as the
library sends them. It records every request (`.requests`, the form flattened: "line_items[0][price_data][currency]")
and can be told to fail the next calls (`.fail(402, ...)`). Point the app at it with
`StripeProvider(KEY, WEBHOOK_SECRET, stand_in.url)` or HEARTH_STRIPE_API_BASE.

`signed(payload, secret)` is a webhook body and its `Stripe-Signature` header, computed as Stripe documents it
(t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the endpoint's secret>); `checkout_event(session, ...)`
is the event Stripe sends about a session the stand-in created (with a new customer "cus_test_…" when the session
was asked to create one, `customer_creation=always`, as for a saved card).
"""

import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

KEY = "sk_test_hearth_stand_in"
WEBHOOK_SECRET = "whsec_hearth_test_secret"


@dataclass
class Sent:
    method: str
    path: str
    form: dict[str, str]
    headers: dict[str, str]


@dataclass
class _Failure:
    status: int
    type: str
    message: str
    code: str | None


@dataclass
class StripeStandIn:
    key: str = KEY
    requests: list[Sent] = field(default_factory=list)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: list[_Failure] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, name="stripe-stand-in", daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> "StripeStandIn":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fail(self, status: int = 500, message: str = "Something went wrong on Stripe's end.", *,
             type: str | None = None, code: str | None = None, times: int = 1) -> None:  # fmt: skip
        """The next `times` calls answer with Stripe's error shape (and Stripe-Should-Retry: false)."""
        kind = type or {400: "invalid_request_error", 401: "authentication_error", 402: "card_error"}.get(
            status, "api_error"
        )
        self.failures.extend(_Failure(status, kind, message, code) for _ in range(times))

    def sent(self, path: str) -> list[Sent]:
        return [r for r in self.requests if r.path == path]

    def answer(self, method: str, path: str, form: dict[str, str], headers: dict[str, str]) -> tuple[int, dict]:
        self.requests.append(Sent(method, path, form, headers))
        if headers.get("authorization") != f"Bearer {self.key}":
            return 401, _error("authentication_error", "Invalid API Key provided.")
        if self.failures:
            failure = self.failures.pop(0)
            return failure.status, _error(failure.type, failure.message, failure.code)
        if (method, path) == ("POST", "/v1/checkout/sessions"):
            return 200, self._session(form)
        if (method, path) == ("POST", "/v1/refunds"):
            return 200, _refund(form)
        return 404, _error("invalid_request_error", f"Unrecognized request URL ({method}: {path}).")

    def _session(self, form: dict[str, str]) -> dict[str, Any]:
        ref = f"cs_test_{secrets.token_hex(12)}"
        item = "line_items[0]"
        session = {
            "id": ref,
            "object": "checkout.session",
            "url": f"https://checkout.stripe.test/c/pay/{ref}",
            "mode": form.get("mode"),
            "amount_total": int(form[f"{item}[price_data][unit_amount]"]) * int(form.get(f"{item}[quantity]", "1")),
            "currency": form[f"{item}[price_data][currency]"],
            "expires_at": int(form["expires_at"]) if "expires_at" in form else int(time.time()) + 86400,
            "success_url": form.get("success_url"),
            "cancel_url": form.get("cancel_url"),
            "customer_email": form.get("customer_email"),
            "customer": form.get("customer"),  # a saved card's customer, passed back to offer its cards
            "customer_creation": form.get("customer_creation", "if_required"),
            "payment_intent": None,
            "payment_status": "unpaid",
            "status": "open",
            "livemode": False,
            "created": int(time.time()),
        }
        self.sessions[ref] = session
        return session


def _refund(form: dict[str, str]) -> dict[str, Any]:
    return {
        "id": f"re_test_{secrets.token_hex(12)}",
        "object": "refund",
        "amount": int(form["amount"]),
        "payment_intent": form.get("payment_intent"),
        "status": "succeeded",
        "created": int(time.time()),
    }


def _error(kind: str, message: str, code: str | None = None) -> dict[str, Any]:
    return {"error": {"type": kind, "message": message, **({"code": code} if code else {})}}


def _handler(stand_in: StripeStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self._reply("POST")

        def do_GET(self) -> None:
            self._reply("GET")

        def _reply(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            path, _, query = self.path.partition("?")
            form = dict(parse_qsl(body or query, keep_blank_values=True))
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, answer = stand_in.answer(method, path, form, headers)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Request-Id", f"req_test_{secrets.token_hex(6)}")
            if status >= 400:
                self.send_header("Stripe-Should-Retry", "false")  # as Stripe says for answers a retry cannot change
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return Handler


def signed(payload: dict[str, Any], secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> tuple[bytes, str]:
    """The webhook body Stripe would send, and its Stripe-Signature header (signed `timestamp`, default now)."""
    body = json.dumps(payload).encode()
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={t},v1={mac}"


def checkout_event(
    session: dict[str, Any], type: str = "checkout.session.completed", *, event_id: str | None = None, **changes: Any
) -> dict[str, Any]:
    """The event Stripe sends about a Checkout Session: completed (paid) by default; `changes` alter the session."""
    paid = type in ("checkout.session.completed", "checkout.session.async_payment_succeeded")
    customer = session.get("customer") or (  # Stripe makes the customer as the session completes
        f"cus_test_{secrets.token_hex(7)}" if session.get("customer_creation") == "always" else None
    )
    values = session | (
        {
            "status": "complete",
            "payment_status": "paid",
            "payment_intent": f"pi_test_{secrets.token_hex(8)}",
            "customer": customer,
        }
        if paid
        else {"status": "expired"}
        if type == "checkout.session.expired"
        else {}
    )
    return {
        "id": event_id or f"evt_test_{secrets.token_hex(12)}",
        "object": "event",
        "api_version": "2025-01-01",
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "type": type,
        "data": {"object": values | changes},
    }
