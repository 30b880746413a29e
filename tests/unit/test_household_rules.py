"""Pure rules of profile records: which files are kept, and dates from forms."""

from datetime import date, timedelta

import pytest

from domain.errors import ValidationFailed
from domain.records.profile_records import check_file
from domain.validation import Errors, clean_date
from storage.records import MAX_FILE_BYTES


@pytest.mark.parametrize(
    "name, expected",
    [
        ("scan.PDF", "application/pdf"),
        ("photo.jpeg", "image/jpeg"),
        ("notes.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_document_and_image_types_are_kept(name, expected):
    assert check_file(name, 1000) == expected


@pytest.mark.parametrize(
    "name, size, message",
    [
        ("virus.exe", 10, "not a file type"),
        ("archive.pdf.zip", 10, "not a file type"),
        ("noextension", 10, "not a file type"),
        ("empty.pdf", 0, "is empty"),
        ("huge.pdf", MAX_FILE_BYTES + 1, "at most 10 MB"),
    ],
)
def test_other_types_empty_and_too_large_files_are_refused_with_the_limit(name, size, message):
    with pytest.raises(ValidationFailed, match=message):
        check_file(name, size)


def test_the_largest_allowed_file_is_exactly_the_limit():
    assert check_file("big.pdf", MAX_FILE_BYTES) == "application/pdf"


def test_clean_date_reads_iso_dates_and_names_what_is_wrong():
    errors = Errors()
    assert clean_date(errors, "on", "2026-11-20") == date(2026, 11, 20) and not errors
    clean_date(errors, "on", "20/11/2026")
    clean_date(errors, "missing", "", required=True, missing="When?")
    clean_date(errors, "later", date.today() + timedelta(days=1), future="Not in the future.")
    clean_date(errors, "leap", "1990-02-29")
    assert errors == {
        "on": "That is not a whole date: give the day, the month and the year.",
        "missing": "When?",
        "later": "Not in the future.",
        "leap": "There is no 29 February in 1990: it is not a leap year.",
    }
