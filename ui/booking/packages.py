"""Buy a package on the Bookings Page (/book/packages): no login, phone-first. The session packs the clinic sells
online (Setup > Session packs > "Sold on the Bookings Page") → one chosen → Contact Information → "Pay …" → the
payment provider's page. The pack opens when the provider confirms the payment (ui/booking/packages_done.py).

The contact step is drawn once and only hidden while another package is chosen, so what was typed survives a change
of mind and every refusal (field messages stay at their fields)."""

from fastapi import Request
from nicegui import APIRouter, ui

from domain.billing.online.pack_sales import PackBuyer, PackForSale, list_packs_for_sale, start_pack_purchase
from domain.clinic.settings import get_clinic
from domain.errors import DomainError, ValidationFailed
from ui.booking import packages_done
from ui.booking.layout import Heading, booking_card, touch_button
from ui.components.date_input import DateInput
from ui.outcome import go_to, page_client
from ui.payments.layout import back_link, sandbox_note
from ui.session import client_ip
from ui.state import state, uow

router = APIRouter()
router.include_router(packages_done.router)
TITLE = "Buy a package"
CHOICE = "outline no-caps align=left"
NEXT = (
    "Your pack opens as soon as the payment is confirmed, and the clinic will be in touch to book your sessions. "
    "You pay on the payment provider's page; the clinic never sees your card number."
)


def packages_link() -> None:
    """The Bookings Page's "Buy a package" link under its services: drawn hidden, shown once the clinic is known
    to sell a package online (asked after the page is drawn, so the services show at once)."""
    link = back_link("Buy a package", "/book/packages", "buy-a-package")
    link.set_visibility(False)

    async def ask() -> None:
        try:
            shown = bool(await list_packs_for_sale(uow(read_only=True)))
        except DomainError:
            return
        if not link.is_deleted:
            link.set_visibility(shown)

    ui.timer(0, ask, once=True)


@router.page("/book/packages", title=TITLE)
async def packages_page(request: Request) -> None:
    ip = client_ip(request)
    clinic = await get_clinic(uow(read_only=True))
    packs = await list_packs_for_sale(uow(read_only=True))
    provider = state.payment_provider
    with booking_card(clinic.name, TITLE):
        if not packs or provider is None:
            ui.label("No packages can be bought online at the moment. Please call the clinic.").classes(
                "text-body1"
            ).mark("not-available")
            back_link("Book an appointment", "/book", "bookings-page-link")
            return
        if provider.name == "sandbox":
            sandbox_note()
        PackagesPage(packs, provider, ip)


def details(pack: PackForSale) -> list[str]:
    price = f"{pack.price_label} ({pack.tax_label})" if pack.tax_label else pack.price_label
    return [f"{pack.size_label} · {price}", pack.covers_label, pack.expiry_label]


