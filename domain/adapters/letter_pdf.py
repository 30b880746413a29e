"""Letters from a profile's Communication page, as A4 PDFs in the clinic's invoice style."""

from datetime import date

from domain.adapters.pdf import INK, Document
from domain.formats import current


def letter_pdf(*, clinic_name: str, to: str, on: date, subject: str, body: str) -> bytes:
    pdf = Document(clinic_name)
    pdf.heading("Letter", current().long_date(on))
    pdf.set_font("DejaVu", "", 11)
    pdf.set_text_color(*INK)
    pdf.cell(0, 6, to, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, subject, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, body, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.cell(0, 6, clinic_name, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
