"""Whole journeys in Debian's Chromium against the real app in a subprocess."""

import pytest

from tests.e2e.server import CHROMIUM_ARGS, AppServer, chromium
from tests.support import SmtpRecorder

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": chromium(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def app_server():
    with AppServer() as server:
        yield server


@pytest.fixture(scope="session")
def base_url(app_server):
    return app_server.url


@pytest.fixture(scope="module")
def mail_server():
    """A real SMTP server (aiosmtpd) that keeps what it receives, for one test module."""
    with SmtpRecorder() as smtp:
        yield smtp


@pytest.fixture(scope="module")
def mailing_app(mail_server):
    """The app sending its email to `mail_server`."""
    with AppServer(SMTP_URL=mail_server.url) as server:
        yield server
