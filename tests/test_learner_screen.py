"""A learner's first failing run is one short screen: each cause once, wrapped to the
window, the next step last; and ``grade hint`` answers the mistake the grader named.

Everything runs as the learner runs it: ``grade init``, then ``grade lesson04`` (and 10)
typed in the course folder, piped or on a pseudo-terminal of a given width.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typical_mistakes import MISTAKES, course_with_mistakes, grade, on_a_terminal

from grader.course import load_course
from grader.i18n import Text
from grader.learn import hints
from grader.learn import mistake_catalogue as mistakes
from grader.reporters.console import display_width, wrap

STATUS_LINE = re.compile(r"\r\x1b\[2K[^\r\n]*(?=\r)")
NEXT = {"en": "Next:", "zh": "下一步："}
SAME_WAY = {"en": "more check(s) fail the same way", "zh": "项检查以同样的方式未通过"}
MINUS = {"en": "the minus sign is missing or extra", "zh": "少了或多了一个负号"}
SUPPORTING = {"en": "Supporting checks", "zh": "已通过的辅助检查"}


def _known_ids() -> set[str]:
    found = {m.id for m in mistakes.generic_mistakes()} | {"factor:-1", "factor:2", "factor:0.5"}
    for lesson in load_course().lessons:
        found |= {m.id for m in mistakes.lesson_mistakes(lesson.id)}
    return {i.rstrip("*").rstrip(":_") for i in found}


KNOWN_IDS = _known_ids()


def shows_an_id(text: str) -> str | None:
    """An internal mistake id in ``text`` ("(factor:-1)", "game:sign", "(wrong_shape)"), if any."""
    for ident in KNOWN_IDS:
        if (":" in ident and re.search(rf"(?<![\w.]){re.escape(ident)}(?![\w])", text)) or f"({ident})" in text:
            return ident
    return None


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course from ``grade init`` with lessons 04 and 10 wrong, graded once (for the hints)."""
    folder = course_with_mistakes(tmp_path_factory.mktemp("learner"))
    for lesson in ("lesson04", "lesson10"):
        assert grade(lesson, cwd=folder).returncode == 1
    return folder


@pytest.fixture(scope="module")
def documents(course: Path) -> dict[str, Any]:
    """Each lesson's feedback as JSON: the mistakes the grader named."""
    return {lesson: json.loads(grade(lesson, "--format", "json", "--no-record", cwd=course).stdout)
            for lesson in ("lesson04", "lesson10")}


def screen(args: list[str], course: Path, columns: int, lang: str) -> list[str]:
    _, text = on_a_terminal(args, course, columns, lang)
    text = STATUS_LINE.sub("", text).replace("\r\x1b[2K", "")
    assert "Traceback" not in text, text
    return text.rstrip("\n").splitlines()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson", ["lesson04", "lesson10"])
def test_a_lesson_with_every_exercise_wrong_is_one_short_screen(course: Path, lesson: str, lang: str) -> None:
    proc = grade(lesson, "--no-record", cwd=course, lang=lang)
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    lines = out.rstrip("\n").splitlines()
    assert len(lines) <= 60, out
    assert lines[-1].startswith(NEXT[lang]), out  # the next step comes last
    assert out.count(SUPPORTING[lang]) <= 1, out  # a shared sentence, once
    assert SAME_WAY[lang] in out, out
    if lesson == "lesson04":
        assert out.count(MINUS[lang]) == 1, out  # entropy's six failed checks: one cause, said once
    else:
        assert "dX 和 db 正确" in out if lang == "zh" else "dX and db are right" in out
    for exercise in MISTAKES[f"{load_course().lesson(lesson).file}"]:
        assert re.search(rf"^  \S+\s+{exercise}\s", out, re.M), exercise  # every exercise is there


def test_verbose_and_machine_formats_keep_every_check(course: Path) -> None:
    verbose = grade("lesson04", "--verbose", "--no-record", cwd=course).stdout
    document = json.loads(grade("lesson04", "--format", "json", "--no-record", cwd=course).stdout)
    entropy = next(e for e in document["exercises"] if e["name"] == "entropy")
    failed = [c for c in entropy["checks"] if c["status"] == "failed"]
    # the worked example, hidden, zero-term, uniform, within-tolerance and int-input checks
    assert len(failed) == 6 and all(MINUS["en"] in c["message"] for c in failed), failed
    assert verbose.count(MINUS["en"]) == len(failed), verbose
    gradescope = json.loads(grade("lesson04", "--format", "gradescope", "--no-record", cwd=course).stdout)
    shown = next(t["output"] for t in gradescope["tests"] if "entropy" in t["name"] and "cross" not in t["name"])
    assert shown.count(MINUS["en"]) == len(failed), shown


