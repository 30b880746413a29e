"""Session pack consumption across the three metrics (pure)."""

from datetime import date

from domain.billing.pack_rules import PackState, amount_for, progress_label, refusal, use_label


def test_sessions_hours_and_money_take_what_the_appointment_is():
    assert amount_for("sessions", minutes=90, price_cents=20000) == 1
    assert amount_for("hours", minutes=90, price_cents=20000) == 90
    assert amount_for("money", minutes=90, price_cents=20000) == 20000


def test_labels_say_session_n_of_m_or_what_is_left():
    assert use_label("sessions", sequence=3, used_after=3, size=10) == "Session 3 of 10"
    assert use_label("hours", sequence=2, used_after=150, size=600) == "7.5 hours left of 10 hours"
    assert use_label("money", sequence=1, used_after=15000, size=50000) == "$350.00 left of $500.00"
    assert (
        progress_label(PackState("P", "sessions", 10, 3, date(2027, 1, 31)))
        == "3 of 10 sessions used, expires 31 Jan 2027"
    )


def test_a_used_up_expired_or_too_small_pack_is_refused_with_the_reason():
    pack = PackState("10-session pack", "sessions", 10, 10)
    assert "used up" in refusal(pack, 1, date(2026, 12, 1))
    expired = PackState("Winter pack", "hours", 600, 0, expires_on=date(2026, 11, 30))
    assert refusal(expired, 60, date(2026, 12, 1)) == "Winter pack expired on 30 Nov 2026."
    assert refusal(expired, 60, date(2026, 11, 30)) is None
    money = PackState("Credit", "money", 50000, 40000)
    assert "has only $100.00 left" in refusal(money, 15000, date(2026, 12, 1))
