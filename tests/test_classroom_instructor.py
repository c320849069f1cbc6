"""The instructor's side of a class: roster, LMS gradebooks, similarity, regrades, overrides,
deadlines and held Gradescope checks.

Commands run as an instructor types them: the environment's ``grade``, from the class folder,
with relative paths and default options. The class of 40 is lesson 01 only (solved in three
styles, wrong in four ways, a renamed copy, and stubs), so the whole path (batch, Canvas
file, similarity list, regrade diff) takes seconds. The LMS files are read back with Python's
csv reader and checked against the columns the Canvas and Moodle import guides document.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from grader.classroom import similarity
from grader.classroom.csvin import CsvError
from grader.classroom.deadlines import DAY, LatePolicy, parse_due, submission_time
from grader.classroom.overrides import load_overrides
from grader.classroom.roster import load_roster
from grader.course import load_course

ROOT = Path(__file__).resolve().parents[1]
GRADE = Path(sys.executable).with_name("grade")
LESSON01 = "lesson01_vectors.py"
SOLUTION = ROOT / "solutions" / LESSON01
STUB = ROOT / "exercises" / LESSON01
SUBMISSIONS = ROOT / "tests" / "submissions" / "lesson01"
LOOPS = SUBMISSIONS / "right_loops.py"
VECTORISED = SUBMISSIONS / "right_vectorised.py"
# Four wrong answers that share little code with the right ones, named (the corpus grows):
# a wrong file made from right_loops.py would be flagged beside s02 and s03.
WRONG = [SUBMISSIONS / f"wrong_{name}.py"
         for name in ("broadcasting_and_order", "dot_uses_npdot", "int_and_partial", "outer_transposed")]
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
LESSON01_ONLY = [lesson for lesson in load_course().lessons if lesson.id == "lesson01"]


def grade(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**{k: v for k, v in os.environ.items() if not k.startswith("GRADE_")}, "NO_COLOR": "1",
               "GRADE_LANG": "en", **(env or {})}
    return subprocess.run([str(GRADE), *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=600)


def renamed(source: str) -> str:
    """The same code with every local name changed and a message reworded: a disguised copy."""
    for old, new in (("total", "acc"), ("out", "result"), ("a", "u"), ("b", "v"), ("i", "row"), ("j", "col")):
        source = re.sub(rf"\b{old}\b", new, source)
    return source.replace('"shapes differ"', '"the two shapes are not equal"')


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return list(csv.reader(stream))


def by_student(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return {row["student"]: row for row in csv.DictReader(stream)}


# -- the class of 40 ----------------------------------------------------------------------------

STUDENTS = [f"s{n:02d}" for n in range(1, 41)]


def class_of_40(where: Path) -> Path:
    """``course/submissions``: s01 the reference, s02 loops, s03 s02 renamed, s04 vectorised,
    s05-s08 four wrong answers, s09-s40 the stub (half in ``exercises/``); and a roster."""
    folder = where / "course"
    sources = {"s01": SOLUTION.read_text(), "s02": LOOPS.read_text(), "s03": renamed(LOOPS.read_text()),
               "s04": VECTORISED.read_text()}
    sources.update({f"s0{5 + i}": path.read_text() for i, path in enumerate(WRONG[:4])})
    for index, student in enumerate(STUDENTS):
        name = f"exercises/{LESSON01}" if index % 2 else LESSON01
        target = folder / "submissions" / student / name
        target.parent.mkdir(parents=True)
        target.write_text(sources.get(student, STUB.read_text()))
    rows = ["student,name,lms_id,sis_user_id,sis_login_id,email,username,section,extension_days"]
    rows += [f"{s},Student {s[1:]},{1000 + i},SIS{s},login{s},{s}@example.org,{s}u,{'A' if i < 20 else 'B'},0"
             for i, s in enumerate(STUDENTS)]
    rows.append("gone,Someone Else,2000,SISgone,logingone,gone@example.org,goneu,B,0")  # no submission
    (folder / "roster.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The three documented commands, run once: batch, Canvas export, and a second batch after a
    student resubmitted and an override was added."""
    folder = class_of_40(tmp_path_factory.mktemp("forty"))
    first = grade("batch", "submissions/", "--jobs", "2", "--lesson", "lesson01", cwd=folder)
    canvas = grade("report", "--class", "grades/", "--lms", "canvas", "--assignment-id", "12345", cwd=folder)
    shutil.copy(folder / "grades" / "gradebook.csv", folder / "first-gradebook.csv")
    shutil.copy(SOLUTION, folder / "submissions" / "s05" / LESSON01)  # s05 hands in a fix
    (folder / "overrides.csv").write_text(
        "student,exercise,points,reason,by\n"
        "s06,lesson01.outer,0.25,partial credit for the idea,Prof. Kay\n"
        "s09,dot,full,submitted by email before the deadline,TA Lin\n", encoding="utf-8")
    second = grade("batch", "submissions/", "--lesson", "lesson01", cwd=folder)
    return {"folder": folder, "first": first, "canvas": canvas, "second": second}


