"""Due dates, late penalties and extensions.

A submission's time is its last commit's when its folder is a git repository (the
committer date: git records what the student's machine said, so it is a claim, as a
file's time is), else the newest modification time of its lesson files; the gradebook
says which. A submission ``d`` days after its due date (the course's ``--due`` plus the
student's ``extension_days``), counted in started days, loses ``d x penalty`` of its score,
at most ``cap``. Both the raw and the adjusted score are kept.
"""

from __future__ import annotations

import math
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from grader.errors import GradeError
from grader.i18n import tr

DAY = 86400.0


class DeadlineError(GradeError, ValueError):
    """A due date or late policy that cannot be read; one line for the user."""


@dataclass(frozen=True)
class LatePolicy:
    due: float  # seconds since the epoch
    per_day: float = 0.0  # share of the score lost per started day late (0.1 = 10 %)
    cap: float = 1.0  # the most that can be lost

    def days_late(self, submitted: float, extension_days: float = 0.0) -> int:
        late = submitted - (self.due + extension_days * DAY)
        return math.ceil(late / DAY) if late > 0 else 0

    def penalty(self, submitted: float, extension_days: float = 0.0) -> float:
        return min(self.cap, self.days_late(submitted, extension_days) * self.per_day)


def parse_due(text: str) -> float:
    """``2026-12-01T23:59`` (local time), ``2026-12-01 23:59+08:00`` or ``2026-12-01`` (its end)."""
    raw = text.strip()
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise DeadlineError(tr("--due {text!r}: give a date and time like 2026-12-01T23:59 "
                               "(or 2026-12-01T23:59+08:00)",
                               "--due {text!r}：请给出日期和时间，例如 2026-12-01T23:59"
                               "（或 2026-12-01T23:59+08:00）", text=text)) from None
    if len(raw) == 10:  # a bare date: due at the end of that day
        when = when.replace(hour=23, minute=59, second=59)
    return when.timestamp() if when.tzinfo else when.astimezone().timestamp()


def parse_share(text: str, option: str) -> float:
    """``10%`` or ``0.1`` -> 0.1."""
    raw = text.strip()
    try:
        value = float(raw.removesuffix("%")) / (100 if raw.endswith("%") else 1)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= 1:
        raise DeadlineError(tr("{option} {text!r}: give a percentage from 0% to 100% (or a share, 0.1)",
                               "{option} {text!r}：请给出 0% 到 100% 之间的百分比（或比例，如 0.1）",
                               option=option, text=text))
    return value


def _git_time(folder: Path) -> float | None:
    if not os.path.isdir(folder / ".git") and not os.path.isfile(folder / ".git"):
        return None
    try:
        # A student's repository is untrusted: its configuration must start nothing (no pager, no
        # fsmonitor hook, no signature check that would run its gpg.program), and no system config.
        proc = subprocess.run(
            ["git", "-c", "core.fsmonitor=false", "-c", "log.showSignature=false", "-c", "gpg.program=false",
             "-c", f"safe.directory={folder}", "--no-pager",
             "-C", str(folder), "log", "-1", "--format=%ct"],
            capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL,
            env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    try:
        return float(proc.stdout.strip()) if proc.returncode == 0 else None
    except ValueError:
        return None


def submission_time(folder: Path, files: Sequence[Path]) -> tuple[float | None, str]:
    """(seconds since the epoch, ``"git"`` or ``"files"``); (None, ``"none"``) with no lesson file."""
    committed = _git_time(folder)
    if committed is not None:
        return committed, "git"
    times = []
    for path in files:
        try:
            times.append(path.stat().st_mtime)
        except OSError:
            continue
    return (max(times), "files") if times else (None, "none")


def iso(seconds: float) -> str:
    """A time for the gradebook: UTC, to the second, e.g. ``2026-12-01T23:59:00Z``."""
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
