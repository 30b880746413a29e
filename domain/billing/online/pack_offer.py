"""What the Bookings Page offers as session packs (templates switched to "Sold on the Bookings Page" in Setup >
Session packs), what a buyer sends, the guards of a purchase (limits per address and per email as booking requests
have, refusals audited at most AUDITED_REFUSALS_PER_HOUR per address), and the purchase behind a return link.
Starting and settling a purchase: pack_sales.py."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from domain.actor import anonymous
from domain.billing.invoice_views import number_label
from domain.billing.invoices import default_tax_percent
from domain.billing.money import Line, from_cents, label, line_totals
from domain.billing.pack_rules import describe_size
from domain.errors import InvalidLink
from domain.formats import current
from domain.scheduling.online.requests import AUDITED_REFUSALS_PER_HOUR, PER_EMAIL_PER_DAY, PER_IP_PER_HOUR
from domain.scheduling.online.requests import TooManyRequests as TooManyRequests
from storage.audit import AuditEntryRow
from storage.billing import InvoiceItemRow, InvoiceRow
from storage.clients import PersonRow
from storage.online_payments import CheckoutRow
from storage.packs import PackRow, PackTemplateRow, pack_template_services
from storage.scheduling import ServiceRow
from storage.types import utcnow
from storage.uow import UnitOfWork

BUYER_SOURCE = "pack_purchase"  # persons.source of a client record made by a purchase
STARTED = "pack.purchase_started"
_refusals: dict[str, list[datetime]] = {}
BAD_LINK = "This purchase link is not valid. Choose a package on the Bookings Page to start again."


@dataclass(frozen=True)
class PackBuyer:
    """What the package page sends: Contact Information, and the honeypot `website` (people never see it)."""

    first_name: str
    last_name: str
    email: str
    phone: str = ""
    date_of_birth: date | str | None = None
    website: str = ""


@dataclass(frozen=True)
class PackForSale:
    id: int
    name: str
    description: str
    size_label: str  # "10 sessions", "5 hours", "$500.00 of credit"
    covers_label: str  # "For Follow-up session" or "For any service"
    price_cents: int  # what the buyer pays: the price and the clinic's tax on it
    price_label: str
    tax_label: str  # "includes $100.00 tax" ('' without tax)
    expiry_label: str  # "Valid for 180 days from purchase" or "Does not expire"


def size_label(metric: str, size: int) -> str:
    return describe_size(metric, size) + (" of credit" if metric == "money" else "")


def charge(price_cents: int, tax_percent: Decimal) -> tuple[int, int]:
    """(total, tax) the buyer pays for a pack: its invoice line, the price plus the clinic's tax on it."""
    totals = line_totals(Line(Decimal(1), from_cents(price_cents), Decimal(0), tax_percent))
    return totals.total_cents, totals.tax_cents


def for_sale(template: PackTemplateRow) -> bool:
    return bool(template.active and template.sold_online and template.price_cents > 0)


async def list_packs_for_sale(uow: UnitOfWork) -> list[PackForSale]:
    """The packs a visitor may buy on the Bookings Page, by name."""
    async with uow:
        rows = (await uow.session.execute(select(PackTemplateRow).order_by(PackTemplateRow.name))).scalars().all()
        rows = [r for r in rows if for_sale(r)]
        covers: dict[int, list[str]] = {}
        if rows:
            links = await uow.session.execute(
                select(pack_template_services.c.template_id, ServiceRow.name)
                .join(ServiceRow, ServiceRow.id == pack_template_services.c.service_id)
                .where(pack_template_services.c.template_id.in_([r.id for r in rows]))
                .order_by(ServiceRow.name)
            )
            for template_id, name in links:
                covers.setdefault(template_id, []).append(name)
        tax = await default_tax_percent(uow)
    found = []
    for r in rows:
        total, tax_cents = charge(r.price_cents, tax)
        days = r.expiry_days
        found.append(
            PackForSale(
                r.id,
                r.name,
                r.description,
                size_label(r.metric, r.size),
                "For " + (", ".join(covers[r.id]) if r.id in covers else "any service"),
                total,
                label(total),
                f"includes {label(tax_cents)} tax" if tax_cents else "",
                f"Valid for {days} day{'s' if days != 1 else ''} from purchase" if days else "Does not expire",
            )
        )
    return found


async def any_pack_for_sale(uow: UnitOfWork) -> bool:
    return bool(await list_packs_for_sale(uow))


