"""Session packs bought on the Bookings Page (issue 17, item 3): a template sold online, bought through the sandbox;
the pack opens on payment only, on an invoice issued and paid; the buyer is a new Prospective Client whose
possible matches are recorded, never linked."""

import pytest
from sqlalchemy import select

from domain.billing.invoice_views import invoice_view
from domain.billing.online.checkout import complete_checkout
from domain.billing.online.pack_sales import (
    PackBuyer,
    list_packs_for_sale,
    read_pack_purchase,
    retry_pack_purchase,
    start_pack_purchase,
)
from domain.billing.online.provider import ProviderEvent
from domain.billing.online.sandbox import PAID, SandboxProvider, pay_sandbox_checkout
from domain.billing.pack_templates import list_pack_templates, save_pack_template, set_pack_sold_online
from domain.clinic.settings import update_clinic
from domain.errors import InvalidLink, NotAllowed, ValidationFailed
from domain.scheduling.online.requests import TooManyRequests
from storage.billing import InvoiceRow, PaymentRow, RefundRow
from storage.clients import PersonRow
from storage.online_payments import CheckoutRow
from storage.packs import PackRow
from tests.integration.helpers import OWNER, URL, audit_entries, outbox, ready_clinic, ten_session_pack

SANDBOX = SandboxProvider(URL)
VERA = PackBuyer("Vera", "Visitor", "vera@example.com", "0412 000 111", "1990-05-06")


async def rows(db, model):
    async with db.uow() as uow:
        return list((await uow.session.execute(select(model).order_by(model.id))).scalars())


async def emails_to_vera(db):
    return [m for m in await outbox(db) if m.to_address == VERA.email]


async def sold_pack(db, **changes):
    c = await ready_clinic(db)
    template = await ten_session_pack(db, c, **changes)  # $1,200.00 and the clinic's 10 % tax: $1,320.00
    await set_pack_sold_online(db.uow(), actor=OWNER, template_id=template.id, sold_online=True)
    return c, template


async def buy(db, template_id: int, contact: PackBuyer = VERA, ip: str = "203.0.113.5") -> tuple[str, str]:
    """Starts a purchase; returns the sandbox page's ref and the return link's token."""
    url = await start_pack_purchase(
        db.uow(), template_id=template_id, contact=contact, provider=SANDBOX, public_url=URL, ip=ip
    )
    checkout = (await rows(db, CheckoutRow))[-1]
    assert url == f"{URL}/pay/sandbox/{checkout.provider_ref}"
    return checkout.provider_ref, checkout.return_url.rsplit("/", 1)[-1]


async def pay(db, ref: str) -> str:
    return await pay_sandbox_checkout(db.uow(), provider=SANDBOX, ref=ref, card_number=PAID, ip=None)


async def test_a_visitor_buys_a_pack_which_opens_on_payment_only(db):
    _, template = await sold_pack(db)
    [offer] = await list_packs_for_sale(db.uow())
    assert (offer.name, offer.size_label, offer.price_label) == ("10-session pack", "10 sessions", "$1,320.00")
    assert (offer.tax_label, offer.expiry_label) == ("includes $120.00 tax", "Valid for 180 days from purchase")
    assert offer.covers_label == "For Initial consultation"

    ref, token = await buy(db, template.id)
    [checkout] = await rows(db, CheckoutRow)
    assert (checkout.purpose, checkout.template_id, checkout.amount_cents, checkout.state) == (
        "pack",
        template.id,
        132000,
        "open",
    )
    buyer = (await rows(db, PersonRow))[-1]
    assert (buyer.first_name, buyer.status, buyer.source) == ("Vera", "prospective", "pack_purchase")
    assert checkout.person_id == buyer.id
    assert await rows(db, PackRow) == []  # nothing opens before the money comes
    assert (await read_pack_purchase(db.uow(), token=token)).state == "open"

    said = await pay(db, ref)
    assert said.startswith("Payment received. Your 10-session pack is ready: 10 sessions, until ")
    [pack] = await rows(db, PackRow)
    assert (pack.profile_id, pack.template_id, pack.size, pack.used) == (checkout.profile_id, template.id, 10, 0)
    [invoice] = await rows(db, InvoiceRow)
    async with db.uow() as uow:
        view = await invoice_view(uow, invoice)
    assert (view.status, view.totals.total_cents, view.balance_cents) == ("issued", 132000, 0)
    [payment] = await rows(db, PaymentRow)
    assert (payment.method, payment.amount_cents, payment.profile_id) == ("online", 132000, checkout.profile_id)
    bought = await read_pack_purchase(db.uow(), token=token)
    assert (bought.paid, bought.invoice_label, bought.pack_name) == (True, view.number_label, "10-session pack")
    assert not bought.emailed and await emails_to_vera(db) == []  # a prospect gets no automated email
    [entry] = await audit_entries(db, "pack.bought_online")
    assert "10-session pack (10 sessions) for Vera Visitor" in entry.summary and "possible match" not in entry.summary
    assert len(await audit_entries(db, "pack.purchase_started")) == 1


