"""Every test starts with the default clinic's formats (en-AU, AUD): the clinic's formats are process-wide
(domain/formats.py), and a test that chose another locale must not leave it to the next one."""

import pytest

from domain import formats


@pytest.fixture(autouse=True)
def default_clinic_formats():
    formats.set_clinic(formats.Formats())
    yield
    formats.set_clinic(formats.Formats())


@pytest.fixture(autouse=True)
def no_refusals_remembered():
    """The Bookings Page remembers, per process, how many refusals it audited per address: start each test afresh."""
    from domain.scheduling.online import requests

    requests._refusals.clear()
    yield
