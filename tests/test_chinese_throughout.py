"""In Chinese mode every learner-facing line is Chinese: feedback, hints, errors, click's own
usage errors; and ``--lang`` works before or after the command.

Each command runs as the learner types it, in the course folder, with ``GRADE_LANG=zh``
(or ``--lang zh``). What is left of English after taking away code, file names, options,
the learner's own exception text and the glossary's symbols must be nothing: two English
words in a row, or a common English word between Chinese ones, is English prose.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typical_mistakes import GRADE, ROOT, course_with_mistakes, environment

GLOSSARY = ROOT / "docs" / "glossary.md"  # the project's copy of the shared glossary
SYMBOLS = {"sigmoid", "tanh", "ReLU", "relu", "softmax", "Adam", "epoch", "batch_size", "KL", "MLP",
           "AND", "OR", "NAND", "XOR", "NaN", "inf", "nan", "float64", "float", "int", "bool", "list", "dtype",
           "axis", "shape", "Jupyter", "JupyterLab", "Colab", "UTF", "CI", "HTML", "JSON", "Ctrl", "pip",
           "jupyter", "lab", "notebook", "numpy", "NumPy", "Python", "lr", "max_steps", "cd"}
COMMON = {"and", "or", "the", "is", "are", "of", "to", "in", "not", "with", "for", "from", "right", "wrong",
          "passed", "failed", "error", "usage", "missing", "invalid", "try", "help", "did", "you", "mean",
          "no", "such", "option", "unknown", "lesson", "exercise", "hint", "next", "but", "was", "be"}


def _glossary_symbols() -> set[str]:
    """The Latin words the glossary keeps in its Chinese column (sigmoid, epoch, ...)."""
    if not GLOSSARY.is_file():
        return set()
    found: set[str] = set()
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) >= 3:
            found |= set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", cells[2]))
    return found


ALLOWED = SYMBOLS | _glossary_symbols()
CODE = re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|\bgrade(?: [a-z][a-z0-9_]*)*|\S*[/\\._=()\[\]{}<>*+^|@#-]\S*"
                  r"|\S*\d\S*|\b[A-Z][A-Z_]+\b")


def english_prose(text: str) -> list[str]:
    """The English prose in ``text``, code, names and the learner's own words taken away."""
    found = []
    for line in text.splitlines():
        if re.search(r"\b\w*(Error|Exception|Warning)\b:", line) or line.lstrip().startswith(("File ", "Traceback")):
            continue  # the learner's own exception, shown as raised
        plain = CODE.sub(" ", line)
        words = [w for w in re.findall(r"[A-Za-z]+", plain) if w not in ALLOWED]
        runs = re.findall(r"(?<![A-Za-z])[A-Za-z]{2,}(?: +[A-Za-z]{2,})+", " ".join(
            w if w in words else "·" for w in re.findall(r"[A-Za-z]+|[^A-Za-z]+", plain)))
        runs = [r for r in runs if any(w not in ALLOWED for w in r.split())]
        common = [w for w in words if w.lower() in COMMON]
        if runs or common:
            found.append(line.strip())
    return found


def test_the_prose_detector_sees_english_and_lets_code_through() -> None:
    assert english_prose("dX and db 正确；dW 不正确")
    assert english_prose("错误：No such option '--bogus'.")
    assert english_prose("Usage: grade lesson04 [OPTIONS]")
    assert not english_prose("请用 -np.log(p) / np.log(base)；用 `grade hint lesson04` 查看 p[p > 0]")
    assert not english_prose("  抛出：   ValueError: the game left the chain's domain")
    assert not english_prose("用法：grade reset [OPTIONS] LESSON [EXERCISE]")
    assert not english_prose("sigmoid 和 softmax 的导数；epoch 为轮次")


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The typical mistakes, and the course's notebooks beside the exercises."""
    folder = course_with_mistakes(tmp_path_factory.mktemp("zh"))
    assert "已在" in run(["notebooks", "notebooks"], folder)
    return folder


