"""Appointments using session packs: taking a session (or hours, or money), giving it back, and numbering.

A use raises the pack's `used` with a conditional update (used + amount <= size) that the database CHECKs
too, so of two staff using the last session at once exactly one succeeds. A pack's sessions are numbered in
the order of their appointments (1, 2, 3 ...), renumbered whenever a use comes or goes or an appointment
moves, and the database refuses two held uses with one number: "Session 3 of 10" is said of one appointment only,
and the newest session's number agrees with the progress bar.
"""

from sqlalchemy import func, select, update

from domain import topics
from domain.billing.pack_rules import PackState, amount_for, refusal, use_label
from domain.errors import DomainError, NotFound
from domain.tasks.rules import pack_ended_task
from storage.billing import InvoiceItemRow, InvoiceRow
from storage.packs import PackRow, PackUseRow, pack_template_services
from storage.scheduling import AppointmentRow
from storage.types import utcnow
from storage.uow import UnitOfWork, rows_changed

RENUMBER_OFFSET = 1_000_000  # above any real session number: the first pass never collides with the second


class PackUnavailable(DomainError):
    """The pack cannot pay for this appointment; the page offers to open a new pack."""


async def covers(uow: UnitOfWork, template_id: int | None, service_id: int | None) -> bool:
    """Whether a pack of this template may pay for an appointment of this service: the template's covered
    services (none listed: any service); an ad hoc pack (no template) covers any."""
    if template_id is None:
        return True
    covered = set(
        (
            await uow.session.execute(
                select(pack_template_services.c.service_id).where(pack_template_services.c.template_id == template_id)
            )
        ).scalars()
    )
    return not covered or service_id in covered


async def use_pack_in(uow: UnitOfWork, *, appointment: AppointmentRow, pack_id: int) -> tuple[PackRow, PackUseRow]:
    """Inside the caller's transaction: the appointment takes its share of the pack, or PackUnavailable."""
    pack = await uow.session.get(PackRow, pack_id)
    if pack is None or pack.profile_id != appointment.profile_id:
        raise NotFound("That pack is not this client's.")
    if (
        await uow.session.execute(
            select(PackUseRow.id).where(PackUseRow.appointment_id == appointment.id, PackUseRow.held())
        )
    ).first():
        raise PackUnavailable("This appointment already uses a pack.")
    if not await covers(uow, pack.template_id, appointment.service_id):
        raise PackUnavailable(
            f"{pack.name} does not cover this appointment's service. Choose another pack or change the service."
        )
    minutes = int((appointment.ends_at - appointment.starts_at).total_seconds() // 60)
    amount = amount_for(pack.metric, minutes=minutes, price_cents=appointment.price_cents or 0)
    problem = refusal(
        PackState(pack.name, pack.metric, pack.size, pack.used, pack.expires_on, pack.closed_at is not None),
        amount,
        appointment.starts_at.date(),
    )
    if problem:
        raise PackUnavailable(problem + " Open a new pack?")
    taken = await uow.session.execute(
        update(PackRow)
        .where(PackRow.id == pack.id, PackRow.used + amount <= PackRow.size)
        .values(used=PackRow.used + amount)
    )
    if rows_changed(taken) != 1:  # someone used it at the same moment
        raise PackUnavailable(f"{pack.name} was just used up by another appointment. Open a new pack?")
    await uow.session.refresh(pack)
    last = (
        await uow.session.execute(
            select(func.max(PackUseRow.sequence)).where(PackUseRow.pack_id == pack.id, PackUseRow.held())
        )
    ).scalar_one()
    use = PackUseRow(pack_id=pack.id, appointment_id=appointment.id, amount=amount, sequence=(last or 0) + 1)
    uow.session.add(use)
    await uow.session.flush()
    await renumber(uow, pack)
    await uow.session.refresh(use)
    if pack.used >= pack.size:
        await pack_ended_task(uow, pack=pack, practitioner_id=appointment.practitioner_id, why="last session used")
    uow.changed(topics.pack(pack.id), topics.billing(pack.profile_id), topics.appointment(appointment.id))
    return pack, use


async def release_pack_use(uow: UnitOfWork, appointment_id: int) -> int | None:
    """Inside the caller's transaction (cancelling an appointment): gives the session back, and the later
    sessions move up a number. Returns the pack's id."""
    use = (
        await uow.session.execute(
            select(PackUseRow).where(PackUseRow.appointment_id == appointment_id, PackUseRow.held())
        )
    ).scalar_one_or_none()
    if use is None:
        return None
    await uow.session.execute(update(PackRow).where(PackRow.id == use.pack_id).values(used=PackRow.used - use.amount))
    use.released_at = utcnow()  # kept: the record of the session taken and given back stays
    await uow.session.flush()
    pack = await uow.get(PackRow, use.pack_id)
    await uow.session.refresh(pack)
    await renumber(uow, pack)
    uow.changed(topics.pack(pack.id), topics.billing(pack.profile_id))
    return pack.id


async def renumber_after_move(uow: UnitOfWork, appointment_id: int) -> None:
    """Inside the caller's transaction: a moved appointment may now come before or after another session."""
    use = (
        await uow.session.execute(
            select(PackUseRow).where(PackUseRow.appointment_id == appointment_id, PackUseRow.held())
        )
    ).scalar_one_or_none()
    if use is not None:
        await renumber(uow, await uow.get(PackRow, use.pack_id))


async def renumber(uow: UnitOfWork, pack: PackRow) -> None:
    """Numbers the pack's sessions 1..n in the order of their appointments; the lines of draft invoices
    follow (an issued invoice keeps what it said). The pack's row is locked first, so two renumberings (or a use
    and a renumbering) of one pack take turns."""
    await uow.session.execute(select(PackRow.id).where(PackRow.id == pack.id).with_for_update())
    order = (
        await uow.session.execute(
            select(PackUseRow.id, PackUseRow.sequence)
            .join(AppointmentRow, AppointmentRow.id == PackUseRow.appointment_id)
            .where(PackUseRow.pack_id == pack.id, PackUseRow.held())
            .order_by(AppointmentRow.starts_at, PackUseRow.id)
        )
    ).all()
    wanted = {use_id: n for n, (use_id, _) in enumerate(order, start=1)}
    if all(wanted[use_id] == sequence for use_id, sequence in order):
        return
    uow.changed(topics.pack(pack.id), topics.billing(pack.profile_id))  # the bars, panels and drafts say it anew
    await uow.session.execute(
        update(PackUseRow)
        .where(PackUseRow.pack_id == pack.id, PackUseRow.held())
        .values(sequence=PackUseRow.sequence + RENUMBER_OFFSET)
    )
    for use_id, sequence in wanted.items():
        await uow.session.execute(update(PackUseRow).where(PackUseRow.id == use_id).values(sequence=sequence))
    uses = (
        (
            await uow.session.execute(
                select(PackUseRow)
                .where(PackUseRow.pack_id == pack.id, PackUseRow.held())
                .execution_options(populate_existing=True)
            )
        )
        .scalars()
        .all()
    )
    running = 0
    for use in sorted(uses, key=lambda u: u.sequence):
        running += use.amount
        await uow.session.execute(
            update(InvoiceItemRow)
            .where(
                InvoiceItemRow.appointment_id == use.appointment_id,
                InvoiceItemRow.pack_id == pack.id,
                InvoiceItemRow.invoice_id.in_(select(InvoiceRow.id).where(InvoiceRow.status == "draft")),
            )
            .values(session_label=use_label(pack.metric, sequence=use.sequence, used_after=running, size=pack.size))
        )
    await uow.session.flush()
