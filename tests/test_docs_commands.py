"""The documentation is a test: every ```bash block of the README and docs/classroom.md runs.

Each document's blocks run in order, as a reader would type them, in one temporary copy
of the project (so ``exercises/`` is there, and ``cd my-course`` after ``grade init
my-course`` works), with the relative paths and default options the text shows. ``grade``
is the one from the environment running the tests, found on ``PATH``. Every command must
exit 0 (or a code its block allows) and must not print a traceback.

A block that cannot run here says why, in an HTML comment just before it (invisible on a
rendered page), which this module reads::

    <!-- doc-test: not-run="needs headless Chromium" -->
    <!-- doc-test: skip="pip install|gh " why="..." exits="0,1" setup="class" -->

``not-run``: the block is not run, for the reason given. ``skip``: commands (or ``&&``
parts of a line) starting with one of these prefixes are left out, for the reason in
``why``. ``exits``: the exit codes every command may have (default ``0``; ``grade all``
on the stubs exits 1 by design). ``setup="class"``: a ``submissions/`` folder with a few
students (a solved file, a wrong one, a misnamed one) is made first, for the class
commands. A new block needs no change here; a command that breaks breaks this test.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ("README.md", "docs/classroom.md")
FENCE = re.compile(r"^```bash[ \t]*\n(.*?)^```[ \t]*$", re.S | re.M)
MARKER = re.compile(r"<!--\s*doc-test:((?:(?!-->).)*)-->\s*\Z", re.S)
OPTION = re.compile(r'\s*([a-z-]+)="([^"]*)"')
KNOWN = {"not-run", "skip", "why", "exits", "setup"}
BLOCK_TIMEOUT = 600
_COPY_IGNORE = shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", "build", "dist", ".mypy_cache",
                                      ".ruff_cache", ".pytest_cache", "reports", "*.pyc")


@dataclass
class Block:
    document: str
    line: int
    text: str
    options: dict[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.document}:{self.line}"

    def commands(self) -> list[str]:
        """The block's commands, one per logical line, without those its marker skips."""
        joined = re.sub(r"\\\n", " ", self.text)
        prefixes = [p for p in self.options.get("skip", "").split("|") if p]
        commands = []
        for line in joined.splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = [part for part in re.split(r"\s&&\s", line)
                     if not any(part.strip().startswith(prefix) for prefix in prefixes)]
            if parts:
                commands.append(" && ".join(part.strip() for part in parts))
        return commands


def parse_options(text: str) -> dict[str, str]:
    options = dict(OPTION.findall(text))
    leftover = OPTION.sub("", text).strip()
    if leftover or set(options) - KNOWN:
        raise ValueError(f"unreadable doc-test marker {text!r} (known: {', '.join(sorted(KNOWN))})")
    return options


def blocks_of(document: str, text: str) -> list[Block]:
    blocks = []
    for match in FENCE.finditer(text):
        before = text[:match.start()].rstrip()
        marker = MARKER.search(before)
        options = parse_options(marker.group(1)) if marker else {}
        blocks.append(Block(document, text.count("\n", 0, match.start()) + 1, match.group(1), options))
    return blocks


def document_blocks(document: str) -> list[Block]:
    return blocks_of(document, (ROOT / document).read_text(encoding="utf-8"))


# -- the extractor itself ------------------------------------------------------------------------


