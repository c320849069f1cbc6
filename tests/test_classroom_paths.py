"""The class commands as an instructor types them: from the class folder, relative paths.

``grade`` runs as a separate process from the folder a person stands in (``my-class``),
with the default ``--out grades``, then from other folders with relative and absolute
paths; ``grade report --class`` after a batch must leave the batch's gradebook as it was;
files are written with the umask's mode.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
WRONG = ROOT / "tests" / "submissions" / "lesson01" / "wrong_outer_transposed.py"
LESSON01 = "lesson01_vectors.py"


def grade(*args: str, cwd: Path, umask: int = 0o022) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GRADE_")}, "NO_COLOR": "1",
           "GRADE_LANG": "en"}
    return subprocess.run([sys.executable, "-m", "grader.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600, preexec_fn=lambda: os.umask(umask))


def my_class(where: Path) -> Path:
    """``my-class/subs``: s1 solved, s2 one mistake, s3 the right code in a misnamed file."""
    folder = where / "my-class"
    for student, source, name in (("s1", SOLUTIONS / LESSON01, LESSON01), ("s2", WRONG, LESSON01),
                                  ("s3", SOLUTIONS / LESSON01, "lesson01.py")):
        (folder / "subs" / student).mkdir(parents=True)
        shutil.copy(source, folder / "subs" / student / name)
    return folder


def gradebook(path: Path) -> dict[str, dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        return {row["student"]: row for row in csv.DictReader(stream)}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def batched(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = my_class(tmp_path_factory.mktemp("instructor"))
    return folder, grade("batch", "subs", "--jobs", "2", "--lesson", "lesson01", cwd=folder)


def test_batch_from_the_class_folder_with_the_default_out(batched):
    folder, proc = batched
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "crashed" not in proc.stdout and "unreadable" not in proc.stdout
    assert proc.stdout.strip().splitlines()[-1] == "class report: grades/class.html"
    assert (folder / "grades" / "class.html").is_file()
    rows = gradebook(folder / "grades" / "gradebook.csv")
    assert (rows["s1"]["total"], rows["s1"]["status"]) == ("4", "graded")
    assert 0 < float(rows["s2"]["total"]) < 4
    assert (rows["s3"]["total"], rows["s3"]["status"]) == ("0", "graded")  # a verdict, not a crash


def test_a_misnamed_file_is_named_in_the_students_result(batched):
    folder, _ = batched
    run = json.loads((folder / "grades" / "s3.json").read_text(encoding="utf-8"))
    problem = run["lessons"][0]["problem"]
    assert f"expected a file named exactly {LESSON01}, found lesson01.py" in problem
    alone = grade("lesson01", "--workspace", "subs/s3", "--no-record", cwd=folder)
    assert alone.returncode == 2 and alone.stdout == ""
    assert f"found lesson01.py: rename it to {LESSON01}" in alone.stderr
    everything = grade("all", "--workspace", "subs/s3", "--no-record", "--format", "json", cwd=folder)
    lessons = json.loads(everything.stdout)["lessons"]
    assert f"found lesson01.py. Rename it to {LESSON01}" in lessons[0]["problem"]


def test_report_class_after_batch_keeps_the_gradebook_and_finds_only_students(batched):
    folder, _ = batched
    grades = folder / "grades"
    before = (grades / "gradebook.csv").read_bytes()
    proc = grade("report", "--class", "grades", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    assert "Class report: grades/class.html" in proc.stdout
    assert (grades / "gradebook.csv").read_bytes() == before
    page = (grades / "class.html").read_text(encoding="utf-8")
    assert 'data-student="summary"' not in page and "could not be read" not in page
    assert {f'data-student="{s}"' in page for s in ("s1", "s2", "s3")} == {True}
    assert set(gradebook(grades / "gradebook.csv")) == {"s1", "s2", "s3"}


def test_written_files_follow_the_umask(batched, tmp_path):
    folder, _ = batched
    for name in ("gradebook.csv", "class.html", "summary.json", "s1.json"):
        assert mode(folder / "grades" / name) == 0o644, name
    workspace = folder / "subs" / "s1"
    assert grade("lesson01", "--workspace", "subs/s1", "--no-record", "--output", "json:run.json",
                 "--output", "junit:report.xml", cwd=folder).returncode == 0
    assert mode(folder / "run.json") == mode(folder / "report.xml") == 0o644
    assert grade("ci", "init", "github", cwd=workspace).returncode == 0
    assert mode(workspace / ".github" / "workflows" / "classroom.yml") == 0o644
    assert grade("ci", "init", "gradescope", cwd=tmp_path).returncode == 0
    assert mode(tmp_path / "autograder.zip") == 0o644
    private = tmp_path / "private"
    shutil.copytree(folder / "subs", private / "subs")
    assert grade("batch", "subs", "--lesson", "lesson01", cwd=private, umask=0o077).returncode == 0
    assert mode(private / "grades" / "gradebook.csv") == 0o600


@pytest.mark.parametrize("where", ["subs", "elsewhere", "absolute"])
def test_batch_and_report_from_other_folders(batched, tmp_path, where):
    folder, _ = batched
    classroom = tmp_path / "c"
    shutil.copytree(folder / "subs", classroom / "subs")
    if where == "subs":  # standing among the submissions, writing next to them
        cwd, args, out = classroom / "subs", [".", "--out", "../grades"], classroom / "grades"
    elif where == "elsewhere":
        (tmp_path / "elsewhere").mkdir()
        cwd, args, out = tmp_path / "elsewhere", ["../c/subs", "--out", "../c/results"], classroom / "results"
    else:
        cwd, args, out = Path("/"), [str(classroom / "subs"), "--out", str(classroom / "abs")], classroom / "abs"
    proc = grade("batch", *args, "--jobs", "2", "--lesson", "lesson01", cwd=cwd)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert gradebook(out / "gradebook.csv")["s1"]["total"] == "4"
    page = proc.stdout.strip().splitlines()[-1].removeprefix("class report: ")
    assert (cwd / page).resolve() == (out / "class.html").resolve()
    before = (out / "gradebook.csv").read_bytes()
    report = grade("report", "--class", os.path.relpath(out, cwd) if where != "absolute" else str(out), cwd=cwd)
    assert report.returncode == 0, report.stderr
    assert (out / "gradebook.csv").read_bytes() == before


def _confined() -> bool:
    from grader.sandbox.choice import confinement_here

    return confinement_here() != "plain"


@pytest.mark.skipif(not _confined(), reason="only a confined sandbox keeps learner code from the references")
def test_a_submission_linked_to_the_references_earns_nothing(tmp_path):
    """A student repository can hold symbolic links (git keeps them): ``exercises`` pointing at
    the instructor's reference folder, absolute or relative, must not be graded as the
    references themselves, in a batch or in the command the Gradescope script runs."""
    folder = my_class(tmp_path)
    course = tmp_path / "course"
    shutil.copytree(SOLUTIONS, course / "solutions")
    (folder / "subs" / "mallory").mkdir()
    (folder / "subs" / "mallory" / "exercises").symlink_to(course / "solutions")
    (folder / "subs" / "trudy").mkdir()
    (folder / "subs" / "trudy" / "exercises").symlink_to(Path("..", "..", "..", "course", "solutions"))
    env_reference = {"GRADE_REFERENCE": str(course / "solutions")}
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "batch", "subs", "--lesson", "lesson01"],
                          cwd=folder, capture_output=True, text=True, timeout=600,
                          env={**os.environ, **env_reference, "GRADE_LANG": "en", "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = gradebook(folder / "grades" / "gradebook.csv")
    assert rows["s1"]["total"] == "4"
    assert (rows["mallory"]["total"], rows["trudy"]["total"]) == ("0", "0")
    problem = json.loads((folder / "grades" / "mallory.json").read_text(encoding="utf-8"))["lessons"][0]["problem"]
    assert "mallory/exercises is a link to something outside the submission folder" in problem
    alone = subprocess.run([sys.executable, "-m", "grader.cli", "all", "--workspace", "exercises", "--no-record",
                            "--format", "json"], cwd=folder / "subs" / "mallory", capture_output=True,
                           text=True, timeout=600, env={**os.environ, **env_reference, "GRADE_LANG": "en"})
    run = json.loads(alone.stdout)
    assert run["score"] == 0, alone.stderr
    problem = run["lessons"][0]["problem"]
    assert "could not be read in the sandbox" in problem and "not installed" not in problem


def test_the_gradebook_opens_in_a_spreadsheet(tmp_path):
    """Excel reads a CSV file as UTF-8 only when it starts with a byte order mark (else in the
    system's code page, and 张伟 arrives garbled); names with commas stay one cell, and a
    folder named like a formula stays text (OWASP's CSV injection advice)."""
    folder = tmp_path / "my-class"
    names = ("张伟", "Smith, Alice", '=HYPERLINK("evil.example","x")', "-rf")
    for name in names:
        (folder / "subs" / name).mkdir(parents=True)
        shutil.copy(SOLUTIONS / LESSON01, folder / "subs" / name / LESSON01)
    proc = grade("batch", "subs", "--lesson", "lesson01", cwd=folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    raw = (folder / "grades" / "gradebook.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfstudent,"), raw[:20]
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0][0] == "student"
    students = {row[0]: row for row in rows[1:]}
    assert set(students) == {"张伟", "Smith, Alice", "'" + names[2], "'-rf"}
    assert {row[rows[0].index("total")] for row in rows[1:]} == {"4"}
    assert grade("report", "--class", "grades", cwd=folder).returncode == 0
    assert (folder / "grades" / "gradebook.csv").read_bytes() == raw


def test_a_file_among_the_submission_folders_is_named_not_dropped(tmp_path):
    """A student who uploaded a bare file where a folder was expected is not in the gradebook;
    the batch says so rather than leaving the instructor to notice a missing row."""
    folder = my_class(tmp_path)
    shutil.copy(SOLUTIONS / LESSON01, folder / "subs" / "carol")
    (folder / "subs" / ".DS_Store").write_bytes(b"")
    proc = grade("batch", "subs", "--lesson", "lesson01", cwd=folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "not graded, not a folder: carol" in proc.stdout
    assert "DS_Store" not in proc.stdout
    assert "carol" not in gradebook(folder / "grades" / "gradebook.csv")


def _on_a_terminal(*args: str, cwd: Path) -> tuple[int, str, bytes]:
    """``grade`` with its stderr on a pseudo-terminal, as when an instructor types it."""
    import pty

    leader, follower = pty.openpty()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("GRADE_")}, "GRADE_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "grader.cli", *args], cwd=cwd, env=env, stdout=subprocess.PIPE,
                          stderr=follower, text=True, timeout=600)
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
    return proc.returncode, proc.stdout, screen


def test_a_folder_name_cannot_drive_the_instructors_terminal(tmp_path):
    """A student names their folder (or their repository); an escape sequence in it must
    reach the instructor's terminal as text, in the progress bar and in the report's
    progress lines alike."""
    folder = my_class(tmp_path)
    evil = "mal\x1b]0;pwned\x07\x1b[2Jlory"
    (folder / "subs" / evil).mkdir()
    shutil.copy(SOLUTIONS / LESSON01, folder / "subs" / evil / LESSON01)
    for args in (("batch", "subs", "--lesson", "lesson01"), ("report", "--class", "grades")):
        code, out, screen = _on_a_terminal(*args, cwd=folder)
        assert code == 0, out + screen.decode(errors="replace")
        assert b"mal" in screen, screen  # the name is shown ...
        assert b"\x1b]0;" not in screen and b"\x07" not in screen and b"\x1b[2J" not in screen  # ... not obeyed
        assert "\x1b" not in out and "\x07" not in out


def test_a_folder_name_too_long_for_its_results_is_one_line(tmp_path):
    """``<student>.json`` and the batch's own files beside it must fit a file name (255 bytes
    on Linux): a longer folder name is a usage error naming it, not a traceback midway."""
    folder = my_class(tmp_path)
    long_name = "张" * 80 + "x" * 10  # 250 bytes in UTF-8
    (folder / "subs" / long_name).mkdir()
    shutil.copy(SOLUTIONS / LESSON01, folder / "subs" / long_name / LESSON01)
    proc = grade("batch", "subs", "--lesson", "lesson01", cwd=folder)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "too long" in proc.stderr and "张张张" in proc.stderr


def test_a_student_removed_from_the_class_leaves_both_gradebooks(tmp_path):
    """After a student's folder is removed and the batch run again, the documented
    `grade report --class grades` must write the batch's gradebook, not bring back the
    removed student from the results file the earlier run left."""
    folder = my_class(tmp_path)
    assert grade("batch", "subs", "--lesson", "lesson01", cwd=folder).returncode == 0
    shutil.rmtree(folder / "subs" / "s2")
    again = grade("batch", "subs", "--lesson", "lesson01", cwd=folder)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "not a folder" not in again.stdout
    batch_book = (folder / "grades" / "gradebook.csv").read_bytes()
    assert set(gradebook(folder / "grades" / "gradebook.csv")) == {"s1", "s3"}
    report = grade("report", "--class", "grades", "--lang", "zh", cwd=folder)
    assert report.returncode == 0, report.stderr
    assert (folder / "grades" / "gradebook.csv").read_bytes() == batch_book
    assert 'data-student="s2"' not in (folder / "grades" / "class.html").read_text(encoding="utf-8")


def test_the_references_graded_through_a_linked_parent_folder_still_pass(tmp_path):
    """Only a workspace that is itself a link is kept from the references: an instructor
    whose course sits under a linked folder (a home on another disk) still checks a copy
    of them. ``GRADE_REFERENCE`` may not name the workspace itself (a submission is never
    its own answer key): that is refused with one line."""
    (tmp_path / "disk" / "course").mkdir(parents=True)
    shutil.copytree(SOLUTIONS, tmp_path / "disk" / "course" / "solutions")
    shutil.copytree(SOLUTIONS, tmp_path / "disk" / "course" / "references")
    (tmp_path / "home").symlink_to(tmp_path / "disk")
    env = {**os.environ, "GRADE_REFERENCE": str(tmp_path / "home" / "course" / "references"), "GRADE_LANG": "en"}
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "lesson01", "--workspace", "home/course/solutions",
                           "--no-record", "--format", "json"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600, env=env)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr
    assert json.loads(proc.stdout)["score"] == 4
    for named in ("home/course/solutions", "disk/course/solutions"):
        itself = subprocess.run([sys.executable, "-m", "grader.cli", "lesson01", "--workspace",
                                 "home/course/solutions", "--no-record"], cwd=tmp_path, capture_output=True,
                                text=True, timeout=600, env={**env, "GRADE_REFERENCE": named})
        assert itself.returncode == 2 and "inside the workspace being graded" in itself.stderr
        assert "Traceback" not in itself.stderr


