"""Checks inside Jupyter or Colab: ``check("dot")``, ``hint("dot")``, ``solution("dot")``.

``check`` grades what the kernel holds *now*: the cells it has run are reduced to their
imports, functions, classes and constants (``grader.reading.cells``), and that source is sent to a
separate judge process (``judge.py``) that grades it with the ordinary engine and
sandbox and records the verdict in the progress store. Nothing in the kernel decides a
verdict: learner code that patches this module can change what the kernel *shows*, not
what the judge decided and recorded, nor what ``grade`` finds in the saved notebook.

``hint`` and ``solution`` run ``grade hint`` and ``grade solution`` themselves, so the
ladder, its remembered rung and the rules for revealing a solution are the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from grader.course import Lesson, load_course
from grader.notebook.client import JUDGE, JudgeUnavailable
from grader.notebook.view import CheckView

__all__ = ["CheckView", "check", "hint", "set_language", "solution"]

_settings: dict[str, str] = {}


def set_language(lang: str) -> None:
    """Feedback in ``"en"`` or ``"zh"`` (otherwise as the ``grade`` command decides)."""
    if lang not in ("en", "zh"):
        raise ValueError("language must be 'en' or 'zh'")
    _settings["lang"] = lang


def _language() -> str:
    from grader.i18n import detect_language

    return _settings.get("lang") or detect_language(None)


def _find(name: str) -> tuple[Lesson, tuple[str, ...]]:
    if not isinstance(name, str):  # check(dot): the function stands for its name
        found = getattr(name, "__name__", None)
        if not callable(name) or not isinstance(found, str):
            raise TypeError(f"name the exercise or the lesson: check('dot') or check('lesson01'), "
                            f"not a {type(name).__name__}")
        name = found
    course = load_course()
    try:
        return course.lesson(name), ()
    except KeyError:
        pass
    for lesson in course.lessons:
        if any(e.name == name for e in lesson.exercises):
            return lesson, (name,)
    raise ValueError(f"{name!r} is neither a lesson nor an exercise of the course "
                     f"(try 'lesson01' or 'dot')")


def kernel_cells() -> list[str]:
    """The sources of the cells this kernel has run, oldest first."""
    # A kernel has always imported IPython; reaching it through sys.modules keeps a plain
    # script from importing it, and works alike on IPython 8 (untyped) and 9.
    ipython: Any = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        history = shell.user_ns.get("In") or []
        return [cell for cell in history if isinstance(cell, str) and cell]
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return [Path(path).read_text(encoding="utf-8")] if path else []


def check(name: str, workspace: str | os.PathLike[str] | None = None) -> CheckView:
    """Grade exercise ``name`` (``"dot"``) or a whole lesson (``"lesson01"``) as defined now."""
    from grader.model import LessonResult
    from grader.reading.cells import definitions

    lesson, exercises = _find(name)
    lang = _language()
    folder = Path(workspace) if workspace is not None else Path.cwd()
    source = definitions(kernel_cells())
    timeout = sum(e.timeout for e in lesson.exercises if not exercises or e.name in exercises)
    try:
        reply = JUDGE.ask({"workspace": str(folder.resolve()), "lesson": lesson.id,
                           "exercises": list(exercises), "source": source, "lang": lang},
                          timeout=timeout * 4)
    except JudgeUnavailable as exc:
        raise RuntimeError(str(exc)) from None
    if not reply.get("ok"):
        raise RuntimeError(str(reply.get("error")))
    result = LessonResult.from_dict(reply["run"]["lessons"][0])
    return CheckView(result, lang, bool(reply.get("recorded")), reply.get("note"))


class CommandOutput:
    """The text a ``grade`` command printed, shown as is in Jupyter and in a terminal."""

    def __init__(self, text: str, code: int) -> None:
        self.text = text
        self.code = code

    def __repr__(self) -> str:
        return self.text

    def _repr_html_(self) -> str:
        import html

        return f"<pre>{html.escape(self.text)}</pre>"


def _grade_command(args: list[str], workspace: str | os.PathLike[str] | None) -> CommandOutput:
    folder = Path(workspace) if workspace is not None else Path.cwd()
    command = [sys.executable, "-c", "from grader.cli import main; main()", *args,
               "--workspace", str(folder), "--lang", _language()]
    env = dict(os.environ, NO_COLOR="1")
    done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=120, check=False)
    return CommandOutput((done.stdout + done.stderr).rstrip(), done.returncode)


def hint(name: str, workspace: str | os.PathLike[str] | None = None) -> CommandOutput:
    """The next rung of ``name``'s hint ladder, as ``grade hint`` gives it (and remembers)."""
    lesson, exercises = _find(name)
    return _grade_command(["hint", lesson.id, *exercises], workspace)


def solution(name: str, give_up: bool = False,
             workspace: str | os.PathLike[str] | None = None) -> CommandOutput:
    """The reference for ``name``, under ``grade solution``'s rules (pass first, or give up)."""
    lesson, exercises = _find(name)
    if not exercises:
        raise ValueError("name one exercise, e.g. solution('dot')")
    return _grade_command(["solution", lesson.id, exercises[0], *(["--give-up"] if give_up else [])],
                          workspace)


def _lessons_as_modules() -> None:
    """Let ``from lesson07_perceptron import AND`` find lesson 07's notebook (see ``imports``)."""
    from grader.notebook.imports import install

    install()


def _warm_up() -> None:
    """In a kernel, start the judge now, while the learner reads: the first check then
    answers quickly. Elsewhere (the grader importing ``cells``) nothing starts."""
    shell = sys.modules.get("IPython")
    if shell is None or getattr(shell, "get_ipython", lambda: None)() is None:
        return
    try:
        JUDGE.start()
    except OSError:
        pass


_lessons_as_modules()
_warm_up()