async def rate_limit(uow: UnitOfWork, ip: str | None, email: str, now: datetime) -> None:
    """At most PER_IP_PER_HOUR purchases started per address in an hour, PER_EMAIL_PER_DAY new buyers per email in
    a day (`email` '' for a buyer already recorded: trying again)."""
    if ip:
        by_ip = (
            await uow.session.execute(
                select(func.count())
                .select_from(AuditEntryRow)
                .where(
                    AuditEntryRow.at > utcnow() - timedelta(hours=1),  # audit times are the server's clock
                    AuditEntryRow.action == STARTED,
                    AuditEntryRow.ip == ip,
                )
            )
        ).scalar_one()
        if by_ip >= PER_IP_PER_HOUR:
            raise TooManyRequests(
                "Too many purchases from this connection in the last hour. Try again later, or call the clinic."
            )
    if email:
        by_email = (
            await uow.session.execute(
                select(func.count())
                .select_from(PersonRow)
                .where(
                    PersonRow.source == BUYER_SOURCE,
                    func.lower(PersonRow.email) == email.lower(),
                    PersonRow.created_at > now - timedelta(days=1),
                )
            )
        ).scalar_one()
        if by_email >= PER_EMAIL_PER_DAY:
            raise TooManyRequests(
                "This email address has reached today's limit of package purchases. Please call the clinic."
            )


async def refused(uow: UnitOfWork, ip: str | None, template_id: int | None, why: str, email: str = "") -> None:
    """Logs a refused purchase (not a typing mistake) in a transaction of its own, at most
    AUDITED_REFUSALS_PER_HOUR per address."""
    now = utcnow()
    recent = [t for t in _refusals.get(ip or "", []) if now - t < timedelta(hours=1)]
    if len(recent) < AUDITED_REFUSALS_PER_HOUR:
        recent.append(now)
        async with uow.fresh() as fresh:
            summary = f"{why} ({email or 'no email'})"[:500]
            fresh.audit(anonymous(ip), "pack.purchase_refused", "pack_template", template_id, summary=summary)
            await fresh.commit()
    _refusals[ip or ""] = recent


async def find_checkouts(uow: UnitOfWork, token: str) -> list[CheckoutRow]:
    """Inside the caller's transaction: the checkouts behind /book/packages/<token>, newest first. The token is
    only in the return address (unguessable, made by new_token)."""
    if not token or len(token) > 100 or not token.replace("-", "").replace("_", "").isalnum():
        return []
    return list(
        (
            await uow.session.execute(
                select(CheckoutRow)
                .where(
                    CheckoutRow.purpose == "pack",
                    CheckoutRow.return_url.endswith(f"/book/packages/{token}", autoescape=True),
                )
                .order_by(CheckoutRow.id.desc())
            )
        )
        .scalars()
        .all()
    )


@dataclass(frozen=True)
class PackPurchase:
    """What /book/packages/<token> and its /done page show (nothing about the buyer: the link is all it takes)."""

    state: str  # open (not paid yet), paid, expired, failed, refunded (paid when the package was gone)
    pack_name: str
    size_label: str  # "10 sessions"
    amount_label: str
    buyable: bool  # the package can still be bought online (Try again)
    invoice_label: str = ""  # once paid
    expires_label: str = ""  # once paid: "Expires 1 Sep 2031" ('' for never)
    emailed: bool = False  # a receipt was emailed (an active client: prospects get no automated email)

    @property
    def paid(self) -> bool:
        return self.state == "paid"


async def read_pack_purchase(uow: UnitOfWork, *, token: str) -> PackPurchase:
    """The purchase behind a return link: the paid checkout if any, else the latest try."""
    async with uow:
        checkouts = await find_checkouts(uow, token)
        if not checkouts:
            raise InvalidLink(BAD_LINK)
        checkout = next((c for c in checkouts if c.state == "paid"), checkouts[0])
        template = await uow.get(PackTemplateRow, checkout.template_id)
        state = "expired" if checkout.state == "open" and utcnow() >= checkout.expires_at else checkout.state
        amount = label(checkout.amount_cents)
        if state != "paid" or checkout.invoice_id is None:  # (refunded at once: no invoice, nothing opened)
            name, size = template.name, size_label(template.metric, template.size)
            return PackPurchase("refunded" if state == "paid" else state, name, size, amount, for_sale(template))
        invoice = await uow.get(InvoiceRow, checkout.invoice_id)
        pack_id = (
            await uow.session.execute(
                select(InvoiceItemRow.pack_id).where(
                    InvoiceItemRow.invoice_id == invoice.id, InvoiceItemRow.kind == "pack"
                )
            )
        ).scalar_one()
        pack = await uow.get(PackRow, pack_id)
        person = await uow.get(PersonRow, checkout.person_id)
        return PackPurchase(
            "paid",
            pack.name,
            size_label(pack.metric, pack.size),
            amount,
            for_sale(template),
            number_label(invoice.number),
            f"Expires {current().date(pack.expires_on)}" if pack.expires_on else "",
            bool(person.email) and person.status == "active",
        )
