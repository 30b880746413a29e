"""A new password and its repeat: the first-owner page, an accepted invitation, a portal account's emailed link."""

from nicegui import ui


def new_password_fields() -> tuple[ui.input, ui.input]:
    """(password, repeat), for `ui.actions.attempt(..., fields={"password": password})` and a differs check."""
    password = (
        ui.input("Password", password=True, password_toggle_button=True)
        .props('outlined autocomplete=new-password hint="10 characters or more"')
        .classes("w-full")
        .mark("password")
    )
    confirm = (
        ui.input("Repeat the password", password=True)
        .props("outlined autocomplete=new-password")
        .classes("w-full")
        .mark("confirm")
    )
    return password, confirm
