"""The instructor's commands say what they did in the instructor's language, as their errors do.

``grade batch`` (its summary, the roster's mismatches, what changed since the last batch and
why, where the gradebook went), ``grade report --class`` (the similar pairs), ``grade ci init``
and ``grade export student`` ("wrote ...") read in Chinese under ``GRADE_LANG=zh``, and in
English exactly as before otherwise. Every command runs as typed, from the class folder.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typical_mistakes import GRADE, environment

SOLUTIONS = Path(__file__).resolve().parents[1] / "solutions"
COPYDETECT = importlib.util.find_spec("copydetect") is not None

# (English, Chinese) of every line the two batches print, in order; {t} and {r} stand for the timings.
FIRST = [
    ("2 submissions: 2 graded, 0 unchanged, in {t} s ({r} graded/min, --jobs 2)",
     "2 份提交：2 份已评分，0 份未变，用时 {t} 秒（每分钟评分 {r} 份，--jobs 2）"),
    ("roster: 2 students", "名单：2 名学生"),
    ("not on the roster: bob", "不在名单上：bob"),
    ("on the roster, no submission: carol", "在名单上但没有提交：carol"),
    ("gradebook: grades/gradebook.csv; per student: grades/<student>.json; summary: grades/summary.json",
     "成绩册：grades/gradebook.csv；每个学生：grades/<student>.json；汇总：grades/summary.json"),
    ("class report: grades/class.html", "班级报告：grades/class.html"),
]
SECOND = [
    ("2 submissions: 1 graded, 1 unchanged, in {t} s ({r} graded/min, --jobs 2)",
     "2 份提交：1 份已评分，1 份未变，用时 {t} 秒（每分钟评分 {r} 份，--jobs 2）"),
    *FIRST[1:4],
    ("changes since the last batch: 1", "自上次批量评分以来的变化：1"),
    ("  bob: 0 -> 4 (submission changed)", "  bob：0 -> 4（提交有变化）"),
    *FIRST[4:],
]


def _lines(pairs: list[tuple[str, str]], lang: str) -> list[str]:
    """The expected lines as patterns: the timings vary, nothing else does."""
    return [re.escape(en if lang == "en" else zh).replace(re.escape("{t}"), r"\d+\.\d")
            .replace(re.escape("{r}"), r"\d+\.\d") for en, zh in pairs]


def _matches(out: str, pairs: list[tuple[str, str]], lang: str) -> None:
    lines = out.splitlines()
    patterns = _lines(pairs, lang)
    assert len(lines) == len(patterns), out
    for line, pattern in zip(lines, patterns):
        assert re.fullmatch(pattern, line), (line, pattern)


def _run(args: list[str], cwd: Path, lang: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([GRADE, *args], cwd=cwd, env=environment(lang, **extra), capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """A class folder: alice hands in the answers, bob the stubs; carol is on the roster only."""
    here = tmp_path / "class"
    for student in ("alice", "bob"):
        (here / "subs" / student).mkdir(parents=True)
    shutil.copy(SOLUTIONS / "lesson01_vectors.py", here / "subs" / "alice")
    init = _run(["init", "course"], here, "en")
    assert init.returncode == 0, init.stderr
    shutil.copy(here / "course" / "exercises" / "lesson01_vectors.py", here / "subs" / "bob")
    (here / "roster.csv").write_text("student\nalice\ncarol\n", encoding="utf-8")
    return here.resolve()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_batch_and_its_second_run_speak_the_instructors_language(here: Path, lang: str) -> None:
    batch = ["batch", "subs", "--jobs", "2", "--out", "grades", "--lesson", "lesson01", "--no-similarity"]
    first = _run(batch, here, lang)
    assert first.returncode == 0, first.stderr
    _matches(first.stdout, FIRST, lang)
    shutil.copy(SOLUTIONS / "lesson01_vectors.py", here / "subs" / "bob")  # bob hands in the answers
    second = _run(batch, here, lang)
    assert second.returncode == 0, second.stderr
    _matches(second.stdout, SECOND, lang)
    # what is stored stays English, whichever language the terminal speaks
    assert "submission changed" in (here / "grades" / "class.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unconfined_batch_warns_in_the_instructors_language(here: Path, lang: str) -> None:
    done = _run(["batch", "subs", "--lesson", "lesson01", "--no-similarity"], here, lang,
                GRADE_CONFINEMENT="plain")
    assert done.returncode == 0, done.stderr
    first = done.stderr.splitlines()[0]
    assert first == (
        "grade: warning: learner code runs without confinement here (no namespaces, no Landlock): submissions "
        "can read the references, reach the network and write outside their scratch folders (see "
        "docs/security.md)" if lang == "en" else
        "grade: 警告：学生的代码在这里运行时没有隔离（没有命名空间，也没有 Landlock）：提交可以读取参考答案、"
        "访问网络，并在其临时文件夹之外写入（见 docs/security.md）")


@pytest.mark.skipif(not COPYDETECT, reason="the similarity check needs copydetect")
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_class_reports_similar_pairs_in_the_instructors_language(here: Path, lang: str) -> None:
    shutil.copy(SOLUTIONS / "lesson01_vectors.py", here / "subs" / "bob")
    done = _run(["report", "--class", "subs"], here, lang)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ("similarity: 4 pair(s) at 80 % or more among 2 submissions" if lang == "en"
                        else "相似度：2 份提交中有 4 对相似度达到 80 % 或以上")
    assert lines[1] == "  lesson01.dot: alice ~ bob 100 %"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_files_written_are_said_in_the_instructors_language(here: Path, lang: str) -> None:
    (here / "repo").mkdir()
    github = _run(["ci", "init", "github", "--dir", "repo"], here, lang)
    assert github.returncode == 0, github.stderr
    assert github.stdout == ("wrote repo/.github/workflows/classroom.yml\n" if lang == "en"
                             else "已写入 repo/.github/workflows/classroom.yml\n")
    gitlab = _run(["ci", "init", "gitlab", "--dir", "repo"], here, lang)
    assert gitlab.stdout == ("wrote repo/.gitlab-ci.yml\n" if lang == "en" else "已写入 repo/.gitlab-ci.yml\n")
    export = _run(["export", "student", "../starter"], here / "course", lang)
    assert export.returncode == 0, export.stderr
    files = sum(1 for p in (here / "starter").rglob("*") if p.is_file())
    assert export.stdout == (f"wrote {files} files to ../starter (no reference solutions)\n" if lang == "en"
                             else f"已向 ../starter 写入 {files} 个文件（不含参考答案）\n")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_overrides_due_dates_and_stray_files_are_said_in_the_instructors_language(here: Path, lang: str) -> None:
    (here / "overrides.csv").write_text("student,exercise,points,reason,by\n"
                                        "bob,lesson01.dot,full,typo in the name,ta\n", encoding="utf-8")
    (here / "roster.csv").unlink()
    (here / "subs" / "notes.txt").write_text("", encoding="utf-8")
    done = _run(["batch", "subs", "--lesson", "lesson01", "--due", "2020-01-01T00:00", "--no-similarity"], here, lang)
    assert done.returncode == 0, done.stderr
    _matches(done.stdout, [
        ("2 submissions: 2 graded, 0 unchanged, in {t} s ({r} graded/min, --jobs 1)",
         "2 份提交：2 份已评分，0 份未变，用时 {t} 秒（每分钟评分 {r} 份，--jobs 1）"),
        ("not graded, not a folder: notes.txt", "未评分，不是文件夹：notes.txt"),
        ("override: bob lesson01.dot: 0 -> 1 (typo in the name) by ta",
         "人工调整：bob lesson01.dot：0 -> 1（typo in the name，调整人：ta）"),
        ("due 2020-01-01T00:00:00Z: 2 late", "截止时间 2020-01-01T00:00:00Z：2 份迟交"),
        *FIRST[4:],
    ], lang)
    # the gradebook keeps the English note, whichever language the terminal speaks
    assert "lesson01.dot: 0 -> 1 (typo in the name) by ta" in (here / "grades" / "gradebook.csv").read_text(
        encoding="utf-8")