def test_the_first_batch_grades_40_and_names_the_roster_gaps(course):
    first = course["first"]
    assert first.returncode == 0, first.stderr
    assert "40 submissions: 40 graded" in first.stdout
    assert "roster: 41 students" in first.stdout
    assert "on the roster, no submission: gone" in first.stdout
    assert "not on the roster" not in first.stdout
    assert "changes since the last batch" not in first.stdout  # nothing to compare with yet


def test_the_canvas_file_has_the_documented_columns_and_fractions(course):
    folder = course["folder"]
    assert course["canvas"].returncode == 0, course["canvas"].stderr
    assert "Canvas gradebook: grades/canvas.csv (40 students)" in course["canvas"].stdout
    rows = read_csv(folder / "grades" / "canvas.csv")
    assert rows[0] == [*CANVAS_IDENTITY, "Deep-learning maths (12345)"]
    assert rows[1][0].strip() == "Points Possible" and rows[1][5] == "4"
    table = {row[2]: row for row in rows[2:]}  # by SIS User ID
    assert len(table) == 41
    assert table["SISs01"] == ["Student 01", "1000", "SISs01", "logins01", "A", "4"]
    assert table["SISs40"][5] == "0" and table["SISs40"][4] == "B"  # a stub: zero, not blank
    assert table["SISgone"][5] == ""  # no submission: left blank, which the import leaves alone
    gradebook = by_student(folder / "first-gradebook.csv")
    for student in STUDENTS:
        assert float(table[f"SIS{student}"][5]) == pytest.approx(float(gradebook[student]["total"]), abs=1e-4)
    fractions = [row[5] for row in rows[2:] if row[5] and float(row[5]) != int(float(row[5]))]
    assert fractions, "some wrong answer earns part of an exercise's points: its fraction must survive"
    assert (folder / "grades" / "canvas.csv").read_bytes()[:3] != b"\xef\xbb\xbf"


def test_the_similarity_list_flags_the_renamed_copy_only(course):
    first, folder = course["first"], course["folder"]
    pairs = json.loads((folder / "grades" / "similarity.json").read_text())["pairs"]
    flagged = {(p["first"], p["second"]) for p in pairs}
    assert ("s02", "s03") in flagged
    assert "lesson01.dot: s02 ~ s03 100 %" in first.stdout
    stubs = set(STUDENTS[8:])
    assert not [p for p in pairs if p["first"] in stubs or p["second"] in stubs]
    assert not flagged & {("s01", "s02"), ("s01", "s04"), ("s02", "s04"), ("s03", "s04")}
    page = (folder / "grades" / "class.html").read_text()
    assert 'data-pair="s02|s03"' in page and "<mark>" in page  # side by side, the shared code marked


