"""Running generated CI configurations locally, the way their platforms would.

GitHub Actions: each ``run:`` step is a bash script (``bash --noprofile --norc -eo
pipefail``, GitHub's default shell) run in the checked-out repository, with its own
``$GITHUB_OUTPUT`` file, a shared ``$GITHUB_ENV`` file read before every later step,
``$RUNNER_TEMP`` and ``$GITHUB_WORKSPACE``, a ``$GITHUB_STEP_SUMMARY`` file per step (the
job summary is their concatenation, ``JobRun.summary``), and the workflow's and the job's ``env``;
``${{ secrets.X }}`` and
``${{ steps.ID.outputs.NAME }}`` are substituted; a step runs only while nothing failed
unless its ``if`` says ``always()``. ``uses:`` steps: checkout and setup-python are
no-ops (the repository is already here, ``python`` is on ``PATH``), and the Classroom
reporter is reproduced from its source (src/main.js, src/notify-classroom.js).

GitLab CI: the job's ``script`` lines run in one bash shell, with the job's variables.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

_EXPRESSION = re.compile(r"\$\{\{\s*([^}]+?)\s*\}\}")
REPORTER = "classroom-resources/autograding-grading-reporter"


@dataclass
class StepRun:
    name: str
    returncode: int
    stdout: str = ""
    stderr: str = ""
    outputs: dict[str, str] = field(default_factory=dict)


@dataclass
class JobRun:
    steps: list[StepRun]
    reporter: dict[str, Any] | None = None
    summary: str = ""

    @property
    def failed(self) -> bool:
        return any(step.returncode != 0 for step in self.steps)

    def step(self, name: str) -> StepRun:
        return next(s for s in self.steps if s.name == name)


def _read_pairs(path: Path) -> dict[str, str]:
    pairs = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                pairs[key] = value
    return pairs


def _evaluate(text: str, secrets: dict[str, str], outputs: dict[str, dict[str, str]]) -> str:
    def value(match: re.Match[str]) -> str:
        expression = match.group(1)
        parts = expression.split(".")
        if parts[0] == "secrets" and len(parts) == 2:
            return secrets.get(parts[1], "")
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return outputs.get(parts[1], {}).get(parts[3], "")
        raise ValueError(f"expression not supported by the emulation: {expression}")

    return _EXPRESSION.sub(value, text)


def js_number(value: float) -> str:
    """``String(value)`` in JavaScript, for the finite numbers a reporter prints."""
    return str(int(value)) if value == int(value) and abs(value) < 1e21 else repr(value)


def js_to_fixed(value: float, digits: int) -> str:
    """``Number.prototype.toFixed``: the exact binary value, ties rounded up (not to even)."""
    return str(Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def reporter_log_score(result: dict[str, Any]) -> float:
    """Ports src/helpers/test-helpers.js ``getTestScore``: the score the reporter's log and
    table show for one runner, passed tests / all tests x the runner's max_score."""
    passed = 0
    for test in result["tests"]:
        passed = passed + 1 if test["status"] == "pass" else passed
    return (passed / len(result["tests"])) * (result.get("max_score") or 0)


def reporter(environ: dict[str, str], runners: str) -> dict[str, Any]:
    """What autograding-grading-reporter computes, prints and reports to Classroom.

    Ported from classroom-resources/autograding-grading-reporter (HEAD 43c2d9f):
    src/main.js (reading ``<RUNNER>_RESULTS``), src/console-results.js ``ConsoleResults``
    (the "Total points for <runner>" lines), src/aggregate-results.js ``AggregateResults``
    (the table's "Total:" row, a sum of ``getTestScore``) and src/notify-classroom.js
    ``NotifyClassroom`` (the "Points X/Y" notice Classroom records: the sum of test scores).
    Sums run in the reporter's order, so float results match its to the last bit.
    """
    try:
        results = {}
        for runner in runners.split(","):
            encoded = environ[f"{runner.strip().upper()}_RESULTS"]
            results[runner.strip()] = json.loads(base64.b64decode(encoded).decode("utf-8"))
    except (KeyError, ValueError) as exc:
        return {"error": "The runners input must be a comma-separated list of strings.", "cause": str(exc)}
    log: list[str] = []
    table_total = table_max = 0.0
    for runner, result in results.items():
        score = reporter_log_score(result)
        max_score = result.get("max_score") or 0
        if max_score != 0:
            log.append(f"Total points for {runner}: {js_to_fixed(score, 2)}/{js_number(max_score)}")
        table_total = table_total + score
        table_max = table_max + max_score
    table_row = ["Total: ", js_number(table_total), js_number(table_max)]  # the table's last row
    total = max_total = 0.0
    for result in results.values():
        if not result.get("max_score"):
            continue
        max_total += result["max_score"]
        for test in result["tests"]:
            total += test["score"]
    notice = f"Points {js_number(total)}/{js_number(max_total)}" if max_total else None
    failed = any(r.get("status") in ("fail", "error") for r in results.values())
    return {"results": results, "points": total, "max_points": max_total, "failed": failed,
            "log_points": table_total, "log_max_points": table_max, "log": log, "table_total_row": table_row,
            "notice": notice}