def _blocks(lines: list[str]) -> list[list[str]]:
    """The lines of each exercise: from its verdict line to the next exercise's or the summary."""
    blocks: list[list[str]] = []
    for line in lines:
        if re.match(r"^  (failed|未通过|error|出错)\s", line):
            blocks.append([line])
        elif blocks and line.startswith("    "):
            blocks[-1].append(line)
        elif blocks:
            blocks.append([])
    return [b for b in blocks if b]


@pytest.mark.parametrize(("lesson", "columns", "lang"), [("lesson10", 80, "en"), ("lesson04", 60, "zh"),
                                                         ("lesson10", 100, "zh")])
def test_output_wraps_to_the_window_with_a_hanging_indent(course: Path, lesson: str, columns: int,
                                                          lang: str) -> None:
    lines = screen([lesson, "--no-record"], course, columns, lang)
    text = "\n".join(lines)
    assert max(display_width(line) for line in lines) <= columns, text
    step = max(n for n, line in enumerate(lines) if line.startswith(NEXT[lang]))
    assert step < len(lines) - 1 and all(line.startswith("  ") for line in lines[step + 1:]), text
    for line in lines[1:]:  # below the head only the report, the next step and indented lines
        assert not line or line.startswith((" ", NEXT[lang], "Progress report", "进度报告")), line
    for formula in {"lesson10": ["x <- x - dx", "Z >= 0", "dZ2 = (A2 - Y) / m"],
                    "lesson04": ["p[p > 0]", "-np.log(p) / np.log(base)"]}[lesson]:
        assert any(formula in line for line in lines), f"{formula!r} was split:\n{text}"
    longest = max(len(b) for b in _blocks(lines))
    assert longest <= (16 if columns < 80 else 14), text  # a failing exercise: about 12 lines


def test_piped_output_is_not_wrapped(course: Path) -> None:
    out = grade("lesson10", "--no-record", cwd=course).stdout
    assert max(display_width(line) for line in out.splitlines()) > 120, out


@pytest.mark.parametrize("columns", [60, 100])
def test_a_hint_wraps_without_splitting_code(course: Path, columns: int) -> None:
    lines = screen(["hint", "lesson04", "cross_entropy"], course, columns, "en")
    text = "\n".join(lines)
    assert max(display_width(line) for line in lines) <= columns, text
    assert any("p[p > 0]" in line for line in lines), text


def test_wrapping_keeps_code_whole_and_counts_wide_characters() -> None:
    text = ("so skip them (0·log 0 = 0), e.g. keep only q = p[p > 0] and x <- x - dx, then 计算 Z >= 0 "
            "的位置（按列），形状 (3, 2) 相同")
    for columns in range(20, 60):
        lines = wrap(text, columns, "  ", "    ")
        assert all(display_width(line) <= columns for line in lines), (columns, lines)
        joined = "\n".join(lines)
        for code in ("q = p[p > 0]", "x <- x - dx", "Z >= 0", "(0·log 0 = 0)", "(3, 2)"):
            assert code in joined, (columns, lines)
        assert not any(line.rstrip().endswith("（") for line in lines)


# -- the hint answers the named mistake --------------------------------------------------

HINT_LEAD = {"en": "About your last attempt:", "zh": "关于你上一次的提交："}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("lesson", "exercise"), [(lesson, exercise) for lesson, file in
                                                  (("lesson04", "lesson04_information.py"),
                                                   ("lesson10", "lesson10_backprop.py"))
                                                  for exercise in MISTAKES[file]])