def test_the_second_batch_says_what_changed_and_why(course):
    second, folder = course["second"], course["folder"]
    assert second.returncode == 0, second.stderr
    assert "40 submissions: 1 graded, 39 unchanged" in second.stdout
    lines = second.stdout.splitlines()
    s05 = next(line for line in lines if line.strip().startswith("s05:"))
    assert "-> 4 (submission changed)" in s05
    s06 = next(line for line in lines if line.strip().startswith("s06:"))
    assert "(override applied)" in s06
    assert "override: s06 lesson01.outer: 1 -> 0.25 (partial credit for the idea) by Prof. Kay" in second.stdout
    assert "override: s09 lesson01.dot: 0 -> 1 (submitted by email before the deadline) by TA Lin" in second.stdout
    assert not any(line.strip().startswith("s02:") for line in lines)  # nothing changed for s02
    gradebook = by_student(folder / "grades" / "gradebook.csv")
    assert gradebook["s05"]["total"] == "4" and "submission changed" in gradebook["s05"]["change"]
    assert gradebook["s09"]["total"] == "1" and "TA Lin" in gradebook["s09"]["overrides"]
    assert gradebook["s02"]["change"] == ""


def test_overrides_reach_every_export_and_survive_a_regrade(course):
    folder = course["folder"]
    again = grade("batch", "submissions/", "--lesson", "lesson01", "--regrade", cwd=folder)
    assert again.returncode == 0, again.stderr
    assert "40 submissions: 40 graded, 0 unchanged" in again.stdout
    assert "changes since the last batch: 0 (40 regraded with the same score)" in again.stdout
    gradebook = by_student(folder / "grades" / "gradebook.csv")
    assert gradebook["s09"]["total"] == "1" and gradebook["s06"]["overrides"].startswith("lesson01.outer: 1 -> 0.25")
    moodle = grade("report", "--class", "grades/", "--lms", "moodle", cwd=folder)
    assert moodle.returncode == 0, moodle.stderr
    rows = {row["Email address"]: row for row in csv.DictReader(io.StringIO(
        (folder / "grades" / "moodle.csv").read_text(encoding="utf-8"), newline=""))}
    assert list(next(iter(rows.values()))) == ["Full name", "ID number", "Username", "Email address",
                                               "Deep-learning maths", "Feedback"]
    assert rows["s09@example.org"]["Deep-learning maths"] == "1"
    assert "override lesson01.dot: 0 -> 1 (submitted by email before the deadline) by TA Lin" in \
        rows["s09@example.org"]["Feedback"]
    assert rows["s09@example.org"]["Username"] == "s09u" and rows["s09@example.org"]["ID number"] == "SISs09"
    assert rows["gone@example.org"]["Feedback"] == "no submission"
    canvas = grade("report", "--class", "grades/", "--lms", "canvas", cwd=folder)
    assert canvas.returncode == 0
    header, _, *students = read_csv(folder / "grades" / "canvas.csv")
    assert header[-1] == "Deep-learning maths"  # no id: Canvas makes a new assignment
    assert float({row[2]: row[5] for row in students}["SISs06"]) == \
        float(by_student(folder / "grades" / "gradebook.csv")["s06"]["total"])
    page = (folder / "grades" / "class.html").read_text()
    assert 'data-student="s09" data-what="override"' in page and "TA Lin" in page


# -- bad CSV input: one line naming the row, nothing written ------------------------------------


def small_class(where: Path) -> Path:
    folder = where / "small"
    for student, source in (("ada", SOLUTION), ("bo", LOOPS)):
        (folder / "submissions" / student).mkdir(parents=True)
        shutil.copy(source, folder / "submissions" / student / LESSON01)
    return folder


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("roster.csv", b"student,name\nada,Ada\nbo,B\xe9atrice\n", "roster.csv row 3: not UTF-8"),
    ("roster.csv", b"folder,name\nada,Ada\n", "roster.csv row 1: no column 'student'"),
    ("roster.csv", b"student,name\nada,Ada\nbo,Bo\nada,Ada again\n",
     "roster.csv row 4: student 'ada' is already on row 2"),
    ("roster.csv", b"student,extension_days\nada,two\n", "roster.csv row 2: extension_days 'two'"),
    ("roster.csv", b"student,email\nada,ada@x.org\nbo,ADA@x.org\n",
     "roster.csv row 3: email 'ADA@x.org' is already on row 2"),
    ("overrides.csv", b"student,exercise,points,reason\nada,lesson01.dott,1,typo\n",
     "overrides.csv row 2: 'lesson01.dott' is not an exercise"),
    ("overrides.csv", b"student,exercise,points,reason\nzed,lesson01.dot,1,who\n",
     "overrides.csv row 2: no submission is named 'zed'"),
    ("overrides.csv", b"student,exercise,points,reason\nada,lesson01.dot,7,too many\n",
     "overrides.csv row 2: points '7'"),
    ("overrides.csv", b"student,exercise,points\nada,lesson01.dot,1\n", "overrides.csv row 1: no column 'reason'"),
    ("overrides.csv", b"student,exercise,points,reason\nada,dot,1,a\nada,lesson01.dot,0,b\n",
     "overrides.csv row 3: ada lesson01.dot is already overridden on row 2"),
])
def test_a_bad_csv_gets_one_line_and_nothing_is_written(tmp_path, name, content, expected):
    folder = small_class(tmp_path)
    (folder / name).write_bytes(content)
    result = grade("batch", "submissions/", "--lesson", "lesson01", cwd=folder)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (folder / "grades").exists()


