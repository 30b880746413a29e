"""Starting the app with settings that cannot work: one clear line, no traceback, exit code 2."""

import os
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
