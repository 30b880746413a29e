"""Invoice and statement PDFs (A4, fpdf2). DejaVu Sans is shipped in assets/fonts, so any name renders."""

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import cast

from fpdf import FPDF

from domain.billing.invoice_views import METHOD_LABELS, InvoiceView
from domain.billing.money import label
from domain.formats import current

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
INK, MUTED, RULE = (34, 34, 34), (110, 110, 110), (200, 200, 200)


class Document(FPDF):
    def __init__(self, clinic_name: str) -> None:
        super().__init__(format="A4", unit="mm")
        self.clinic_name = clinic_name
        self.block_top = 0.0  # where the side-by-side address blocks start
        self.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(True, margin=18)
        self.set_margins(18, 18, 18)
        self.set_title(clinic_name)
        self.set_creator("Hearth")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.clinic_name} · page {self.page_no()}", align="C")

    def heading(self, title: str, right: str) -> None:
        self.add_page()
        self.set_font("DejaVu", "B", 16)
        self.set_text_color(*INK)
        self.cell(110, 9, self.clinic_name)
        self.set_font("DejaVu", "B", 13)
        self.cell(0, 9, title, align="R", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 9)
        self.set_text_color(*MUTED)
        self.cell(0, 5, right, align="R", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def label_block(self, x: float, title: str, lines: list[str]) -> float:
        self.set_xy(x, self.block_top)
        self.set_font("DejaVu", "B", 9)
        self.set_text_color(*MUTED)
        self.cell(80, 5, title, new_x="LEFT", new_y="NEXT")
        self.set_font("DejaVu", "", 10)
        self.set_text_color(*INK)
        for line in lines:
            self.set_x(x)
            self.multi_cell(80, 5, line, new_x="LEFT", new_y="NEXT")
        return self.get_y()

    def row(self, cells: Sequence[tuple[str, float, str]], *, bold: bool = False, rule: bool = False) -> None:
        self.set_font("DejaVu", "B" if bold else "", 9.5)
        self.set_text_color(*INK)
        for text, width, align in cells:
            self.cell(width, 6.5, text, align=align)
        self.ln(6.5)
        if rule:
            self.set_draw_color(*RULE)
            self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())


def invoice_pdf(invoice: InvoiceView, *, clinic_name: str, tax_name: str = "GST") -> bytes:
    pdf, fmt = Document(clinic_name), current()
    dates = f"Issued {fmt.date(invoice.issued_on)} · due {fmt.date(invoice.due_on)}" if invoice.issued_on else "Draft"
    pdf.heading(f"Invoice {invoice.number_label}" if invoice.number else "Draft invoice", dates)
    if invoice.status == "void":
        pdf.set_font("DejaVu", "B", 12)
        pdf.set_text_color(180, 40, 40)
        pdf.cell(0, 7, f"VOID: {invoice.void_reason}", new_x="LMARGIN", new_y="NEXT")
    pdf.block_top = pdf.get_y()
    bottom_left = pdf.label_block(
        pdf.l_margin,
        "Invoice To",
        [invoice.invoice_to] + ([invoice.invoice_to_email] if invoice.invoice_to_email else []),
    )
    bottom_right = pdf.label_block(pdf.l_margin + 95, "Provided to", invoice.provided_to)
    pdf.set_xy(pdf.l_margin, max(bottom_left, bottom_right) + 6)
    widths = [
        ("Item", 80, "L"),
        ("Qty", 14, "R"),
        ("Price", 24, "R"),
        ("Disc.", 14, "R"),
        (tax_name, 18, "R"),
        ("Amount", 24, "R"),
    ]
    pdf.row(widths, bold=True, rule=True)
    for item in invoice.items:
        description = item.description + (f"\n{item.session_label}" if item.session_label else "")
        pdf.set_font("DejaVu", "", 9.5)
        lines = cast(list[str], pdf.multi_cell(78, 5.5, description, dry_run=True, output="LINES"))
        height = 5.5 * len(lines) + 1
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y + 0.5)
        pdf.multi_cell(78, 5.5, description, align="L")
        pdf.set_xy(pdf.l_margin + 80, y)
        for text, (_, width, align) in zip(  # noqa: B905 - as many texts as columns
            (
                f"{item.quantity.normalize():f}",
                label(item.unit_price_cents),
                f"{item.discount_percent.normalize():f}%" if item.discount_percent else "",
                label(item.totals.tax_cents),
                label(item.totals.total_cents),
            ),
            widths[1:],
        ):
            pdf.cell(width, 6.5, text, align=align)
        pdf.set_xy(pdf.l_margin, y + max(height, 6.5))
    pdf.set_draw_color(*RULE)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(2)
    totals = [
        ("Subtotal", invoice.totals.subtotal_cents),
        (tax_name, invoice.totals.tax_cents),
        ("Total", invoice.totals.total_cents),
    ]
    totals += [
        (f"Paid {fmt.date(p.received_on)} ({METHOD_LABELS[p.method]})", -p.amount_cents) for p in invoice.payments
    ]
    totals.append(("Balance due", invoice.balance_cents))
    for name, cents in totals:
        pdf.row([("", 80, "L"), (name, 70, "R"), (label(cents), 24, "R")], bold=name in ("Total", "Balance due"))
    return bytes(pdf.output())


def statement_pdf(
    *,
    clinic_name: str,
    client_name: str,
    first: date,
    last: date,
    lines: list[tuple[date, str, int]],
    opening_cents: int,
) -> bytes:
    """lines: (date, text, amount in cents: invoices +, payments −, refunds +)."""
    pdf, fmt = Document(clinic_name), current()
    pdf.heading("Statement", f"{fmt.date(first)} – {fmt.date(last)}")
    pdf.block_top = pdf.get_y()
    pdf.set_xy(pdf.l_margin, pdf.label_block(pdf.l_margin, "Statement for", [client_name]) + 6)
    pdf.row([("Date", 28, "L"), ("", 100, "L"), ("Amount", 24, "R"), ("Balance", 22, "R")], bold=True, rule=True)
    balance = opening_cents
    pdf.row([("", 28, "L"), ("Opening balance", 100, "L"), ("", 24, "R"), (label(balance), 22, "R")])
    for on, text, cents in sorted(lines, key=lambda x: x[0]):
        balance += cents
        pdf.row([(fmt.date(on), 28, "L"), (text, 100, "L"), (label(cents), 24, "R"), (label(balance), 22, "R")])
    pdf.row([("", 28, "L"), ("Closing balance", 100, "L"), ("", 24, "R"), (label(balance), 22, "R")], bold=True)
    return bytes(pdf.output())