async def test_a_buyer_with_a_clients_email_is_a_new_prospect_with_the_match_recorded(db):
    c, template = await sold_pack(db)
    ref, _ = await buy(db, template.id, PackBuyer("Mary", "Smith", "mary@example.com"))
    await pay(db, ref)
    buyer = (await rows(db, PersonRow))[-1]
    assert buyer.id != c.mary_person and buyer.status == "prospective"
    [pack] = await rows(db, PackRow)
    assert pack.profile_id != c.mary_profile  # never linked silently
    [entry] = await audit_entries(db, "pack.bought_online")
    assert f"possible match: Mary Smith (#{c.mary_person}, active)" in entry.summary


async def test_with_add_new_clients_automatically_the_buyer_is_active_and_emailed(db):
    _, template = await sold_pack(db)
    await update_clinic(db.uow(), actor=OWNER, name="Test Clinic", time_zone="Australia/Sydney", auto_add_clients=True)
    ref, token = await buy(db, template.id)
    await pay(db, ref)
    assert (await rows(db, PersonRow))[-1].status == "active"
    [email] = await emails_to_vera(db)
    assert email.to_address == "vera@example.com" and "Your 10-session pack is ready" in email.body
    assert (await read_pack_purchase(db.uow(), token=token)).emailed


async def test_a_pack_not_sold_online_or_a_tampered_id_is_refused(db):
    c, _ = await sold_pack(db)
    other = await ten_session_pack(db, c, name="5-session pack", size=5, price="650.00")  # not sold online
    for template_id in (other.id, 987654):
        with pytest.raises(ValidationFailed) as refused:
            await buy(db, template_id)
        assert "cannot be bought online" in refused.value.errors["template"]
    assert await rows(db, CheckoutRow) == []
    assert [p.first_name for p in await rows(db, PersonRow)] == ["Mary"]  # no buyer recorded
    assert len(await audit_entries(db, "pack.purchase_refused")) == 2
    assert [o.name for o in await list_packs_for_sale(db.uow())] == ["10-session pack"]


async def test_contact_information_is_checked_and_the_honeypot_makes_nothing(db):
    _, template = await sold_pack(db)
    with pytest.raises(ValidationFailed) as refused:
        await buy(db, template.id, PackBuyer("", "Visitor", "not an email"))
    assert set(refused.value.errors) == {"first_name", "email"}
    robot = PackBuyer("Robo", "T", "robot@example.com", website="http://spam.example")
    url = await start_pack_purchase(
        db.uow(), template_id=template.id, contact=robot, provider=SANDBOX, public_url=URL, ip=None
    )
    assert url == f"{URL}/book/packages"
    assert await rows(db, CheckoutRow) == []


