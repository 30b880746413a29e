"""Starting the app with settings that cannot work: one clear line, no traceback, exit code 2."""

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.server import AppServer
from tests.support import SmtpRecorder, free_port

ROOT = Path(__file__).resolve().parents[2]


def start(tmp_path, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NICEGUI_") and k != "PYTEST_CURRENT_TEST"}
    environment.update({"HEARTH_DATA_DIR": str(tmp_path), "HEARTH_PORT": str(free_port())} | env)
    return subprocess.run(
        [sys.executable, "-m", "ui.main"], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "env, words",
    [
        ({"DATABASE_URL": "mysql://root@localhost/hearth"}, "DATABASE_URL driver 'mysql' is not supported"),
        ({"DATABASE_URL": "postgresql+asyncpg://hearth@127.0.0.1:1/hearth"}, "cannot prepare the database"),
        ({"SMTP_URL": "http://mail.example.com"}, "is not an SMTP address"),
        ({"HEARTH_PORT": "eighty"}, "HEARTH_PORT='eighty': use a port number"),
        ({"HEARTH_DEMO": "maybe"}, "HEARTH_DEMO='maybe': use 1 or 0"),
    ],
)
def test_bad_settings_stop_the_start_with_one_line(tmp_path, env, words):
    result = start(tmp_path, **env)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("hearth: ") and words in line
    assert "Traceback" not in result.stdout + result.stderr


def _one_line(result, words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("hearth: ") and words in line
    assert "Traceback" not in result.stdout + result.stderr


def test_a_data_folder_that_cannot_hold_the_storage_secret_gives_one_line(tmp_path):
    (tmp_path / "storage_secret").mkdir()  # unwritable as a file, even for root (a read-only folder is not)
    _one_line(start(tmp_path), "cannot keep the storage secret in")


def test_a_sqlite_file_in_a_missing_folder_gives_one_line_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    result = start(data, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/missing/hearth.db")
    _one_line(result, f"the folder {tmp_path}/missing for the SQLite database does not exist")
    assert not data.exists()


def test_a_taken_port_gives_one_line_before_anything_is_written(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        data = tmp_path / "data"
        result = start(data, HEARTH_HOST="127.0.0.1", HEARTH_PORT=str(taken.getsockname()[1]))
    _one_line(result, "cannot listen on 127.0.0.1:")
    assert not data.exists()  # no database migrated, no demo seeded


def test_the_database_and_the_secret_are_the_owners_alone(tmp_path):
    with AppServer(data_dir=tmp_path):
        pass
    for path in (tmp_path, tmp_path / "storage_secret", tmp_path / "hearth.db"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, f"{path} is readable by others"


def test_unreachable_smtp_server_is_reported_once_and_the_app_still_starts(tmp_path):
    with AppServer(data_dir=tmp_path, SMTP_URL=f"smtp://127.0.0.1:{free_port()}") as server:
        pass
    output = server.output()
    assert output.count("cannot be reached") == 1 and "emails wait in the Outbox" in output


def test_reachable_smtp_server_is_announced(tmp_path):
    with SmtpRecorder() as smtp, AppServer(data_dir=tmp_path, SMTP_URL=smtp.url) as server:
        pass
    assert f"Sending email through 127.0.0.1:{smtp.port}" in server.output()


def test_the_readme_run_command_gets_past_its_set_up():
    """scripts/run starts with scripts/setup (no --test): it must succeed on a set-up machine."""
    result = subprocess.run(["bash", "scripts/setup"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
