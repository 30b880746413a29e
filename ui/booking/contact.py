"""Step 4 of the Bookings Page: Contact Information (skipped for an Invite to Book, whose client is known; "I'm
booking for a family member" adds the family member's first and last name under the booker's own details), a
summary of what was chosen with "Change" links back, and the button that sends the request. For a prepaid service
the button pays first ("Pay $132.00 and request"): the request waits at the payment provider's page, and what
cancelling means is said before paying.

The step is drawn once and only hidden while the visitor changes a choice, so nothing typed is lost on any
refusal: field messages stay at their fields, a time taken meanwhile offers the nearest free times instead."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.billing.money import label as money
from domain.errors import DomainError, InvalidLink, ValidationFailed
from domain.scheduling.online.prepaid import start_prepaid_request
from domain.scheduling.online.requests import Requested, TimeTaken, Visit, request_booking
from domain.scheduling.online.settings import cancellation_terms
from domain.scheduling.online.slots import FreeTime
from ui.booking.flow import Flow, service_details
from ui.booking.layout import time_button, touch_button
from ui.components.date_input import DateInput
from ui.outcome import go_to, page_client, tell
from ui.state import state, uow

CHOICES = {  # an error's key → the summary line it belongs to, and the step that changes it
    "service": ("Service", "service", "Change service"),
    "practitioner": ("Practitioner", "practitioner", "Change practitioner"),
    "start": ("Time", "when", "Change time"),
}


class ContactStep:
    def __init__(
        self, flow: Flow, *, change: Callable[[str], Awaitable[None]], done: Callable[[Requested, FreeTime], object]
    ) -> None:
        self.flow, self.change, self.done = flow, change, done
        self.errors: dict[str, str] = {}  # messages for the summary's lines
        self.sending = False
        self.for_family: ui.checkbox | None = None  # the Bookings Page's "I'm booking for a family member"
        self.root = ui.column().classes("w-full gap-3")
        with self.root:
            self.summary = ui.column().classes("w-full gap-1").mark("summary")
            self.fields: dict[str, ui.input] = {}
            if flow.invited is None:
                self._contact_fields()
            else:
                ui.label("The clinic already has your contact details.").classes("text-body2 text-grey-8")
            self.fields["notes"] = (
                ui.textarea("Notes for the clinic (optional)")
                .props("outlined autogrow maxlength=2000")
                .classes("w-full")
                .mark("notes")
            )
            with ui.element("div").classes("hearth-offscreen").props("aria-hidden=true"):
                self.website = (
                    ui.input("Website").props("tabindex=-1 autocomplete=off name=website").mark("website")
                )  # the honeypot: people never see it, robots fill it in
            self.problem = ui.column().classes("w-full q-pa-md rounded-borders bg-orange-1 gap-2").props("role=alert")
            self.problem.mark("problem")
            self.problem.set_visibility(False)
            self.terms = ui.label().classes("text-body2 text-grey-8").mark("cancellation-terms")
            self.button = (
                ui.button(self.label(), on_click=self.submit)
                .props("unelevated size=lg no-caps")
                .classes("w-full hearth-touch")
                .mark("request-booking")
            )

    def _contact_fields(self) -> None:
        ui.label("We need these to confirm your booking. Fields marked * are required.").classes("text-body2")
        with ui.row().classes("w-full no-wrap gap-2"):
            first = ui.input("First name *").props("outlined autocomplete=given-name").classes("col")
            last = ui.input("Last name *").props("outlined autocomplete=family-name").classes("col")
        email = ui.input("Email *").props("outlined type=email autocomplete=email").classes("w-full")
        phone = ui.input("Phone").props("outlined type=tel autocomplete=tel").classes("w-full")
        dob = DateInput("Date of birth", clearable=True).props(remove="dense").props("autocomplete=bday")
        dob.classes("w-full")
        self.fields.update(first_name=first, last_name=last, email=email, phone=phone, date_of_birth=dob)
        self.for_family = ui.checkbox("I'm booking for a family member").mark("for_family")
        with ui.column().classes("w-full gap-2").bind_visibility_from(self.for_family, "value") as self.family:
            ui.label("Your family member: the appointment is theirs; the details above are yours.").classes(
                "text-body2"
            )
            # one above the other: side by side, a phone cuts the labels to "Family member'…"
            first = ui.input("Family member's first name *").props("outlined autocomplete=off").classes("w-full")
            last = ui.input("Family member's last name *").props("outlined autocomplete=off").classes("w-full")
            self.fields.update(family_first_name=first, family_last_name=last)
        self.family.mark("family-member")
        for name, element in self.fields.items():
            element.mark(name)

    # --- the summary --------------------------------------------------------------------------------------------

    @property
    def prepaid(self) -> bool:
        return self.flow.service is not None and self.flow.service.prepaid

    def label(self) -> str:
        """'Request booking' ('Book' when Setup books at once); a prepaid service: 'Pay $132.00 and request'."""
        f = self.flow
        if f.service is not None and f.service.prepaid:
            return f"Pay {money(f.service.pay_cents)} and " + ("book" if f.settings.instant else "request")
        return "Book" if f.settings.instant else "Request booking"

    def refresh(self) -> None:
        """Redraws the summary of the choices (after one changed), the button's words and the terms."""
        f = self.flow
        self.button.text = self.label()
        self.terms.text = cancellation_terms(f.settings, self.prepaid)
        self.summary.clear()
        with self.summary:
            if f.service is not None:
                self._line("service", f"{f.service.name} · {service_details(f.service)}")
            self._line("practitioner", f.practitioner_label)
            if f.time is not None:
                self._line("start", f.when(f.time.start, f.time.end))

    def _line(self, key: str, value: str) -> None:
        title, step, aria = CHOICES[key]
        with ui.row().classes("w-full items-center no-wrap gap-2"):
            with ui.column().classes("col gap-0"):
                ui.label(title).classes("text-caption text-grey-8")
                ui.label(value).classes("text-body1").mark(f"chosen-{key}")
                if key in self.errors:
                    ui.label(self.errors[key]).classes("text-body2 text-negative").mark(f"{key}-error")
            touch_button("Change", lambda: self.change(step), aria=aria).mark(f"change-{step}")

    # --- sending ------------------------------------------------------------------------------------------------

    def _value(self, name: str) -> str:
        element = self.fields.get(name)
        return (element.value or "") if element is not None else ""

    def visit(self) -> Visit:
        f = self.flow
        assert f.service is not None and f.time is not None
        dob = self.fields.get("date_of_birth")
        return Visit(
            service_id=f.service.id,
            practitioner_id=f.practitioner_id,
            start=f.time.start,
            first_name=self._value("first_name"),
            last_name=self._value("last_name"),
            email=self._value("email"),
            phone=self._value("phone"),
            date_of_birth=(dob.iso or None) if isinstance(dob, DateInput) else None,
            notes=self._value("notes"),
            website=self.website.value or "",
            invite_token=f.token,
            portal=f.portal,
            profile_id=f.profile_id if f.portal else None,
            for_family=self.for_family is not None and bool(self.for_family.value),
            family_first_name=self._value("family_first_name"),
            family_last_name=self._value("family_last_name"),
        )

    async def submit(self) -> None:
        f = self.flow
        if f.service is None or f.time is None:
            await self.change("when")
            return
        if self.sending:  # a second click before the first answer
            return
        chosen = f.time
        for element in self.fields.values():
            element.error = None
        self.errors = {}
        self._problem(None)
        self.sending = True
        self.button.props("loading")
        if self.prepaid:
            await self.pay()
            return
        try:
            done = await request_booking(uow(), visit=self.visit(), ip=f.ip)
        except ValidationFailed as exc:
            self._place(exc.errors)
        except TimeTaken as exc:
            self._taken(exc)
        except InvalidLink as exc:
            self._problem(exc.message, bookings_page=True)
        except DomainError as exc:  # TooManyRequests, and any other refusal: its message, the form kept
            self._problem(exc.message)
        else:
            self.done(done, chosen)
        finally:
            self.sending = False
            if not self.button.is_deleted:
                self.button.props(remove="loading")

    async def pay(self) -> None:
        """A prepaid service: the request is held and the visitor goes to the provider's page to pay (the button
        keeps spinning meanwhile); any refusal is told here, the form kept."""
        client = page_client()
        provider = state.payment_provider
        try:
            if provider is None:
                raise DomainError("Paying online is not available at the moment. Please call the clinic to book.")
            url = await start_prepaid_request(
                uow(), visit=self.visit(), provider=provider, public_url=state.config.public_url, ip=self.flow.ip
            )
        except ValidationFailed as exc:
            self._place(exc.errors)
        except TimeTaken as exc:
            self._taken(exc)
        except InvalidLink as exc:
            self._problem(exc.message, bookings_page=True)
        except DomainError as exc:  # the provider could not start the payment (the time is free again), too many…
            self._problem(exc.message)
        else:
            go_to(client, url)  # the provider's checkout: the sandbox's page here, or Stripe's
            return
        self.sending = False
        if not self.button.is_deleted:
            self.button.props(remove="loading")

    def _place(self, errors: dict[str, str]) -> None:
        """Each message at its field (a choice's under its summary line); what has no place, above the button."""
        unplaced, at_fields = [], False
        for key, message in errors.items():
            if key in self.fields:
                self.fields[key].error, at_fields = message, True
            elif key in CHOICES:
                self.errors[key] = message
            else:
                unplaced.append(message)
        self.refresh()
        if at_fields:
            unplaced.append("Please correct the fields marked in red.")
        self._problem(" ".join(unplaced or self.errors.values()))

    def _taken(self, exc: TimeTaken) -> None:
        f = self.flow
        self._problem(exc.message if exc.nearest else f"{exc.message} There are no other free times that day.")
        with self.problem:
            if exc.nearest:
                with ui.element("div").classes("hearth-times"):
                    for time in exc.nearest:
                        pick = lambda t=time: self._pick(t)
                        button = time_button(f.clock(time.start), f.their_time(time.start), pick)
                        button.mark(f"nearest-time nearest-{time.start.astimezone(f.tz):%H:%M}")
            touch_button("Choose another day", lambda: self.change("when"), props="flat no-caps").mark("another-day")

    def _pick(self, time: FreeTime) -> None:
        """A nearest free time chosen instead: the form stays as typed; the visitor sends it again."""
        client = self.root.client  # not the button's: it goes with the message
        self.flow.choose_time(time)
        self.errors.pop("start", None)
        self._problem(None)
        self.refresh()
        label = self.button.text
        tell(client, f"Time changed to {self.flow.when(time.start, time.end)}. Press “{label}” to send.", "info")

    def _problem(self, message: str | None, *, bookings_page: bool = False) -> None:
        """The message above the button (None: none)."""
        self.problem.clear()
        self.problem.set_visibility(bool(message))
        if message:
            with self.problem:
                ui.label(message).classes("text-body1").mark("problem-message")
                if bookings_page:
                    ui.link("Open the Bookings Page", "/book").classes("hearth-touch inline-flex items-center")
