"""An amount field in the clinic's currency: its sign before or after as the locale writes it ('$', '€' after in
de-DE), the amount as a person types it back ('110.00', '110,00'); the service reads it (formats.parse_amount)."""

from nicegui import ui

from domain.formats import current


def money_input(label: str, cents: int | None = None, *, blank: bool = False) -> ui.input:
    """`cents`: the amount shown (minor units); blank=True leaves the field empty when there is none."""
    fmt = current()
    value = "" if cents is None and blank else fmt.amount(cents or 0)
    field = ui.input(label, value=value).props("outlined dense")
    field.props["suffix" if fmt.symbol_after else "prefix"] = fmt.symbol
    field.props["inputmode"] = "decimal"
    return field