def test_grade_hint_answers_the_mistake_just_named(course: Path, documents: dict[str, Any], lesson: str,
                                                  exercise: str, lang: str) -> None:
    checks = next(e for e in documents[lesson]["exercises"] if e["name"] == exercise)["checks"]
    named = [c for c in checks if c["status"] == "failed" and c["diagnosis"]]
    assert named, checks
    proc = grade("hint", lesson, exercise, "--all", cwd=course, lang=lang)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert HINT_LEAD[lang] in out, out  # the mistake is answered first, before the rungs
    answer = out.split(HINT_LEAD[lang], 1)[1].strip("\n").split("\n\n")[0]
    assert out.index(HINT_LEAD[lang]) < out.index({"en": "Hint 1/3", "zh": "提示 1/3"}[lang])
    for check in named:
        for ident in check["diagnosis"]:
            assert ident not in out, f"internal id {ident} shown:\n{out}"
    assert shows_an_id(out) is None, out
    if exercise == "entropy":  # the grader's own sentence, not the generic "check the sign"
        assert MINUS[lang] in answer, out
    assert answer.strip(), out


def _said(mistake: mistakes.Mistake) -> Text:
    """What the grader printed with the mistake: its message, or a stand-in (an id built at run
    time has its message built there too)."""
    number = len(mistake.id) * 7919 + sum(map(ord, mistake.id))
    return mistake.message or Text(f"the grader's own sentence {number}", f"评分器自己的话 {number}")


def test_every_named_mistake_has_its_own_first_rung() -> None:
    """Every mistake any lesson's checks can name, and every generic one, read from the checks
    as data: so a mistake added later is covered without touching this test."""
    generic = {m.id for m in mistakes.generic_mistakes()}
    seen = 0
    for lesson in load_course().lessons:
        for mistake in mistakes.lesson_mistakes(lesson.id):
            if not mistake.exercise or mistake.id.endswith("*"):
                continue
            seen += 1
            said = _said(mistake)
            found = mistakes.first_rung(lesson.id, mistake.exercise, [mistake.id, "factor:-1"], {mistake.id: said})
            assert found is not None, mistake
            own = hints.exercise_hints(lesson.id, mistake.exercise)
            own_keys = [key for key, _ in (own.diagnosis if own else ())
                        if mistake.id == key or mistake.id.startswith(key + ":")]
            if not own_keys and mistake.id not in generic:
                assert found == said, f"{lesson.id} {mistake.exercise} {mistake.id}: a generic hint"
            for lang in ("en", "zh"):
                assert shows_an_id(found.get(lang)) is None, (mistake, found)
    assert seen > 50
    for mistake in mistakes.generic_mistakes():
        if mistake.id.endswith("*"):
            continue
        found = mistakes.first_rung("lesson01", "dot", [mistake.id], {mistake.id: _said(mistake)})
        assert found is not None, mistake.id


def test_no_hint_shows_an_internal_id() -> None:
    texts = [text for _, text in hints.common_hints()]
    for name in hints.available_files():
        for found in hints.lesson_hints(name).values():
            texts += [*found.rungs, *(text for _, text in found.diagnosis)]
    for text in texts:
        for lang in ("en", "zh"):
            assert shows_an_id(text.get(lang)) is None, text


def test_grade_watch_shows_one_screen_then_only_what_changed(tmp_path: Path) -> None:
    """``grade watch lesson10`` in an 80 x 50 terminal: the first screen fits it; after a save
    that fixes dense_backward, only that change is shown, and the next step is last."""
    import fcntl
    import os
    import select
    import signal
    import struct
    import subprocess
    import termios
    import time

    from typical_mistakes import GRADE, environment

    folder = course_with_mistakes(tmp_path)
    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 80, 0, 0))
    proc = subprocess.Popen([GRADE, "watch", "lesson10"], cwd=folder, env=environment("en", NO_COLOR="1", TERM="xterm"),
                            stdin=follower, stdout=follower, stderr=follower, start_new_session=True)
    os.close(follower)
    screen = b""

    def read_until(marker: bytes, seconds: float, since: int = 0) -> None:
        """Read until ``marker`` is on screen after byte ``since`` (the first screen
        already says "... and save.": a later wait must not be satisfied by it)."""
        nonlocal screen
        end = time.monotonic() + seconds
        while marker not in screen[since:] and time.monotonic() < end:
            if select.select([leader], [], [], 0.2)[0]:
                try:
                    screen += os.read(leader, 65536)
                except OSError:
                    break

    try:
        read_until(b"press Ctrl-C", 120)
        first = STATUS_LINE.sub("", screen.decode(errors="replace").replace("\r\n", "\n"))
        assert "press Ctrl-C" in first, first
        assert len(first.rstrip("\n").splitlines()) <= 50, first
        path = folder / "exercises" / "lesson10_backprop.py"
        time.sleep(0.5)
        path.write_text(path.read_text(encoding="utf-8").replace("dW = (X.T @ dZ).T", "dW = X.T @ dZ"),
                        encoding="utf-8")
        mark = len(screen)
        read_until(b"newly passed", 120, since=mark)
        read_until(b"and save.", 10, since=mark)
        change = STATUS_LINE.sub("", screen[mark:].decode(errors="replace").replace("\r\n", "\n"))
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
        os.close(leader)
    assert "newly passed" in change and "dense_backward" in change, change
    for unchanged in ("sigmoid_backward", "tanh_backward", "relu_backward", "x moved the wrong way"):
        assert unchanged not in change, change  # only what changed
    assert change.rstrip().splitlines()[-1].strip().endswith("and save."), change