async def test_the_same_provider_event_twice_opens_one_pack(db):
    _, template = await sold_pack(db)
    ref, _ = await buy(db, template.id)
    event = ProviderEvent("evt_pack", "paid", ref, 132000, "AUD", "pi_pack")
    await complete_checkout(db.uow(), provider=SANDBOX, event=event)
    assert await complete_checkout(db.uow(), provider=SANDBOX, event=event) == "This event was already handled."
    again = ProviderEvent("evt_pack_2", "paid", ref, 132000, "AUD", "pi_pack")
    assert await complete_checkout(db.uow(), provider=SANDBOX, event=again) == "This checkout was already paid."
    assert len(await rows(db, PackRow)) == 1 and len(await rows(db, PaymentRow)) == 1
    assert len(await rows(db, InvoiceRow)) == 1


async def test_an_amount_other_than_the_templates_opens_nothing(db):
    _, template = await sold_pack(db)
    ref, _ = await buy(db, template.id)
    with pytest.raises(NotAllowed, match="differs"):
        await complete_checkout(db.uow(), provider=SANDBOX, event=ProviderEvent("evt_x", "paid", ref, 100, "AUD", "pi"))
    assert await rows(db, PackRow) == [] and await rows(db, InvoiceRow) == []


async def test_trying_again_after_a_cancelled_payment_keeps_one_buyer(db):
    _, template = await sold_pack(db)
    _, token = await buy(db, template.id)
    url = await retry_pack_purchase(db.uow(), token=token, provider=SANDBOX, ip="203.0.113.5")
    first, second = await rows(db, CheckoutRow)
    assert (second.person_id, second.return_url) == (first.person_id, first.return_url)
    assert len([p for p in await rows(db, PersonRow) if p.first_name == "Vera"]) == 1
    await pay(db, url.rsplit("/", 1)[-1])
    assert (await read_pack_purchase(db.uow(), token=token)).paid
    with pytest.raises(NotAllowed, match="already paid"):
        await retry_pack_purchase(db.uow(), token=token, provider=SANDBOX, ip=None)
    with pytest.raises(InvalidLink):
        await read_pack_purchase(db.uow(), token="not-a-token")


async def test_a_pack_switched_off_before_the_money_came_is_refunded_at_once(db):
    _, template = await sold_pack(db)
    ref, token = await buy(db, template.id)
    await save_pack_template(
        db.uow(), actor=OWNER, template_id=template.id, name=template.name, description="", metric="sessions",
        size=10, price="1200.00", active=False,
    )  # fmt: skip
    said = await pay(db, ref)
    assert "no longer offered" in said
    assert await rows(db, PackRow) == []
    [refund] = await rows(db, RefundRow)
    assert refund.amount_cents == 132000
    assert (await read_pack_purchase(db.uow(), token=token)).state == "refunded"


async def test_purchases_are_limited_per_email(db):
    _, template = await sold_pack(db)
    for n in range(3):
        await buy(db, template.id, ip=f"203.0.113.{n}")
    with pytest.raises(TooManyRequests, match="today's limit"):
        await buy(db, template.id, ip="203.0.113.9")
    assert len(await audit_entries(db, "pack.purchase_refused")) == 1


async def test_setup_sells_a_template_online_only_with_a_price_and_switched_on(db):
    c, template = await sold_pack(db)
    assert [t.sold_online for t in await list_pack_templates(db.uow())] == [True]
    free = await ten_session_pack(db, c, name="Free trial", price="0")
    with pytest.raises(NotAllowed, match="no price"):
        await set_pack_sold_online(db.uow(), actor=OWNER, template_id=free.id, sold_online=True)
    await set_pack_sold_online(db.uow(), actor=OWNER, template_id=template.id, sold_online=False)
    assert await list_packs_for_sale(db.uow()) == []
    assert [e.summary for e in await audit_entries(db, "pack_template.sold_online")] == [
        "10-session pack: sold on the Bookings Page",
        "10-session pack: no longer sold on the Bookings Page",
    ]
