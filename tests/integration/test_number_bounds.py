"""Numbers out of range (issue 14, part 3): one money rule and one quantity rule, as field messages, and columns
wide enough on both databases for the largest values the rules allow."""

import pytest

from domain.billing.invoices import ItemInput, add_invoice_item, create_invoice, get_invoice
from domain.billing.payments import record_payment
from domain.errors import ValidationFailed
from domain.scheduling.bookable_services import list_services, save_service
from storage.billing import InvoiceItemRow
from tests.integration.helpers import OWNER, count, ready_clinic

HUGE = ["1e309", "1e100", "9223372036854775808", "-1e309", "inf", "nan", "1" * 5000, "0.0001"]


@pytest.mark.parametrize("typed", HUGE)
async def test_an_item_price_out_of_range_is_refused_at_its_field(db, typed):
    c = await ready_clinic(db)
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    with pytest.raises(ValidationFailed) as refused:
        await add_invoice_item(db.uow(), actor=OWNER, invoice_id=invoice.id, item=ItemInput("Band", unit_price=typed))
    assert "unit_price" in refused.value.errors
    assert await count(db, InvoiceItemRow) == 0


@pytest.mark.parametrize("typed", [*HUGE, "10000.001", "10001"])
async def test_an_item_quantity_out_of_range_is_refused_at_its_field(db, typed):
    c = await ready_clinic(db)
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    with pytest.raises(ValidationFailed) as refused:
        await add_invoice_item(
            db.uow(), actor=OWNER, invoice_id=invoice.id, item=ItemInput("Band", quantity=typed, unit_price="5")
        )
    assert "quantity" in refused.value.errors
    assert await count(db, InvoiceItemRow) == 0


async def test_the_largest_amounts_the_rules_allow_fit_the_columns_and_read_back(db):
    c = await ready_clinic(db)
    invoice = await create_invoice(db.uow(), actor=OWNER, profile_id=c.mary_profile)
    await add_invoice_item(
        db.uow(), actor=OWNER, invoice_id=invoice.id, item=ItemInput("Big", quantity="10000", unit_price="1000000.00")
    )
    invoice = await get_invoice(db.uow(), actor=OWNER, invoice_id=invoice.id)
    [item] = invoice.items
    assert item.totals.gross_cents == 10_000 * 100_000_000  # computed, never stored: no column to overflow
    await save_service(
        db.uow(), actor=OWNER, service_id=None, name="Dearest", duration_minutes=30, price="1000000", colour="#8a3b12"
    )
    assert [s.price_cents for s in await list_services(db.uow()) if s.name == "Dearest"] == [100_000_000]
    with pytest.raises(ValidationFailed) as refused:
        await record_payment(
            db.uow(), actor=OWNER, profile_id=c.mary_profile, amount="1000000.01", method="card", received_on=None
        )
    assert "amount" in refused.value.errors
