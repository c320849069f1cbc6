"""The instructor's mistakes are said in the instructor's language, as the learner's are.

A roster or an overrides file that cannot be used, a due date or a late policy that cannot
be read, a ``--min-score`` or a ``--grader`` that is not one, a lesson that does not
exist, an ``--output`` that cannot be written: each is one line on stderr, with the exit
code it always had, in English exactly as before, and in Chinese under ``GRADE_LANG=zh``.
Every command runs as typed, from the folder the instructor stands in.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from typical_mistakes import GRADE, environment

BAD_ROSTER = "student,bogus\nalice,1\n"
COLUMNS = "student, name, lms_id, sis_user_id, sis_login_id, email, username, section, extension_days"

# (what goes wrong, files written, the command, exit code, the English line, the Chinese line);
# {here} is the folder the command runs in.
CASES = [
    ("roster column", {"bad.csv": BAD_ROSTER}, ["batch", "subs", "--roster", "bad.csv"], 2,
     f"grade: error: {{here}}/bad.csv row 1: unknown column 'bogus' (the columns are {COLUMNS})",
     f"grade: 错误：{{here}}/bad.csv 第 1 行：未知的列 'bogus'（应有的列为 {COLUMNS}）"),
    ("roster extension", {"r.csv": "student,extension_days\nalice,x\n"}, ["batch", "subs", "--roster", "r.csv"], 2,
     "grade: error: {here}/r.csv row 2: extension_days 'x' is not a number of days (0, 2, 1.5)",
     "grade: 错误：{here}/r.csv 第 2 行：extension_days 'x' 不是天数（如 0、2、1.5）"),
    ("roster twice", {"r.csv": "student\nalice\nalice\n"}, ["batch", "subs", "--roster", "r.csv"], 2,
     "grade: error: {here}/r.csv row 3: student 'alice' is already on row 2",
     "grade: 错误：{here}/r.csv 第 3 行：student 'alice' 已在第 2 行出现"),
    ("roster encoding", {"r.csv": b"student\n\xff\n"}, ["batch", "subs", "--roster", "r.csv"], 2,
     "grade: error: {here}/r.csv row 2: not UTF-8 text (byte 0xff); save it as \"CSV UTF-8\"",
     "grade: 错误：{here}/r.csv 第 2 行：不是 UTF-8 文本（字节 0xff）；请另存为“CSV UTF-8”"),
    ("override points", {"o.csv": "student,exercise,points,reason\nalice,lesson01.dot,999,x\n"},
     ["batch", "subs", "--overrides", "o.csv"], 2,
     "grade: error: {here}/o.csv row 2: points '999' is not 'full' or a number from 0 to 1",
     "grade: 错误：{here}/o.csv 第 2 行：points '999' 既不是 'full'，也不是 0 到 1 之间的数"),
    ("override student", {"o.csv": "student,exercise,points,reason\ncarol,lesson01.dot,1,x\n"},
     ["batch", "subs", "--overrides", "o.csv"], 2,
     "grade: error: {here}/o.csv row 2: no submission is named 'carol'",
     "grade: 错误：{here}/o.csv 第 2 行：没有名为 'carol' 的提交"),
    ("report roster", {"bad.csv": BAD_ROSTER}, ["report", "--class", "subs", "--roster", "bad.csv"], 2,
     f"grade: error: {{here}}/bad.csv row 1: unknown column 'bogus' (the columns are {COLUMNS})",
     f"grade: 错误：{{here}}/bad.csv 第 1 行：未知的列 'bogus'（应有的列为 {COLUMNS}）"),
    ("due", {}, ["batch", "subs", "--due", "tomorrow"], 2,
     "grade: error: --due 'tomorrow': give a date and time like 2026-12-01T23:59 (or 2026-12-01T23:59+08:00)",
     "grade: 错误：--due 'tomorrow'：请给出日期和时间，例如 2026-12-01T23:59（或 2026-12-01T23:59+08:00）"),
    ("late penalty", {}, ["batch", "subs", "--due", "2026-12-01", "--late-penalty", "200%"], 2,
     "grade: error: --late-penalty '200%': give a percentage from 0% to 100% (or a share, 0.1)",
     "grade: 错误：--late-penalty '200%'：请给出 0% 到 100% 之间的百分比（或比例，如 0.1）"),
    ("late without due", {}, ["batch", "subs", "--late-cap", "50%"], 2,
     "grade: error: --late-penalty and --late-cap need --due",
     "grade: 错误：--late-penalty 和 --late-cap 需要 --due"),
    ("batch lesson", {}, ["batch", "subs", "--lesson", "nope"], 2,
     "grade: error: unknown lesson 'nope' (the lessons are lesson01 ... lesson12).",
     "grade: 错误：没有课时 'nope'（课时为 lesson01 …… lesson12）。"),
    ("batch jobs", {}, ["batch", "subs", "--jobs", "0"], 2,
     "grade: error: --jobs must be at least 1",
     "grade: 错误：--jobs 至少为 1"),
    ("min score", {}, ["ci", "init", "gitlab", "--min-score", "abc"], 2,
     "grade: error: --min-score 'abc': give points (7.5) or a percentage (80%)",
     "grade: 错误：--min-score 'abc'：请给出分数（7.5）或百分比（80%）"),
    ("grader spec", {}, ["ci", "init", "github", "--grader", "x y"], 2,
     "grade: error: --grader 'x y': give a version (0.2.0), dl-math-grader==VERSION, or the URL of a wheel with "
     "its hash (https://.../dl_math_grader-0.2.0-py3-none-any.whl#sha256=<64 hex digits>)",
     "grade: 错误：--grader 'x y'：请给出一个版本（0.2.0）、dl-math-grader==VERSION，或带哈希值的 wheel 地址"
     "（https://.../dl_math_grader-0.2.0-py3-none-any.whl#sha256=<64 位十六进制数>）"),
    ("project folder", {}, ["ci", "init", "gradescope", "--source", "."], 2,
     "grade: error: {here} is not the course's project folder (missing pyproject.toml, README.md, "
     "grader/__init__.py); run this from a clone of the course or pass --source",
     "grade: 错误：{here} 不是课程的项目文件夹（缺少 pyproject.toml, README.md, grader/__init__.py）；"
     "请在课程的克隆中运行，或传入 --source"),
    ("export visibility", {}, ["export", "student", "out", "--ci", "gitlab", "--visibility", "held"], 2,
     "grade: error: --visibility held needs --ci github (the GitHub Classroom workflow)",
     "grade: 错误：--visibility held 需要 --ci github（GitHub Classroom 工作流）"),
    ("output format", {}, ["lesson01", "--output", "results.xml"], 2,
     "grade: error: --output results.xml: say which format to write, e.g. --output junit:results.xml "
     "(formats: json, junit, gradescope, github)",
     "grade: 错误：--output results.xml：请说明要写出的格式，例如 --output junit:results.xml"
     "（可用的格式：json, junit, gradescope, github）"),
    ("memory", {}, ["lesson01", "--memory", "lots"], 2,
     "grade: error: not a size: 'lots' (write e.g. 512MiB, 1GiB or a number of bytes)",
     "grade: 错误：不是大小：'lots'（请写成 512MiB、1GiB 或字节数）"),
    ("lms without class", {}, ["report", "--lms", "canvas"], 2,
     "grade: error: --lms needs --class DIR",
     "grade: 错误：--lms 需要 --class DIR"),
]


def _folder(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """A class as the instructor has it: one submission folder, and the files given."""
    here = tmp_path / "class"
    (here / "subs" / "alice").mkdir(parents=True)
    (here / "subs" / "alice" / "lesson01_vectors.py").write_text("", encoding="utf-8")
    for name, content in files.items():
        if isinstance(content, bytes):
            (here / name).write_bytes(content)
        else:
            (here / name).write_text(content, encoding="utf-8")
    return here.resolve()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("files", "args", "code", "english", "chinese"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_the_instructors_mistake_is_one_line_in_their_language(
        tmp_path: Path, lang: str, files: dict[str, str | bytes], args: list[str], code: int, english: str,
        chinese: str) -> None:
    here = _folder(tmp_path, files)
    proc = subprocess.run([GRADE, *args], cwd=here, env=environment(lang), capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == code, proc.stdout + proc.stderr
    expected = (english if lang == "en" else chinese).format(here=here)
    assert proc.stderr.splitlines() == [expected]
    assert proc.stdout == ""
    assert not (here / "grades").exists() and not (here / "out").exists()  # refused before anything is written


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_results_that_cannot_be_written_are_said_in_the_learners_language(tmp_path: Path, lang: str) -> None:
    """``grade lesson01`` into a full disk: one line, the progress history recorded, exit 2."""
    init = subprocess.run([GRADE, "init"], cwd=tmp_path, env=environment(lang), capture_output=True, text=True,
                          timeout=120)
    assert init.returncode == 0, init.stderr
    course = next(p for p in tmp_path.iterdir() if p.is_dir())
    with open("/dev/full", "w") as full:
        proc = subprocess.run([GRADE, "lesson01"], cwd=course, env=environment(lang), stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        "grade: error: cannot write the results: No space left on device (the progress history was recorded)"
        if lang == "en" else "grade: 错误：无法写出结果：No space left on device（进度记录已保存）"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_csv_error_shows_a_control_character_and_never_obeys_it(tmp_path: Path, lang: str) -> None:
    """A folder's name comes from the student: the line naming it escapes its control characters."""
    here = _folder(tmp_path, {"o.csv": "student,exercise,points,reason\n"
                                       "a\x1b[2Jb,lesson01.dot,full,x\na\x1b[2Jb,lesson01.dot,1,y\n"})
    (here / "subs" / "a\x1b[2Jb").mkdir()
    proc = subprocess.run([GRADE, "batch", "subs", "--overrides", "o.csv"], cwd=here, env=environment(lang),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.splitlines() == [
        f"grade: error: {here}/o.csv row 3: a\\x1b[2Jb lesson01.dot is already overridden on row 2" if lang == "en"
        else f"grade: 错误：{here}/o.csv 第 3 行：a\\x1b[2Jb lesson01.dot 已在第 2 行调整过"]
