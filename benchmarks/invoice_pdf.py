"""Invoice PDF generation: median time per invoice, and 1,000 invoices rendered in a batch.

    .venv/bin/python -m benchmarks.invoice_pdf [invoices]

Target: median ≤ 30 ms per invoice. Pure rendering (fpdf2 with the shipped DejaVu font); the data
comes from a plain view, as the app builds it.
"""

import statistics
import sys
import time
from datetime import date
from decimal import Decimal

from domain.adapters.pdf import invoice_pdf
from domain.billing.invoice_views import InvoiceView, ItemView, PaymentLine
from domain.billing.money import Line, invoice_totals, line_totals


def sample(n: int) -> InvoiceView:
    lines = [
        Line(Decimal(1), Decimal("150.00"), Decimal(0), Decimal(10)),
        Line(Decimal(2), Decimal("12.50"), Decimal(10), Decimal(10)),
        Line(Decimal(1), Decimal("20.00"), Decimal(0), Decimal(10)),
    ]
    items = [
        ItemView(
            1, "service", "Initial consultation", "", Decimal(1), 15000, Decimal(0), Decimal(10), line_totals(lines[0])
        ),
        ItemView(
            2, "product", "Resistance band", "", Decimal(2), 1250, Decimal(10), Decimal(10), line_totals(lines[1])
        ),
        ItemView(
            3,
            "session",
            "Follow-up session (10-session pack)",
            f"Session {n % 10 + 1} of 10",
            Decimal(1),
            2000,
            Decimal(0),
            Decimal(10),
            line_totals(lines[2]),
        ),
    ]
    return InvoiceView(
        n,
        1,
        n,
        "issued",
        date(2026, 11, 23),
        date(2026, 12, 7),
        "",
        "Zoë Ødegård",
        "zoe@example.com",
        ["Zoë Ødegård", "Ari Ødegård"],
        items,
        invoice_totals(lines),
        [PaymentLine(1, date(2026, 11, 23), "card", 5000)],
    )


def main(count: int) -> None:
    invoice_pdf(sample(0), clinic_name="Demo Clinic")  # font loading, once
    times = []
    start = time.perf_counter()
    for n in range(1, count + 1):
        t = time.perf_counter()
        invoice_pdf(sample(n), clinic_name="Demo Clinic")
        times.append((time.perf_counter() - t) * 1000)
    batch = time.perf_counter() - start
    print(
        f"Invoice PDFs: {count} rendered in {batch:.1f} s; per invoice median {statistics.median(times):.1f} ms, "
        f"p95 {statistics.quantiles(times, n=20)[18]:.1f} ms (target median <= 30 ms)"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
