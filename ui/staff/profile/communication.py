"""Profile > Communication: email or SMS to the profile (the primary by default, others CC'd) and letters."""

from nicegui import ui

from domain import topics
from domain.messaging.communication import SMS_LIMIT, make_letter, reachable, send_to_profile
from domain.phones import phone_label
from ui.actions import FAILED, attempt
from ui.live import live_box
from ui.outcome import hand_over, page_client, tell
from ui.session import StaffContext
from ui.staff.profile.basics import section


def communication_tab(ctx: StaffContext, profile_id: int) -> None:
    live_box(
        lambda: reachable(ctx.uow(read_only=True), actor=ctx.actor, profile_id=profile_id),
        lambda people: _draw(ctx, profile_id, people),
        topics.members(profile_id),
        style="max-width: 44rem",
    )


def _draw(ctx: StaffContext, profile_id: int, people) -> None:
    if not people:
        with section("Communication"):
            ui.label("Add a member first: messages go to the profile's members.").classes("text-grey-8")
        return
    names = {p.person_id: p.name + (" (primary)" if p.primary and len(people) > 1 else "") for p in people}
    details = {p.person_id: p for p in people}
    with section("Communication", "Messages go through the Outbox and are kept in Records > Correspondence."):
        channel = (
            ui.toggle({"email": "Email", "sms": "SMS", "letter": "Letter"}, value="email")
            .props("no-caps")
            .mark("channel")
        )
        to = (
            ui.select(names, value=people[0].person_id, label="To")
            .props("outlined dense")
            .classes("w-full")
            .mark("message-to")
        )
        cc = (
            ui.select(dict(names.items()), value=[], multiple=True, label="CC")
            .props("outlined dense use-chips")
            .classes("w-full")
            .mark("message-cc")
        )
        reach = ui.label().classes("text-caption text-grey-7")
        subject = ui.input("Subject").props("outlined dense").classes("w-full").mark("message-subject")
        body = ui.textarea("Message").props("outlined autogrow counter").classes("w-full").mark("message-body")

        def show() -> None:
            person = details.get(to.value)
            kind = channel.value
            cc.visible = kind != "letter" and len(people) > 1
            subject.visible = kind != "sms"
            if kind == "sms":
                body.props["maxlength"] = SMS_LIMIT
                body.update()
            else:
                body.props(remove="maxlength")
            if person is None:
                reach.text = ""
            elif kind == "letter":
                reach.text = "A PDF letter addressed to them; it downloads and is kept with the profile."
            else:
                address = person.email if kind == "email" else phone_label(person.phone)
                reach.text = (
                    f"Sends to {address}"
                    if address
                    else f"No {'email address' if kind == 'email' else 'phone number'} for {person.name}."
                )
            send.text = "Generate letter" if kind == "letter" else f"Send {'SMS' if kind == 'sms' else 'email'}"

        async def go() -> None:
            client = page_client()
            fields = {"to": to, "cc": cc, "subject": subject, "body": body}
            if channel.value == "letter":
                made = await attempt(
                    make_letter,
                    ctx.uow(),
                    actor=ctx.actor,
                    profile_id=profile_id,
                    to_person_id=to.value,
                    subject=subject.value or "",
                    body=body.value or "",
                    fields=fields,
                )
                if made is not FAILED:
                    hand_over(client, made[2], made[1], "application/pdf")
                    tell(client, "Letter generated.")
                return
            sent = await attempt(
                send_to_profile,
                ctx.uow(),
                actor=ctx.actor,
                profile_id=profile_id,
                channel=channel.value,
                to_person_id=to.value,
                cc_person_ids=list(cc.value or []),
                subject=subject.value or "",
                body=body.value or "",
                fields=fields,
            )
            if sent is not FAILED:
                tell(client, f"{sent} message{'s' if sent > 1 else ''} queued in the Outbox.")
                if not subject.is_deleted:
                    subject.value = body.value = ""

        send = ui.button("Send email", icon="send", on_click=go).props("unelevated no-caps").mark("send-message")
        for control in (channel, to):
            control.on_value_change(show)
        show()