def test_a_submission_linked_to_another_students_work_earns_nothing(tmp_path):
    """Student repositories are cloned side by side, and git keeps symbolic links: a
    submission whose ``exercises`` (or lesson file) links into a classmate's folder must not
    be graded as that classmate's work."""
    folder = my_class(tmp_path)
    (folder / "subs" / "trudy").mkdir()
    (folder / "subs" / "trudy" / "exercises").symlink_to(Path("..", "s1"))
    (folder / "subs" / "mallory" / "exercises").mkdir(parents=True)
    (folder / "subs" / "mallory" / "exercises" / LESSON01).symlink_to(Path("..", "..", "s1", LESSON01))
    (folder / "subs" / "own").mkdir()
    shutil.copy(SOLUTIONS / LESSON01, folder / "subs" / "own" / "mine.py")
    (folder / "subs" / "own" / LESSON01).symlink_to("mine.py")  # a link inside one's own folder is fine
    proc = grade("batch", "subs", "--lesson", "lesson01", cwd=folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = gradebook(folder / "grades" / "gradebook.csv")
    assert (rows["s1"]["total"], rows["own"]["total"]) == ("4", "4")
    for student in ("trudy", "mallory"):
        assert rows[student]["total"] == "0"
        assert "outside the submission" in rows[student]["note"], rows[student]
    again = grade("batch", "subs", "--lesson", "lesson01", cwd=folder)
    assert "6 unchanged" in again.stdout and gradebook(folder / "grades" / "gradebook.csv") == rows


def test_report_class_over_workspaces_does_not_follow_a_link_to_a_classmate(tmp_path):
    folder = my_class(tmp_path)
    (folder / "subs" / "trudy").mkdir()
    (folder / "subs" / "trudy" / "exercises").symlink_to(Path("..", "s1"))
    proc = grade("report", "--class", "subs", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    rows = gradebook(folder / "subs" / "gradebook.csv")
    assert rows["s1"]["total"] == "4"
    assert rows["trudy"]["total"] != "4" and "outside" in rows["trudy"]["note"], rows["trudy"]


def test_an_unusable_out_is_one_line(tmp_path):
    """--out naming a file, or a folder that cannot be made, is a usage error (exit 2, one
    line on stderr), not a traceback."""
    folder = my_class(tmp_path)
    (folder / "grades.csv").write_text("kept\n", encoding="utf-8")
    for out in ("grades.csv", "grades.csv/inside"):
        proc = grade("batch", "subs", "--out", out, "--lesson", "lesson01", cwd=folder)
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert "grades.csv" in proc.stderr
    assert (folder / "grades.csv").read_text(encoding="utf-8") == "kept\n"


def test_setup_commands_refuse_an_unwritable_destination_in_one_line(tmp_path):
    """The classroom set-up commands, given a destination under a file (a typo), say so in
    one line with exit 2; export writes nothing of the repository when the secret fails."""
    (tmp_path / "notes.txt").write_text("kept\n", encoding="utf-8")
    for args in (("ci", "init", "gradescope", "-o", "notes.txt/autograder.zip"),
                 ("ci", "init", "github", "--dir", "notes.txt"),
                 ("ci", "init", "gitlab", "--dir", "notes.txt"),
                 ("export", "student", "starter", "--reference-secret", "notes.txt/references.b64"),
                 ("export", "student", "notes.txt/starter")):
        proc = grade(*args, cwd=tmp_path)
        assert proc.returncode == 2, (args, proc.stdout + proc.stderr)
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert "notes.txt" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
