"""Starts the real app (python -m ui.main) in a subprocess on a free port with its own data folder."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-sandbox",
    "--disable-gpu",
]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise RuntimeError("Chromium is not installed: scripts/test installs Debian's chromium package")
    return path


class AppServer:
    def __init__(self, data_dir: Path | None = None, **env: str) -> None:
        """A given data_dir is kept afterwards (to start again on the same data); else a temporary one."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.keep_data = data_dir is not None
        self.data_dir = data_dir or Path(tempfile.mkdtemp(prefix="hearth-e2e-"))
        self.extra_env = env

    def __enter__(self) -> "AppServer":
        env = {
            k: v
            for k, v in os.environ.items()
            if k != "PYTEST_CURRENT_TEST" and not k.startswith("NICEGUI_") and k != "DATABASE_URL"
        }
        env.update(
            HEARTH_DATA_DIR=str(self.data_dir),
            HEARTH_PORT=str(self.port),
            HEARTH_HOST="127.0.0.1",
            HEARTH_PUBLIC_URL=self.url,
            **self.extra_env,
        )
        self.log = open(self.data_dir / "server.log", "w")
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ui.main"], cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited at start:\n{self.output()}")
            try:
                urllib.request.urlopen(f"{self.url}/login", timeout=2)
                self.ready_after = time.monotonic() - self.started
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"the app did not answer within 60 s:\n{self.output()}")

    def output(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return (self.data_dir / "server.log").read_text()

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        if not self.keep_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def rss_mib(self) -> float:
        """Resident memory of the server process."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")
