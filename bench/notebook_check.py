"""How long ``check(...)`` takes in a running Jupyter kernel on this machine.

    python bench/notebook_check.py             # 15 checks of each kind
    python bench/notebook_check.py --runs 31

Writes the notebooks (``grade notebooks``) into a temporary folder, starts a real
IPython kernel there (jupyter_client, as Jupyter does), runs the setup cell and a right
solution of lesson 01, and times ``check(...)`` from the moment the cell is sent to the
moment its reply arrives: cold (the first check in a new kernel, the judge not yet
started; ``--cold-runs`` new kernels) and warm (``check("dot")`` and ``check("lesson01")``
again and again in one kernel). Prints the median and the slowest; ``bench/perf.py``
puts the medians in its table. A measurement, not a test: it asserts nothing.

Needs nbformat, jupyter_client and ipykernel (``pip install -e ".[test]"``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]


def run(client: object, code: str) -> str:
    printed: list[str] = []

    def keep(message: dict) -> None:  # type: ignore[type-arg]
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        if message["msg_type"] == "error":
            printed.append("\n".join(message["content"]["traceback"]))

    client.execute_interactive(code, output_hook=keep, timeout=120)  # type: ignore[attr-defined]
    return "".join(printed)


def _kernel(folder: Path) -> tuple[object, object]:
    """A new kernel in the notebooks' folder, with lesson 01's solution typed in."""
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(folder / "notebooks"))
    solution = (ROOT / "solutions" / "lesson01_vectors.py").read_text(encoding="utf-8")
    solution = solution.replace("from __future__ import annotations", "")
    run(client, "from grader.notebook import check\n" + solution)
    return manager, client


def _timed_check(client: object, name: str) -> float:
    started = time.perf_counter()
    out = run(client, f'print(check("{name}").status)')
    seconds = time.perf_counter() - started
    assert "passed" in out, out
    return seconds


def measure(runs: int, cold_runs: int = 3) -> dict[str, list[float]]:
    """Seconds of ``check(...)``: cold (the first in a new kernel), then warm, per kind."""
    times: dict[str, list[float]] = {"cold lesson01": [], "dot": [], "lesson01": []}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        subprocess.run([sys.executable, "-c", "from grader.cli import main; main()", "notebooks", "--lang", "en"],
                       cwd=folder, check=True, capture_output=True)
        for _ in range(cold_runs):
            manager, client = _kernel(folder)
            try:
                times["cold lesson01"].append(_timed_check(client, "lesson01"))
            finally:
                client.stop_channels()  # type: ignore[attr-defined]
                manager.shutdown_kernel(now=True)  # type: ignore[attr-defined]
        manager, client = _kernel(folder)
        try:
            _timed_check(client, "lesson01")  # warm-up
            for name in ("dot", "lesson01"):
                times[name] = [_timed_check(client, name) for _ in range(runs)]
        finally:
            client.stop_channels()  # type: ignore[attr-defined]
            manager.shutdown_kernel(now=True)  # type: ignore[attr-defined]
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--cold-runs", type=int, default=3, help="new kernels, each timed at its first check")
    args = parser.parse_args()
    for name, times in measure(args.runs, args.cold_runs).items():
        label = "first check(\"lesson01\") in a new kernel" if name.startswith("cold") else \
            f"check({name!r:>10}) in a running kernel"
        print(f"{label}: median {statistics.median(times):.3f} s, slowest {max(times):.3f} s over {len(times)} runs")


if __name__ == "__main__":
    main()
