"""What a session pack is made of (seed 004: name, description, metric, size, price, the reduced rate of
subsequent sessions, expiry): the same fields in Setup > Session packs and in a profile's Add New Pack."""

from dataclasses import dataclass
from decimal import Decimal

from nicegui import ui

from domain.billing.pack_rules import METRIC_LABELS, SIZE_LABELS
from domain.billing.pack_templates import TemplateView
from domain.formats import current
from ui.components.money_input import money_input

UNITS = {"sessions": 1, "hours": 60}  # stored per unit typed: sessions, minutes (money: the currency's minor units)


def size_text(metric: str, size: int) -> str:
    """A pack's size as a person types it back: '10', '7.5' (hours), '500.00' or '500,00' (money)."""
    fmt = current()
    return fmt.amount(size) if metric == "money" else fmt.number(Decimal(size) / UNITS[metric])


@dataclass
class PackFields:
    name: ui.input
    description: ui.input
    metric: ui.select
    size: ui.input
    price: ui.input
    reduced: ui.input
    expiry: ui.input

    def values(self) -> dict[str, object]:
        """The fields as a service takes them."""
        return dict(
            name=self.name.value,
            description=self.description.value,
            metric=self.metric.value,
            size=self.size.value,
            price=self.price.value,
            reduced_rate=self.reduced.value,
            expiry_days=self.expiry.value,
        )

    def by_error_key(self) -> dict[str, ui.element]:
        """Where a service's field errors are shown."""
        return {
            "name": self.name,
            "metric": self.metric,
            "size": self.size,
            "price": self.price,
            "reduced_rate": self.reduced,
            "expiry_days": self.expiry,
        }


def pack_fields(t: TemplateView | None = None) -> PackFields:
    """Draws the fields, filled from a template when there is one; the size's label follows the metric."""
    metric_value = t.metric if t else "sessions"
    name = ui.input("Name", value=t.name if t else "").props("outlined dense").classes("w-full").mark("pack-name")
    description = (
        ui.input("Description", value=t.description if t else "")
        .props("outlined dense")
        .classes("w-full")
        .mark("pack-description")
    )
    metric = (
        ui.select(METRIC_LABELS, value=metric_value, label="Metric")
        .props("outlined dense")
        .classes("w-full")
        .mark("pack-metric")
    )
    with ui.row().classes("w-full no-wrap gap-2"):
        size = (
            ui.input(SIZE_LABELS[metric_value], value=size_text(t.metric, t.size) if t else "")
            .props("outlined dense inputmode=decimal")
            .classes("col")
            .mark("pack-size")
        )
        price = money_input("Price", t.price_cents if t else None, blank=True).classes("col").mark("pack-price")
    with ui.row().classes("w-full no-wrap gap-2"):
        reduced = money_input("Subsequent sessions at", t.reduced_rate_cents if t else 0).classes("col")
        expiry = (
            ui.input("Expires after (days)", value=str(t.expiry_days or "") if t else "")
            .props("outlined dense inputmode=numeric")
            .classes("col")
        )
    metric.on_value_change(lambda e: setattr(size, "label", SIZE_LABELS[e.value]))
    return PackFields(name, description, metric, size, price, reduced, expiry)