def test_the_extractor_reads_markers_skips_and_continuations():
    text = ("intro\n\n```bash\ngrade all   # a comment\n```\n\n"
            '<!-- doc-test: skip="pip install|python -m pytest" why="installed" exits="0,1" -->\n'
            '```bash\npip install -e . && grade all\npip install -e ".[test]" && python -m pytest\n'
            "grade batch subs \\\n  --jobs 2\n```\n\n"
            '<!-- doc-test: not-run="needs a browser" -->\n```bash\npython tests/browser.py x\n```\n'
            "```python\nprint('not bash')\n```\n")
    first, second, third = blocks_of("x.md", text)
    assert first.commands() == ["grade all   # a comment"] and first.options == {} and first.line == 3
    assert second.options["exits"] == "0,1"
    assert second.commands() == ["grade all", "grade batch subs    --jobs 2"]
    assert third.options == {"not-run": "needs a browser"}
    with pytest.raises(ValueError, match="unreadable"):
        blocks_of("x.md", "<!-- doc-test: nonsense -->\n```bash\nls\n```\n")
    with pytest.raises(ValueError, match="unreadable"):
        blocks_of("x.md", '<!-- doc-test: rnu="typo" -->\n```bash\nls\n```\n')


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_marker_gives_its_reason(document):
    blocks = document_blocks(document)
    assert blocks, f"{document} shows no bash block"
    for block in blocks:
        if "not-run" in block.options:
            assert block.options["not-run"].strip(), f"{block.where}: not-run without a reason"
        if "skip" in block.options:
            assert block.options.get("why", "").strip(), f"{block.where}: skip without why=..."
        assert block.options.get("setup", "class") == "class", f"{block.where}: unknown setup"
        if "not-run" not in block.options:
            # An install run from the temporary copy would re-point the test environment's
            # grader at that copy, for every later test: a block that installs says skip=.
            installs = [c for c in block.commands() if re.search(r"(^|&&\s*)(python3? -m )?pip3? install", c)]
            assert installs == [], f"{block.where}: add skip=\"pip install\" to its doc-test marker"


# -- running the documents ----------------------------------------------------------------------


def _class_folder(where: Path) -> None:
    """``submissions/``: a solved lesson 01, a wrong one in exercises/, a misnamed one."""
    solved = ROOT / "solutions" / "lesson01_vectors.py"
    wrong = ROOT / "tests" / "submissions" / "lesson01" / "wrong_outer_transposed.py"
    for student, source, name in (("ada", solved, "lesson01_vectors.py"),
                                  ("bo", wrong, "exercises/lesson01_vectors.py"),
                                  ("cy", solved, "lesson01.py")):
        target = where / "submissions" / student / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)


def _environment(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("GRADE_", "GITHUB_", "PYTEST_")) and key not in ("CI", "FORCE_COLOR")}
    env.update({
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        "HOME": str(home), "GRADE_LANG": "en", "NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1",
        "GIT_AUTHOR_NAME": "Docs Test", "GIT_AUTHOR_EMAIL": "docs@example.org",
        "GIT_COMMITTER_NAME": "Docs Test", "GIT_COMMITTER_EMAIL": "docs@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
    })
    return env


def run_block(block: Block, cwd: Path, env: dict[str, str], work: Path) -> list[str]:
    """Run the block's commands in one shell; the problems found (empty when it worked)."""
    commands = block.commands()
    if block.options.get("setup") == "class":
        _class_folder(cwd)
    codes = work / "exit-codes"
    codes.unlink(missing_ok=True)
    script = "".join(f"{command}\necho $? >> {str(codes)!r}\n" for command in commands)
    proc = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=BLOCK_TIMEOUT, stdin=subprocess.DEVNULL)
    seen = [int(c) for c in codes.read_text().split()] if codes.exists() else []
    allowed = {int(c) for c in block.options.get("exits", "0").split(",")}
    problems = []
    for command, code in zip(commands, seen):
        if code not in allowed:
            problems.append(f"{block.where}: `{command}` exited {code} (allowed: {sorted(allowed)})")
    if len(seen) != len(commands):
        problems.append(f"{block.where}: the shell stopped after {len(seen)} of {len(commands)} commands")
    if "Traceback (most recent call last)" in proc.stdout + proc.stderr:
        problems.append(f"{block.where}: a traceback")
    if problems:
        problems.append(f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}")
    return problems


@pytest.mark.parametrize("document", DOCUMENTS)
def test_every_command_in_the_document_runs(document, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=_COPY_IGNORE)
    home = tmp_path / "home"
    home.mkdir()
    env = _environment(home)
    ran = 0
    for block in document_blocks(document):
        if "not-run" in block.options:
            continue
        problems = run_block(block, project, env, tmp_path)
        assert not problems, "\n".join(problems)
        ran += 1
    assert ran, f"no block of {document} was run"