def test_a_bad_roster_stops_the_class_report_before_it_writes(tmp_path):
    folder = small_class(tmp_path)
    assert grade("batch", "submissions/", "--lesson", "lesson01", "--no-similarity", cwd=folder).returncode == 0
    before = (folder / "grades" / "gradebook.csv").read_bytes()
    (folder / "roster.csv").write_text("student,name\nada,Ada\nada,Ada\n")
    result = grade("report", "--class", "grades/", "--lms", "canvas", cwd=folder)
    assert result.returncode == 2 and "roster.csv row 3: student 'ada' is already on row 2" in result.stderr
    assert (folder / "grades" / "gradebook.csv").read_bytes() == before
    assert not (folder / "grades" / "canvas.csv").exists()


def test_the_csv_readers_take_excel_utf8_and_blank_lines(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_bytes("\ufeffStudent,Name,Email,Extension_days\r\nada,Ada 王,ADA@x.org,1.5\r\n\r\n".encode())
    people = load_roster(roster)
    assert people["ada"].name == "Ada 王" and people["ada"].extension_days == 1.5
    overrides = tmp_path / "overrides.csv"
    overrides.write_text("student,exercise,points,reason\nada,lesson01 dot,full,ok\nada,matmul,0.5,half\n")
    found = load_overrides(overrides, load_course(), ["ada"])
    assert [(o.what, o.points, o.full) for o in found] == [("lesson01.dot", 1.0, True), ("lesson01.matmul", 0.5, False)]
    with pytest.raises(CsvError, match="row 2"):
        overrides.write_text("student,exercise,points,reason\nada,lesson01.dot,-1,no\n")
        load_overrides(overrides, load_course(), ["ada"])


# -- deadlines --------------------------------------------------------------------------------


def test_late_days_extensions_and_the_cap():
    due = parse_due("2026-12-01T23:59:00+00:00")
    policy = LatePolicy(due, per_day=0.1, cap=0.5)
    assert policy.penalty(due - 60) == 0 and policy.days_late(due + 1) == 1
    assert policy.penalty(due + 1.5 * DAY) == pytest.approx(0.2)
    assert policy.penalty(due + 1.5 * DAY, extension_days=2) == 0
    assert policy.penalty(due + 30 * DAY) == 0.5
    assert parse_due("2026-12-01") > parse_due("2026-12-01T12:00")  # a bare date means its end


def test_a_repository_is_timed_by_its_last_commit_else_by_its_files(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / LESSON01).write_text(SOLUTION.read_text())
    env = {**os.environ, "GIT_AUTHOR_NAME": "s", "GIT_AUTHOR_EMAIL": "s@x", "GIT_COMMITTER_NAME": "s",
           "GIT_COMMITTER_EMAIL": "s@x", "GIT_COMMITTER_DATE": "2026-11-30T10:00:00+00:00",
           "GIT_AUTHOR_DATE": "2026-11-30T10:00:00+00:00", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path)}
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "done"]):
        subprocess.run(["git", *command], cwd=repo, env=env, check=True)
    when, source = submission_time(repo, [repo / LESSON01])
    assert source == "git" and when == parse_due("2026-11-30T10:00:00+00:00")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / LESSON01).write_text("x")
    os.utime(plain / LESSON01, (1_000_000_000, 1_000_000_000))
    assert submission_time(plain, [plain / LESSON01]) == (1_000_000_000, "files")


