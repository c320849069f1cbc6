"""How long ``check(...)`` takes in a running Jupyter kernel on this machine.

    python bench/notebook_check.py             # 15 checks of each kind
    python bench/notebook_check.py --runs 31

Writes the notebooks (``grade notebooks``) into a temporary folder, starts a real
IPython kernel there (jupyter_client, as Jupyter does), runs the setup cell and a right
solution of lesson 01, waits for the judge to be warm, then times ``check("dot")`` and
``check("lesson01")`` from the moment the cell is sent to the moment its reply arrives.
Prints the median and the slowest. A measurement, not a test: it asserts nothing.

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        subprocess.run([sys.executable, "-c", "from grader.cli import main; main()", "notebooks", "--lang", "en"],
                       cwd=folder, check=True, capture_output=True)
        manager, client = start_new_kernel(kernel_name="python3", cwd=str(folder / "notebooks"))
        try:
            solution = (ROOT / "solutions" / "lesson01_vectors.py").read_text(encoding="utf-8")
            solution = solution.replace("from __future__ import annotations", "")
            run(client, "from grader.notebook import check\n" + solution)
            print(run(client, 'print(check("lesson01").status)').strip(), "(warm-up)")
            for name in ("dot", "lesson01"):
                times = []
                for _ in range(args.runs):
                    started = time.perf_counter()
                    out = run(client, f'print(check("{name}").status)')
                    times.append(time.perf_counter() - started)
                    assert "passed" in out, out
                print(f"check({name!r:>10}) in a running kernel: median {statistics.median(times):.3f} s, "
                      f"slowest {max(times):.3f} s over {args.runs} runs")
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