def test_display_width_agrees_with_wcwidth_on_every_character_the_course_prints() -> None:
    """The console's small east-asian-width rule (no 10 ms wcwidth import on every run) is
    right for every character in the course's texts, hints, checks and grader messages."""
    wcwidth = pytest.importorskip("wcwidth")
    from typical_mistakes import ROOT

    from grader.reporters.console import char_width

    files = [*ROOT.glob("lessons/*/*.md"), *ROOT.glob("grader/hints/*.toml"), *ROOT.glob("grader/**/*.py"),
             *ROOT.glob("exercises/*.py")]
    characters = {c for path in files for c in path.read_text(encoding="utf-8") if c.isprintable()}
    assert len(characters) > 500  # Chinese included
    wrong = {c: (char_width(c), wcwidth.wcwidth(c)) for c in characters
             if wcwidth.wcwidth(c) >= 0 and char_width(c) != wcwidth.wcwidth(c)}
    assert wrong == {}, wrong


def test_an_exception_that_breaks_every_check_is_shown_once(tmp_path: Path) -> None:
    """A NameError in mae fails the value checks and the one that wanted a ValueError: one
    cause, one traceback, "and 2 more"; --verbose still shows each."""
    assert grade("init", "c", cwd=tmp_path).returncode == 0
    path = tmp_path / "c" / "exercises" / "lesson05_losses.py"
    source = path.read_text(encoding="utf-8")
    start = source.index("raise NotImplementedError", source.index("def mae("))
    end = source.index("\n", start)
    path.write_text(source[:start] + "return np.mean(np.abs(y_pred - y_tru))" + source[end:], encoding="utf-8")
    for lang in ("en", "zh"):
        out = grade("lesson05", "--no-record", cwd=tmp_path / "c", lang=lang).stdout
        assert out.count("Traceback") == 1 and out.count("NameError") == 1, out
        assert SAME_WAY[lang] in out, out
    verbose = grade("lesson05", "--no-record", "--verbose", cwd=tmp_path / "c").stdout
    assert verbose.count("Traceback") >= 3, verbose


def test_causes_group_by_the_first_named_mistake_and_pick_an_example_with_details() -> None:
    from grader.i18n import tr
    from grader.model import CheckResult, ExerciseResult, Outcome
    from grader.reporters.terminal import causes

    def failed(name: str, diagnosis: tuple[str, ...], details: str = "", message: str = "m") -> CheckResult:
        return CheckResult(name, tr(name, name), Outcome.FAILED, tr(message, message), tr(details, details),
                           diagnosis)

    checks = (failed("a", ("entropy:sign", "factor:-1")),  # no example: not the one shown
              failed("b", ("entropy:sign",), "call: f([1, 2])\nobtained: -1\nexpected: 1"),
              failed("c", ("entropy:sign", "factor:-1"), "call: f([0.1, 0.2, 0.7])\nobtained: -0.8\nexpected: 0.8"),
              failed("d", ("nan",), "call: f([1, 0])", "NaN"),
              failed("e", (), "x", "something else"), failed("f", (), "y", "something else"),
              CheckResult("g", tr("g", "g"), Outcome.PASSED))
    found = causes(ExerciseResult("f", Outcome.FAILED, 0.0, 1.0, checks))
    assert [(c.example.name, c.more) for c in found] == [("b", 2), ("d", 0), ("e", 1)]