def run(args: list[str], cwd: Path, env_lang: bool = True) -> str:
    env = environment("zh") if env_lang else {**environment("en"), "LANG": "C"}
    proc = subprocess.run([GRADE, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.stdout + proc.stderr


COMMANDS = [
    ["lesson04"], ["lesson10"], ["lesson04", "--verbose"], ["next"], ["hint"], ["hint", "lesson04", "entropy"],
    ["hint", "lesson10", "dense_backward", "--all"], ["status"], ["list"], ["leson04"], ["lesson13"],
    ["hint", "entropi"], ["hint", "lesson04", "entropi"], ["init", "inner"], ["lesson04", "--bogus"],
    ["reset"], ["lesson04", "--format", "xml"], ["lesson04", "--jobs", "0"], ["lesson04", "-w", "nowhere"],
    ["solution", "lesson04", "entropy"], ["hint", "a", "b", "c"], ["wacth"], ["report"],
    ["notebooks"], ["lesson01", "-w", "notebooks"], ["hint", "-w", "notebooks"], ["next", "-w", "notebooks"],
    ["all", "-w", "notebooks"], ["status", "-w", "notebooks"], ["reset", "lesson04", "entrpy"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_every_learner_command_speaks_chinese(course: Path, args: list[str]) -> None:
    out = run(args, course)
    assert out.strip(), args
    assert english_prose(out) == [], out


def test_a_misnamed_lesson_file_is_said_in_chinese(course: Path) -> None:
    folder = course / "exercises"
    shutil.move(folder / "lesson04_information.py", folder / "lesson04.py")
    try:
        out = run(["lesson04"], course)
    finally:
        shutil.move(folder / "lesson04.py", folder / "lesson04_information.py")
    assert "lesson04_information.py" in out and "改名" in out, out
    assert english_prose(out) == [], out


@pytest.mark.parametrize("args", [["--lang", "zh", "init", "fresh"], ["init", "fresh", "--lang", "zh"]])
def test_lang_goes_before_or_after_the_command(tmp_path: Path, args: list[str]) -> None:
    out = run(args, tmp_path, env_lang=False)
    assert (tmp_path / "fresh" / "exercises").is_dir(), out
    assert "已创建" in out and english_prose(out) == [], out
    wrong = run(["--lang", "zh", "lesson04", "--bogus"], tmp_path, env_lang=False)
    assert "错误" in wrong and english_prose(wrong) == [], wrong


@pytest.fixture(scope="module")
def unreadable_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh workspace whose progress history is somebody's notes, not a database."""
    parent = tmp_path_factory.mktemp("zh-history")
    run(["init", "course"], parent)
    reports = parent / "course" / "reports"
    reports.mkdir(exist_ok=True)
    (reports / "progress.sqlite").write_bytes(b"somebody's notes, not a progress database\n" * 40)
    return parent / "course"


HISTORY_COMMANDS = [["list"], ["status"], ["report"], ["lesson01"], ["all"], ["next"], ["hint"]]


@pytest.mark.parametrize("args", HISTORY_COMMANDS, ids=[" ".join(a) for a in HISTORY_COMMANDS])
def test_an_unreadable_progress_history_is_said_in_chinese(unreadable_history: Path, args: list[str]) -> None:
    """Every command that reads the history says in Chinese why it cannot, on one line; the file is untouched."""
    before = (unreadable_history / "reports" / "progress.sqlite").read_bytes()
    env = environment("zh")
    proc = subprocess.run([GRADE, *args], cwd=unreadable_history, env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "不是可读取的进度数据库" in lines[0], proc.stderr
    assert english_prose(proc.stderr.replace("file is not a database", "")) == [], proc.stderr
    assert (unreadable_history / "reports" / "progress.sqlite").read_bytes() == before
