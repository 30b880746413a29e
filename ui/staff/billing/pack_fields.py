"""What a session pack is made of (seed 004: name, description, metric, size, price, the reduced rate of
subsequent sessions, expiry): the same fields in Setup > Session packs and in a profile's Add New Pack."""

from dataclasses import dataclass

from nicegui import ui

from domain.billing.pack_rules import METRIC_LABELS, SIZE_LABELS
from domain.billing.pack_templates import TemplateView

UNITS = {"sessions": 1, "hours": 60, "money": 100}  # stored per unit typed: sessions, minutes, cents


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
            ui.input(SIZE_LABELS[metric_value], value=f"{t.size / UNITS[t.metric]:g}" if t else "")
            .props("outlined dense inputmode=decimal")
            .classes("col")
            .mark("pack-size")
        )
        price = (
            ui.input("Price", value=f"{t.price_cents / 100:.2f}" if t else "")
            .props("outlined dense prefix=$ inputmode=decimal")
            .classes("col")
            .mark("pack-price")
        )
    with ui.row().classes("w-full no-wrap gap-2"):
        reduced = (
            ui.input("Subsequent sessions at", value=f"{t.reduced_rate_cents / 100:.2f}" if t else "0")
            .props("outlined dense prefix=$ inputmode=decimal")
            .classes("col")
        )
        expiry = (
            ui.input("Expires after (days)", value=str(t.expiry_days or "") if t else "")
            .props("outlined dense inputmode=numeric")
            .classes("col")
        )
    metric.on_value_change(lambda e: setattr(size, "label", SIZE_LABELS[e.value]))
    return PackFields(name, description, metric, size, price, reduced, expiry)
