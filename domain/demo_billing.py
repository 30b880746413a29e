"""Demo data for billing: session pack templates, a pack in use, an invoice part paid."""

from datetime import date, timedelta

from sqlalchemy import select

from storage.billing import AllocationRow, InvoiceItemRow, InvoiceRow, PaymentRow
from storage.clients import PersonRow, ProfileRow
from storage.clinic import clinic_row
from storage.packs import PackRow, PackTemplateRow, pack_template_services
from storage.scheduling import ServiceRow
from storage.uow import UnitOfWork

SOLD_ONLINE = ("5 hours of therapy",)  # on the Bookings Page's "Buy a package"
TEMPLATES = [  # name, description, metric, size, price cents, reduced rate cents, expiry days, services
    (
        "10-session pack",
        "Ten follow-up sessions, valid six months.",
        "sessions",
        10,
        100000,
        0,
        180,
        ["Follow-up session"],
    ),
    ("5 hours of therapy", "Five hours, any mix of session lengths.", "hours", 300, 60000, 0, 365, []),
    ("$500 wellness credit", "Spend it on any service.", "money", 50000, 45000, 0, None, []),
]


async def seed_billing(uow: UnitOfWork, *, people: dict[str, PersonRow]) -> None:
    s = uow.session
    services = {r.name: r for r in (await s.execute(select(ServiceRow))).scalars()}
    templates = {}
    for name, description, metric, size, price, reduced, days, covers in TEMPLATES:
        row = PackTemplateRow(
            name=name,
            description=description,
            metric=metric,
            size=size,
            price_cents=price,
            reduced_rate_cents=reduced,
            expiry_days=days,
            active=True,
            sold_online=name in SOLD_ONLINE,
        )
        s.add(row)
        await s.flush()
        templates[name] = row
        for service in covers:
            await s.execute(pack_template_services.insert().values(template_id=row.id, service_id=services[service].id))
    john = (await s.execute(select(ProfileRow).where(ProfileRow.person_id == people["John Smith"].id))).scalar_one()
    t = templates["10-session pack"]
    pack = PackRow(
        profile_id=john.id,
        template_id=t.id,
        name=t.name,
        description=t.description,
        metric=t.metric,
        size=t.size,
        used=0,
        price_cents=t.price_cents,
        reduced_rate_cents=0,
        starts_on=date.today() - timedelta(days=14),
        expires_on=date.today() + timedelta(days=166),
    )
    s.add(pack)
    clinic = await clinic_row(s)
    invoice = InvoiceRow(
        profile_id=john.id,
        status="issued",
        number=clinic.next_invoice_number,
        issued_on=date.today() - timedelta(days=14),
        due_on=date.today(),
        notes="",
    )
    clinic.next_invoice_number += 1
    s.add(invoice)
    await s.flush()
    s.add(
        InvoiceItemRow(
            invoice_id=invoice.id,
            kind="pack",
            description=f"Session pack: {t.name}",
            quantity_milli=1000,
            unit_price_cents=t.price_cents,
            discount_bp=0,
            tax_bp=clinic.tax_bp,
            pack_id=pack.id,
            session_label="",
        )
    )
    payment = PaymentRow(
        profile_id=john.id,
        method="card",
        amount_cents=50000,
        received_on=date.today() - timedelta(days=14),
        reference="Deposit",
    )
    s.add(payment)
    await s.flush()
    s.add(AllocationRow(payment_id=payment.id, invoice_id=invoice.id, amount_cents=50000))
