"""Steps 1 and 2 of the Bookings Page: the service, then a practitioner or "Any practitioner"."""

from collections.abc import Callable

from nicegui import ui

from domain.scheduling.online.settings import ANY_ORDER, OnlineService
from ui.booking.flow import ANY, Flow, service_details, slug
from ui.booking.layout import touch_button
from ui.booking.packages import packages_link

CHOICE = "outline no-caps align=left"  # a big button per choice, its words inside it


def _choice(on_click: Callable, title: str, detail: str, markers: str) -> ui.button:
    with ui.button(on_click=on_click).props(CHOICE).classes("w-full hearth-touch q-py-sm").mark(markers) as button:
        with ui.column().classes("items-start gap-0 text-left"):
            ui.label(title).classes("text-subtitle1 text-weight-medium text-grey-10")
            if detail:
                ui.label(detail).classes("text-body2 text-grey-8")
    return button


def service_step(flow: Flow, choose: Callable[[OnlineService], object]) -> None:
    ui.label("What would you like to book?").classes("text-body1")
    with ui.column().classes("w-full gap-2"):
        for service in flow.services:
            _choice(
                lambda s=service: choose(s),
                service.name,
                service_details(service),
                f"service service-{service.id} service-{slug(service.name)}",
            )
    if flow.portal is None:  # the public page's "Buy a package" asks for contact details: not in the portal (yet)
        packages_link()  # "Buy a package", when the clinic sells one online


def practitioner_step(flow: Flow, choose: Callable[[int | None], object], back: Callable) -> None:
    service = flow.service
    assert service is not None
    names = [flow.names[p] for p in service.practitioner_ids if p in flow.names]
    ui.label(f"Who would you like to see for {service.name}?").classes("text-body1")
    order = f"{ANY_ORDER}: {', then '.join(names)}" if len(names) > 1 else ANY_ORDER
    with ui.column().classes("w-full gap-2"):
        _choice(
            lambda: choose(None),
            ANY,
            f"We book the first practitioner free at that time, {order}.",
            "practitioner any-practitioner",
        )
        for practitioner_id in service.practitioner_ids:
            if practitioner_id in flow.names:
                name = flow.names[practitioner_id]
                _choice(
                    lambda p=practitioner_id: choose(p),
                    name,
                    "",
                    f"practitioner practitioner-{practitioner_id} practitioner-{slug(name)}",
                )
    touch_button("‹ Back", back, aria="Back").mark("back")
