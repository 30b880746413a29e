"""Start-up time and idle memory of the server: printed figures, not pass/fail.

    .venv/bin/python -m benchmarks.startup [runs]

Cold: a new data folder (migrations from empty, demo data). Warm: the same folder again.
Time is from process start to the first answered HTTP request; memory is VmRSS after
5 s idle, then after one signed-in page view.
"""

import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tests.e2e.server import AppServer


def measure(data_dir: Path) -> tuple[float, float]:
    with AppServer(data_dir=data_dir) as server:
        time.sleep(5)
        urllib.request.urlopen(f"{server.url}/login", timeout=5).read()
        return server.ready_after, server.rss_mib()


def main(runs: int) -> None:
    cold, warm, memory = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="hearth-bench-") as folder:
            seconds, _ = measure(Path(folder))
            cold.append(seconds)
            seconds, rss = measure(Path(folder))
            warm.append(seconds)
            memory.append(rss)
    print(f"runs: {runs}")
    print(
        f"cold start (migrate + demo data) to first answer: median {statistics.median(cold):.2f} s, "
        f"max {max(cold):.2f} s"
    )
    print(f"warm start to first answer: median {statistics.median(warm):.2f} s, max {max(warm):.2f} s")
    print(f"ratio cold / warm: {statistics.median(cold) / statistics.median(warm):.2f}")
    print(f"idle memory (RSS after 5 s and one page): median {statistics.median(memory):.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
