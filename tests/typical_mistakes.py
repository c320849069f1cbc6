"""A learner's course folder with the typical mistakes of lessons 04 and 10 in it.

Made the way a learner makes one (``grade init``), then each lesson file is the
reference with one plausible mistake per exercise: the grader's named mistakes, as a
newcomer would meet them on a first failing run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRADE = str(Path(sys.executable).with_name("grade"))

MISTAKES: dict[str, dict[str, tuple[str, str]]] = {
    "lesson04_information.py": {
        "self_information": ("info = -np.log(p) / log_b", "info = -np.log2(p)"),
        "entropy": ("return float(-np.sum(_xlogy(p, p)) / log_b)", "return float(np.sum(_xlogy(p, p)) / log_b)"),
        "kl_divergence": ("return float((np.sum(_xlogy(p, p)) - np.sum(_xlogy(p, q))) / log_b)",
                          "return float((np.sum(_xlogy(q, q)) - np.sum(_xlogy(q, p))) / log_b)"),
        "cross_entropy": ("return float(-np.sum(_xlogy(p, q)) / log_b)",
                          "return float(-np.sum(p * np.log(q)) / log_b)"),
    },
    "lesson10_backprop.py": {
        "chain_backprop_game": ("db = dc * 2.0 * math.sqrt(b)", "db = -dc * 2.0 * math.sqrt(b)"),
        "dense_backward": ("dW = X.T @ dZ", "dW = (X.T @ dZ).T"),
        "sigmoid_backward": ("    s = _sigmoid(Z)\n    return dA * s * (1.0 - s)",
                             "    s = Z\n    return dA * s * (1.0 - s)"),
        "tanh_backward": ("return dA * (1.0 - t * t)", "return dA * (1.0 - t)"),
        "relu_backward": ("return np.where(Z > 0, dA, 0.0)", "return np.where(Z >= 0, dA, 0.0)"),
        "softmax_cross_entropy_backward": ("return (_softmax(Z) - Y) / Z.shape[0]", "return (_softmax(Z) - Y)"),
    },
}


def environment(lang: str = "en", **extra: str) -> dict[str, str]:
    """The learner's environment: no grader variables but the language, no forced colour, and
    not a CI job (where no status line is drawn), whoever runs the tests."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GRADE_", "LC_")) and k not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE",
                                                                "COLUMNS", "LANG", "CI")}
    return {**env, "GRADE_LANG": lang, **extra}


def grade(*args: str, cwd: Path, lang: str = "en", timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``grade ARGS`` as typed in ``cwd``, its output piped."""
    return subprocess.run([GRADE, *args], cwd=cwd, env=environment(lang), capture_output=True, text=True,
                          timeout=timeout)


def course_with_mistakes(parent: Path, name: str = "my-course") -> Path:
    """``grade init NAME`` in ``parent``, then lessons 04 and 10 with one mistake per exercise."""
    made = grade("init", name, cwd=parent)
    assert made.returncode == 0, made.stdout + made.stderr
    course = parent / name
    for file, mistakes in MISTAKES.items():
        source = (ROOT / "solutions" / file).read_text(encoding="utf-8")
        for right, wrong in mistakes.values():
            assert right in source, right
            source = source.replace(right, wrong, 1)
        (course / "exercises" / file).write_text(source, encoding="utf-8")
    return course


def on_a_terminal(args: list[str], cwd: Path, columns: int, lang: str = "en", rows: int = 50,
                  timeout: float = 300) -> tuple[int, str]:
    """``grade ARGS`` with stdout and stderr on a pseudo-terminal ``columns`` wide: what the
    learner's window shows (colour off, as with NO_COLOR, to read it as text)."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    proc = subprocess.Popen([GRADE, *args], cwd=cwd, env=environment(lang, NO_COLOR="1", TERM="xterm"),
                            stdin=subprocess.DEVNULL, stdout=follower, stderr=follower)
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    code = proc.wait(timeout=timeout)
    return code, screen.decode("utf-8", errors="replace").replace("\r\n", "\n")