def test_the_gradebook_shows_raw_and_adjusted_scores_and_the_time_source(tmp_path):
    folder = small_class(tmp_path)
    late = parse_due("2026-12-03T12:00:00+00:00")
    os.utime(folder / "submissions" / "ada" / LESSON01, (late, late))  # 2 days and 12 hours late
    os.utime(folder / "submissions" / "bo" / LESSON01, (late, late))
    (folder / "roster.csv").write_text("student,name,extension_days\nada,Ada,0\nbo,Bo,3\n")
    result = grade("batch", "submissions/", "--lesson", "lesson01", "--no-similarity", "--due",
                   "2026-12-01T00:00+00:00", "--late-penalty", "10%", "--late-cap", "25%", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "due 2026-12-01T00:00:00Z: 1 late" in result.stdout
    rows = by_student(folder / "grades" / "gradebook.csv")
    assert rows["ada"]["total"] == "4" and rows["ada"]["adjusted"] == "3" and rows["ada"]["penalty"] == "25%"
    assert rows["ada"]["days_late"] == "3" and rows["ada"]["time_source"] == "files"
    assert rows["ada"]["submitted"] == "2026-12-03T12:00:00Z"
    assert rows["bo"]["days_late"] == "0" and rows["bo"]["adjusted"] == "4"  # the extension covers it
    # The next batch keeps the due date without repeating it; the Canvas file has the adjusted score.
    again = grade("batch", "submissions/", "--lesson", "lesson01", "--no-similarity", cwd=folder)
    assert "due 2026-12-01T00:00:00Z: 1 late" in again.stdout
    grade("report", "--class", "grades/", "--lms", "canvas", cwd=folder)
    rows_canvas = read_csv(folder / "grades" / "canvas.csv")
    assert {row[0]: row[5] for row in rows_canvas[2:]} == {"Ada": "3", "Bo": "4"}


def test_keep_best_keeps_an_earlier_higher_score_but_not_over_an_override(tmp_path):
    folder = small_class(tmp_path)
    assert grade("batch", "submissions/", "--lesson", "lesson01", "--no-similarity", cwd=folder).returncode == 0
    shutil.copy(STUB, folder / "submissions" / "ada" / LESSON01)  # ada breaks her work
    result = grade("batch", "submissions/", "--lesson", "lesson01", "--no-similarity", "--keep", "best", cwd=folder)
    assert "ada: 4 -> 0 (submission changed)" in result.stdout
    rows = by_student(folder / "grades" / "gradebook.csv")
    assert rows["ada"]["total"] == "0" and rows["ada"]["final"] == "4" and rows["ada"]["kept"].startswith("best")
    (folder / "overrides.csv").write_text("student,exercise,points,reason\nada,lesson01.dot,0,copied\n")
    grade("report", "--class", "grades/", cwd=folder)
    rows = by_student(folder / "grades" / "gradebook.csv")
    assert rows["ada"]["final"] == "3"  # the best batch, rescored under today's override
    latest = grade("batch", "submissions/", "--lesson", "lesson01", "--no-similarity", "--keep", "latest", cwd=folder)
    assert latest.returncode == 0
    assert by_student(folder / "grades" / "gradebook.csv")["ada"]["total"] == "0"


def test_changed_references_are_named_as_the_reason(tmp_path):
    folder = small_class(tmp_path)
    assert grade("batch", "submissions/", "--lesson", "lesson01", "--no-similarity", cwd=folder).returncode == 0
    references = tmp_path / "references"
    shutil.copytree(ROOT / "solutions", references)
    source = (references / LESSON01).read_text()
    (references / LESSON01).write_text(source.replace("return float(np.sum(x * y))", "return float(np.sum(x * y)) + 1"))
    result = grade("batch", "submissions/", "--lesson", "lesson01", "--no-similarity", cwd=folder,
                   env={"GRADE_REFERENCE": str(references)})
    assert result.returncode == 0, result.stderr
    assert "ada: 4 -> 3 (grader or references changed)" in result.stdout


# -- similarity ---------------------------------------------------------------------------------


def workspaces(where: Path, sources: dict[str, str]) -> dict[str, Path]:
    out = {}
    for student, text in sources.items():
        (where / student).mkdir()
        (where / student / LESSON01).write_text(text)
        out[student] = where / student
    return out


def test_a_renamed_copy_is_flagged_and_independent_styles_are_not(tmp_path):
    spaces = workspaces(tmp_path, {"loops": LOOPS.read_text(), "copy": renamed(LOOPS.read_text()),
                                   "vectorised": VECTORISED.read_text(), "reference": SOLUTION.read_text()})
    pairs = similarity.compare_class(spaces, LESSON01_ONLY, ROOT / "exercises")
    assert {(p.first, p.second) for p in pairs} == {("copy", "loops")}
    assert {p.exercise for p in pairs} == {"dot", "outer", "hadamard", "matmul"}
    assert all(p.score >= 0.95 and p.first_spans and p.second_spans for p in pairs)
    every = similarity.compare_class(spaces, LESSON01_ONLY, ROOT / "exercises", threshold=0.0)
    styles = [p for p in every if {p.first, p.second} != {"copy", "loops"}]
    # the copy and its original are one group (the same code once normalised), compared with
    # each other style through one of them; none of those pairs is alike enough
    assert {(p.first, p.second) for p in styles} == {("copy", "reference"), ("copy", "vectorised"),
                                                     ("reference", "vectorised")}
    assert all(p.first_also == ("loops",) for p in styles if p.first == "copy")
    assert max(p.score for p in styles) < similarity.THRESHOLD


def test_the_scores_are_the_same_in_every_process(tmp_path):
    """copydetect hashes with Python's per-process hash(); the check must not, or a pair near the
    threshold would come and go between two batches of the same class."""
    workspaces(tmp_path, {"loops": LOOPS.read_text(), "vectorised": VECTORISED.read_text(),
                          "reference": SOLUTION.read_text()})
    script = ("import sys; from pathlib import Path; from grader.classroom.similarity import compare_class; "
              "from grader.course import load_course; root = Path(sys.argv[1]); "
              "lessons = [l for l in load_course().lessons if l.id == 'lesson01']; "
              "print([(p.exercise, p.first, p.second, p.score) for p in compare_class("
              "{d.name: d for d in sorted(root.iterdir())}, lessons, Path(sys.argv[2]), threshold=0.0)])")
    runs = {subprocess.run([sys.executable, "-c", script, str(tmp_path), str(ROOT / "exercises")],
                           capture_output=True, text=True, timeout=120, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(runs) == 1 and "hadamard" in runs.pop()


def test_identical_stubs_are_not_compared(tmp_path):
    spaces = workspaces(tmp_path, {"a": STUB.read_text(), "b": STUB.read_text(),
                                   "c": STUB.read_text().replace("\n\n", "\n\n\n")})
    assert similarity.compare_class(spaces, LESSON01_ONLY, ROOT / "exercises", threshold=0.0) == []


def test_without_copydetect_the_check_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "copydetect", None)
    assert not similarity.available()
    with pytest.raises(similarity.SimilarityUnavailable, match=r"pip install 'dl-math-grader\[similarity\]'"):
        similarity.compare_class({}, LESSON01_ONLY, ROOT / "exercises")


def test_grade_lesson01_does_not_import_copydetect(tmp_path):
    shutil.copy(SOLUTION, tmp_path / LESSON01)
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "grader.cli", "lesson01", "-w", str(tmp_path),
                           "--no-record", "--no-report"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "GRADE_LANG": "en"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "copydetect" not in proc.stderr and "matplotlib" not in proc.stderr


# -- Gradescope: checks held until the due date --------------------------------------------------


def test_held_checks_wait_for_the_due_date_and_the_summary_says_so(tmp_path):
    import jsonschema

    shutil.copy(SUBMISSIONS / "wrong_outer_transposed.py", tmp_path / LESSON01)
    proc = subprocess.run([str(GRADE), "lesson01", "-w", str(tmp_path), "--no-record", "--no-report",
                           "--format", "gradescope"], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "GRADE_LANG": "en", "GRADE_GRADESCOPE_VISIBILITY": "held"})
    document = json.loads(proc.stdout)
    schema = json.loads((ROOT / "tests" / "schemas" / "gradescope-results.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert document["visibility"] == "after_due_date"
    visible = [t for t in document["tests"] if t["visibility"] == "visible"]
    held = [t for t in document["tests"] if t["visibility"] == "after_due_date"]
    assert len(visible) == len(held) == 4
    assert all(t["max_score"] == 0 for t in visible) and sum(t["max_score"] for t in held) == 4
    assert re.fullmatch(r"3 of 4 visible checks passed, \d+ held until grading \(.*\)\.", document["output"])
    assert "all passed" not in document["output"].lower()
    outer = next(t for t in visible if t["name"] == "lesson01 outer: visible checks")
    assert outer["status"] == "failed" and outer["output"]


def test_the_gradescope_bundle_can_hold_checks(tmp_path):
    import zipfile

    result = grade("ci", "init", "gradescope", "-o", "autograder.zip", "--visibility", "held", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "autograder.zip") as bundle:
        script = bundle.read("run_autograder").decode()
    assert 'GRADE_GRADESCOPE_VISIBILITY="held"' in script


def test_a_submission_without_a_verdict_is_left_blank_in_the_lms_files():
    """A zero the batch did not decide (the grader crashed, the code never finished, the files
    could not be read) must not reach the LMS as a grade."""
    from grader.classroom.batch import unfinished_run
    from grader.classroom.lms import canvas_csv, moodle_csv
    from grader.classroom.record import Settings, Stored, build
    from grader.classroom.roster import Person
    from grader.i18n import plain
    from grader.model import Outcome

    runs = {student: unfinished_run(LESSON01_ONLY, Outcome.ERROR, plain("why")) for student in ("ada", "bo")}
    people = {"ada": Person("ada", "Ada", "1", email="ada@x.org"), "bo": Person("bo", "Bo", "2", email="bo@x.org")}
    record = build(runs, Settings(), people, (), Stored(), {}, 4.0,
                   {"ada": ("graded", ""), "bo": ("crashed", "the grader could not grade this submission")})
    canvas = {row[0]: row[5] for row in csv.reader(io.StringIO(canvas_csv(record, "A", "1")))}
    assert canvas["Ada"] == "0" and canvas["Bo"] == ""
    moodle = {row["Full name"]: row for row in csv.DictReader(io.StringIO(moodle_csv(record, "A")))}
    assert moodle["Bo"]["A"] == "" and moodle["Bo"]["Feedback"].startswith("not graded: crashed")


@pytest.mark.parametrize(("options", "expected"), [
    (("--due", "next friday"), "--due 'next friday': give a date and time like 2026-12-01T23:59"),
    (("--due", "2026-12-01", "--late-penalty", "150%"), "--late-penalty '150%': give a percentage from 0% to 100%"),
    (("--late-penalty", "10%"), "--late-penalty and --late-cap need --due"),
])
def test_a_bad_deadline_option_is_one_line_before_grading(tmp_path, options, expected):
    folder = small_class(tmp_path)
    result = grade("batch", "submissions/", *options, cwd=folder)
    assert result.returncode == 2 and expected in result.stderr and result.stderr.count("\n") == 1
    assert not (folder / "grades").exists()


def test_a_huge_or_broken_file_is_left_out_of_the_comparison(tmp_path):
    spaces = workspaces(tmp_path, {"loops": LOOPS.read_text(), "copy": renamed(LOOPS.read_text()),
                                   "huge": LOOPS.read_text() + "#" * (similarity.MAX_FILE + 1),
                                   "broken": LOOPS.read_text() + "\ndef (:\n", "deep": "x = " + "(" * 5000})
    pairs = similarity.compare_class(spaces, LESSON01_ONLY, ROOT / "exercises")
    assert {(p.first, p.second, p.first_also) for p in pairs} == {("copy", "loops", ())}
