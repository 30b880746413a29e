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
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--disable-quic", "--no-sandbox", "--disable-gpu"]


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
    def __init__(self, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = Path(tempfile.mkdtemp(prefix="hearth-e2e-"))
        self.extra_env = env

    def __enter__(self) -> "AppServer":
        env = {k: v for k, v in os.environ.items()
               if k != "PYTEST_CURRENT_TEST" and not k.startswith("NICEGUI_") and k != "DATABASE_URL"}
        env.update(HEARTH_DATA_DIR=str(self.data_dir), HEARTH_PORT=str(self.port), HEARTH_HOST="127.0.0.1",
                   HEARTH_PUBLIC_URL=self.url, **self.extra_env)
        self.log = open(self.data_dir / "server.log", "w")
        self.process = subprocess.Popen([sys.executable, "-m", "ui.main"], cwd=ROOT, env=env,
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the app exited at start:\n{self.output()}")
            try:
                urllib.request.urlopen(f"{self.url}/login", timeout=2)
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"the app did not answer within 60 s:\n{self.output()}")

    def output(self) -> str:
        self.log.flush()
        return (self.data_dir / "server.log").read_text()

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)
