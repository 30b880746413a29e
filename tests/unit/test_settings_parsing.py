"""DATABASE_URL and SMTP_URL: clear one-line messages for what cannot work."""

import pytest

from domain.adapters.smtp import SmtpSettings, SmtpUrlError
from domain.messaging.sender import retry_delay
from storage.config import DatabaseUrlError, check_database_url


@pytest.mark.parametrize(
    "url", ["sqlite+aiosqlite:///data/hearth.db", "postgresql+asyncpg://hearth:secret@db.internal:5432/hearth"]
)
def test_supported_database_urls_pass(url):
    assert check_database_url(url) == url


@pytest.mark.parametrize(
    "url, words",
    [
        ("not a url", "is not a database URL"),
        ("mysql://u@h/db", "is not supported"),
        ("postgresql://u@h/db", "is not supported"),
        ("sqlite+aiosqlite://", "names no SQLite file"),
        ("postgresql+asyncpg:///hearth", "needs a host"),
    ],
)
def test_malformed_database_urls_say_what_to_write(url, words):
    with pytest.raises(DatabaseUrlError, match=words) as raised:
        check_database_url(url)
    assert "postgresql+asyncpg://user:password@host:5432/dbname" in str(raised.value)


def test_smtp_url_forms():
    plain = SmtpSettings.from_url("smtp://mail.example.com")
    assert (plain.host, plain.port, plain.use_tls, plain.start_tls) == ("mail.example.com", 25, False, False)
    secure = SmtpSettings.from_url("smtps://clinic%40example.com:p%40ss@mail.example.com")
    assert (secure.port, secure.use_tls, secure.username, secure.password) == (465, True, "clinic@example.com", "p@ss")
    assert SmtpSettings.from_url("smtp://mail.example.com:587?starttls=1").start_tls


@pytest.mark.parametrize("url", ["http://mail.example.com", "smtp://", "smtp://host:port"])
def test_bad_smtp_urls_are_refused(url):
    with pytest.raises(SmtpUrlError, match="smtp://user:password@host:587"):
        SmtpSettings.from_url(url)


def test_retries_back_off_to_six_hours():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(30).total_seconds() == 6 * 3600