class PackagesPage:
    def __init__(self, packs: list[PackForSale], provider, ip: str | None) -> None:
        self.packs, self.provider, self.ip = packs, provider, ip
        self.chosen: PackForSale | None = None
        self.sending = False
        self.counter = ui.label().classes("text-caption text-grey-8").mark("step-counter")
        self.heading = Heading("", 2).props("tabindex=-1").mark("step-heading")
        self.list = ui.column().classes("w-full gap-2")
        with self.list:
            ui.label("Prepaid session packs: buy one now, use it when you book.").classes("text-body1")
            for pack in packs:
                self._choice(pack)
            back_link("Book an appointment instead", "/book", "bookings-page-link")
        self.contact = ui.column().classes("w-full gap-3")
        with self.contact:
            self._contact_step()
        self.show(None, focus=False)

    def _choice(self, pack: PackForSale) -> None:
        with (
            ui.button(on_click=lambda p=pack: self.show(p))
            .props(CHOICE)
            .classes("w-full hearth-touch q-py-sm")
            .mark(f"package package-{pack.id}")
        ):
            with ui.column().classes("items-start gap-0 text-left"):
                ui.label(pack.name).classes("text-subtitle1 text-weight-medium text-grey-10")
                if pack.description:
                    ui.label(pack.description).classes("text-body2 text-grey-9")
                for line in details(pack):
                    ui.label(line).classes("text-body2 text-grey-8")

    def _contact_step(self) -> None:
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            with ui.column().classes("col gap-0"):
                ui.label("Package").classes("text-caption text-grey-8")
                self.summary = ui.label().classes("text-body1").mark("chosen-package")
                self.summary_details = ui.label().classes("text-body2 text-grey-8")
            touch_button("Change", lambda: self.show(None), aria="Change package").mark("change-package")
        ui.label("We need these to send your pack to the right person. Fields marked * are required.").classes(
            "text-body2"
        )
        with ui.row().classes("w-full no-wrap gap-2"):
            first = ui.input("First name *").props("outlined autocomplete=given-name").classes("col")
            last = ui.input("Last name *").props("outlined autocomplete=family-name").classes("col")
        email = ui.input("Email *").props("outlined type=email autocomplete=email").classes("w-full")
        phone = ui.input("Phone").props("outlined type=tel autocomplete=tel").classes("w-full")
        dob = DateInput("Date of birth", clearable=True).props(remove="dense").props("autocomplete=bday")
        dob.classes("w-full")
        self.dob = dob
        self.fields: dict[str, ui.input] = dict(
            first_name=first, last_name=last, email=email, phone=phone, date_of_birth=dob
        )
        for name, element in self.fields.items():
            element.mark(name)
        with ui.element("div").classes("hearth-offscreen").props("aria-hidden=true"):
            self.website = ui.input("Website").props("tabindex=-1 autocomplete=off name=website").mark("website")
        self.problem = ui.column().classes("w-full q-pa-md rounded-borders bg-orange-1 gap-2").props("role=alert")
        self.problem.mark("problem")
        self.problem.set_visibility(False)
        self.button = (
            ui.button("Pay", on_click=self.pay)
            .props("unelevated size=lg no-caps")
            .classes("w-full hearth-touch")
            .mark("pay")
        )
        ui.label(NEXT).classes("text-body2 text-grey-8").mark("what-next")
        ui.label(f"You pay through {self.provider.label}.").classes("text-caption text-grey-8")

    def show(self, pack: PackForSale | None, *, focus: bool = True) -> None:
        """The list (None) or the contact step for `pack`, with the focus on the step's heading."""
        self.chosen = pack
        self.counter.text = f"Step {1 if pack is None else 2} of 2"
        self.heading.text = "Choose a package" if pack is None else "Contact Information"
        self.list.set_visibility(pack is None)
        self.contact.set_visibility(pack is not None)
        if pack is not None:
            self.summary.text = pack.name
            self.summary_details.text = " · ".join(details(pack))
            self.button.text = f"Pay {pack.price_label}"
            self._problem(None)
        if focus:
            self.heading.client.run_javascript(f"getHtmlElement({self.heading.id})?.focus()")  # an id, nothing typed

    def _value(self, name: str) -> str:
        return self.fields[name].value or ""

    async def pay(self) -> None:
        client = page_client()
        if self.sending or self.chosen is None:  # a second tap before the provider answered
            return
        for element in self.fields.values():
            element.error = None
        self._problem(None)
        self.sending = True
        self.button.props("loading")
        contact = PackBuyer(
            self._value("first_name"),
            self._value("last_name"),
            self._value("email"),
            self._value("phone"),
            self.dob.iso or None,
            self.website.value or "",
        )
        try:
            url = await start_pack_purchase(
                uow(),
                template_id=self.chosen.id,
                contact=contact,
                provider=self.provider,
                public_url=state.config.public_url,
                ip=self.ip,
            )
        except ValidationFailed as exc:
            self._place(exc.errors)
        except DomainError as exc:  # too many purchases, the provider unreachable: why, the form kept
            self._problem(exc.message)
        else:
            go_to(client, url)  # the provider's checkout: the sandbox's page here, or Stripe's
            return
        finally:
            self.sending = False
        if not self.button.is_deleted:
            self.button.props(remove="loading")

    def _place(self, errors: dict[str, str]) -> None:
        unplaced, at_fields = [], False
        for key, message in errors.items():
            if key in self.fields:
                self.fields[key].error, at_fields = message, True
            else:
                unplaced.append(message)
        if at_fields:
            unplaced.append("Please correct the fields marked in red.")
        self._problem(" ".join(unplaced), another="template" in errors)

    def _problem(self, message: str | None, *, another: bool = False) -> None:
        self.problem.clear()
        self.problem.set_visibility(bool(message))
        if message:
            with self.problem:
                ui.label(message).classes("text-body1").mark("problem-message")
                if another:
                    ui.link("Choose another package", "/book/packages").classes(
                        "text-body1 hearth-touch inline-flex items-center"
                    ).mark("another-package")
