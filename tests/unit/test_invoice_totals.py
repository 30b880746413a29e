"""Invoice totals: exact, cent-rounded per line, and the lines always add up (hypothesis)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.billing.money import Line, check_line, invoice_totals, label, line_totals

quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal(1000), places=3)
prices = st.decimals(min_value=Decimal(0), max_value=Decimal(100000), places=2)
percents = st.decimals(min_value=Decimal(0), max_value=Decimal(100), places=2)


def test_a_line_with_discount_and_gst():
    t = line_totals(Line(Decimal(3), Decimal("110.00"), Decimal(10), Decimal(10)))
    assert (t.gross_cents, t.discount_cents, t.net_cents, t.tax_cents, t.total_cents) == (
        33000,
        3300,
        29700,
        2970,
        32670,
    )


def test_half_cents_round_up():
    assert line_totals(Line(Decimal(1), Decimal("0.05"), Decimal(0), Decimal(10))).tax_cents == 1  # 0.5 c
    assert line_totals(Line(Decimal("0.333"), Decimal("10.00"))).net_cents == 333


@given(st.lists(st.tuples(quantities, prices, percents, percents), min_size=1, max_size=12))
def test_the_lines_add_up_to_the_total(raw):
    lines = [Line(*r) for r in raw]
    totals = invoice_totals(lines)
    each = [line_totals(line) for line in lines]
    assert totals.total_cents == sum(t.total_cents for t in each) == totals.subtotal_cents + totals.tax_cents
    for t in each:
        assert 0 <= t.discount_cents <= t.gross_cents and 0 <= t.tax_cents <= t.net_cents


@given(quantities, prices, percents)
def test_a_full_discount_leaves_nothing_to_pay(quantity, price, tax):
    assert line_totals(Line(quantity, price, Decimal(100), tax)).total_cents == 0


def test_bad_lines_are_named():
    errors = check_line(Line(Decimal(-1), Decimal(-5), Decimal(150), Decimal(-1)))
    assert set(errors) == {"quantity", "unit_price", "discount", "tax"}
    assert label(123456) == "$1,234.56" and label(-5) == "-$0.05"
