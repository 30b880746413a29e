"""Money rules (pure): Decimal in the domain, integer cents in the database, half-up rounding."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# The bounds of what a person may type. With them every stored amount (cents), quantity (thousandths) and rate
# (basis points) fits a 32-bit integer column on SQLite and PostgreSQL alike: 100,000,000 cents and 10,000,000
# thousandths are far below 2,147,483,647. An invoice's totals are computed, never stored, so they cannot overflow.
MAX_AMOUNT = Decimal("1000000.00")  # one price, payment or refund
MAX_QUANTITY = Decimal(10_000)  # one invoice line
QUANTITY_STEP = Decimal("0.001")


def to_cents(amount: Decimal) -> int:
    return int((amount * HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / HUNDRED).quantize(CENT)


def label(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) / 100:,.2f}"


@dataclass(frozen=True)
class Line:
    """One invoice line: quantity × unit price, less a discount (percent), plus tax (percent) on the rest."""

    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal = Decimal(0)
    tax_percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class LineTotals:
    gross_cents: int  # quantity × price
    discount_cents: int
    net_cents: int  # gross − discount
    tax_cents: int
    total_cents: int  # net + tax


@dataclass(frozen=True)
class Totals:
    subtotal_cents: int  # the lines' net, before tax
    discount_cents: int
    tax_cents: int
    total_cents: int


def check_line(line: Line) -> dict[str, str]:
    errors = {}
    if line.quantity <= 0:
        errors["quantity"] = "The quantity must be more than 0."
    if line.unit_price < 0:
        errors["unit_price"] = "The price cannot be negative."
    if not 0 <= line.discount_percent <= 100:
        errors["discount"] = "The discount must be between 0 and 100 %."
    if not 0 <= line.tax_percent <= 100:
        errors["tax"] = "The tax rate must be between 0 and 100 %."
    return errors


def line_totals(line: Line) -> LineTotals:
    """Each line is rounded to the cent once, at its net and at its tax; invoice totals add those cents,
    so the printed lines always add up to the printed total."""
    gross = to_cents(line.quantity * line.unit_price)
    discount = to_cents(Decimal(gross) * line.discount_percent / HUNDRED / HUNDRED)
    net = gross - discount
    tax = to_cents(Decimal(net) * line.tax_percent / HUNDRED / HUNDRED)
    return LineTotals(gross, discount, net, tax, net + tax)


def invoice_totals(lines: list[Line]) -> Totals:
    each = [line_totals(line) for line in lines]
    return Totals(
        sum(t.net_cents for t in each),
        sum(t.discount_cents for t in each),
        sum(t.tax_cents for t in each),
        sum(t.total_cents for t in each),
    )
