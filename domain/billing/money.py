"""Money rules (pure): Decimal in the domain, whole minor units of the clinic's currency in the database ("cents":
hundredths of a dollar or euro, yen themselves, thousandths of a dinar), half-up rounding.

The bounds of what a person may type: with them every stored amount (formats.MAX_MINOR minor units), quantity
(thousandths) and rate (basis points) fits a 32-bit integer column on SQLite and PostgreSQL alike: 100,000,000
minor units and 10,000,000 thousandths are far below 2,147,483,647. An invoice's totals are computed, never stored,
so they cannot overflow."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from domain.formats import current

HUNDRED = Decimal(100)
MAX_QUANTITY = Decimal(10_000)  # one invoice line
QUANTITY_STEP = Decimal("0.001")


def to_cents(amount: Decimal) -> int:
    """An amount in the clinic's currency as whole minor units, rounded half up."""
    return current().to_minor(amount)


def from_cents(cents: int) -> Decimal:
    return current().from_minor(cents)


def label(cents: int | None) -> str:
    """'$1,234.50', '1.234,50 €': through Babel, in the clinic's locale and currency ('' for None)."""
    return current().money(cents)


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
    discount = _round(Decimal(gross) * line.discount_percent / HUNDRED)
    net = gross - discount
    tax = _round(Decimal(net) * line.tax_percent / HUNDRED)
    return LineTotals(gross, discount, net, tax, net + tax)


def _round(minor: Decimal) -> int:
    return int(minor.to_integral_value(rounding=ROUND_HALF_UP))


def invoice_totals(lines: list[Line]) -> Totals:
    each = [line_totals(line) for line in lines]
    return Totals(
        sum(t.net_cents for t in each),
        sum(t.discount_cents for t in each),
        sum(t.tax_cents for t in each),
        sum(t.total_cents for t in each),
    )