def run_github_job(workflow: Path, repo: Path, runner_temp: Path, environ: dict[str, str],
                   secrets: dict[str, str], skip: tuple[str, ...] = (), timeout: float = 900) -> JobRun:
    document = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    (job,) = document["jobs"].values()
    runner_temp.mkdir(parents=True, exist_ok=True)
    github_env = runner_temp / "github_env"
    github_env.write_text("")
    outputs: dict[str, dict[str, str]] = {}
    steps: list[StepRun] = []
    summaries: list[str] = []
    report = None
    inherited = {str(k): str(v) for k, v in {**(document.get("env") or {}), **(job.get("env") or {})}.items()}
    for index, step in enumerate(job["steps"]):
        name = step.get("name", f"step {index}")
        condition = str(step.get("if", ""))
        if any(s.returncode for s in steps) and "always()" not in condition:
            continue
        if name in skip:
            continue
        env = {**environ, **inherited, **_read_pairs(github_env), "GITHUB_ENV": str(github_env),
               "RUNNER_TEMP": str(runner_temp), "GITHUB_WORKSPACE": str(repo), "CI": "true"}
        env.update({k: _evaluate(str(v), secrets, outputs) for k, v in (step.get("env") or {}).items()})
        uses = step.get("uses", "")
        if uses.startswith(REPORTER):
            report = reporter(env, step["with"]["runners"])
            failed = "error" in report or report["failed"]
            steps.append(StepRun(name, 1 if failed else 0))
            continue
        if uses:
            steps.append(StepRun(name, 0))
            continue
        output_file = runner_temp / f"github_output_{index}"
        output_file.write_text("")
        env["GITHUB_OUTPUT"] = str(output_file)
        summary_file = runner_temp / f"github_step_summary_{index}"
        summary_file.write_text("")
        env["GITHUB_STEP_SUMMARY"] = str(summary_file)
        script = runner_temp / f"step_{index}.sh"
        script.write_text(_evaluate(step["run"], secrets, outputs), encoding="utf-8")
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=repo, env=env, capture_output=True, text=True, timeout=timeout)
        step_outputs = _read_pairs(output_file)
        if "id" in step:
            outputs[step["id"]] = step_outputs
        steps.append(StepRun(name, proc.returncode, proc.stdout, proc.stderr, step_outputs))
        summaries.append(summary_file.read_text(encoding="utf-8"))
    return JobRun(steps, report, "".join(summaries))


def run_gitlab_job(config: Path, repo: Path, environ: dict[str, str], variables: dict[str, str],
                   skip_lines: tuple[str, ...] = (), timeout: float = 900) -> subprocess.CompletedProcess[str]:
    document = yaml.safe_load(config.read_text(encoding="utf-8"))
    job = document["grade"]
    lines = [line for line in job["script"] if not any(line.startswith(s) for s in skip_lines)]
    env = {**environ, **{k: str(v) for k, v in job.get("variables", {}).items()}, **variables,
           "CI_PROJECT_DIR": str(repo), "CI": "true"}
    script = "set -eo pipefail\n" + "\n".join(lines) + "\n"
    return subprocess.run(["bash", "--noprofile", "--norc", "-c", script], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=timeout)


def grade_shim(folder: Path, python: str, import_root: Path) -> Path:
    """A ``grade`` command that runs ``import_root``'s grader with ``python``, the way an
    installed console script does: isolated (``-I``: no ``PYTHONPATH``, no working folder
    on ``sys.path``), so that a ``grader/`` folder where it runs is never imported."""
    folder.mkdir(parents=True, exist_ok=True)
    shim = folder / "grade"
    boot = f"import sys; sys.path.insert(0, {str(import_root)!r}); from grader.cli import main; main()"
    shim.write_text(f'#!/usr/bin/env bash\nexec "{python}" -I -c "{boot}" "$@"\n')
    shim.chmod(0o755)
    return shim


def installing_python(folder: Path, python: str, import_root: Path, log: Path) -> Path:
    """A ``python`` for the workflows' install steps, without the package index.

    ``python -m venv NAME`` makes ``NAME/bin/python``, whose every call (the ``pip
    install`` of the pinned grader) is appended to ``log`` and succeeds, and
    ``NAME/bin/grade``, the grader of ``import_root`` (``grade_shim``): what the pinned
    install would give. Any other call runs the real ``python``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fake = folder / "python"
    fake.write_text(f"""#!/usr/bin/env bash
if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then
  mkdir -p "$3/bin"
  cat > "$3/bin/python" <<'FAKE'
#!/usr/bin/env bash
printf '%s\\n' "$PWD" "$*" >> "{log}"
FAKE
  chmod +x "$3/bin/python"
  cp "{grade_shim(folder / "shim", python, import_root)}" "$3/bin/grade"
  exit 0
fi
exec "{python}" "$@"
""")
    fake.chmod(0o755)
    return fake


def base_environment(path_first: Path | None = None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("GITHUB_", "GRADE_", "RUNNER_", "CI_", "PYTEST_")) and key != "CI"}
    env["PATH"] = (f"{path_first}:" if path_first else "") + os.environ.get("PATH", "/usr/bin:/bin")
    env["NO_COLOR"] = "1"
    return env
