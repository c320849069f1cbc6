"""A class graded on many machines: ``grade batch --shard K/N``, then ``grade report --class``
given every shard's folder merges them into one gradebook and one class page.

Commands run as an instructor types them: the environment's ``grade``, from the class folder,
with relative paths. The class is lesson 01 only (solved, wrong, a stub, a misnamed file, a
syntax error), with upper-case and Chinese names, a roster with a student who handed in
nothing, an override and a late penalty, so that every column of the gradebook and of the
LMS exports takes part. Graded whole and as three shards, the merged gradebook, Canvas and
Moodle files and class page must be the whole class's, byte for byte (the page's folder
and time aside).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from grader.classroom.shards import Shard, ShardError, parse_shard, select, shard_of

ROOT = Path(__file__).resolve().parents[1]
GRADE = Path(sys.executable).with_name("grade")
LESSON01 = "lesson01_vectors.py"
SOLUTION = ROOT / "solutions" / LESSON01
WRONG = ROOT / "tests" / "submissions" / "lesson01" / "wrong_outer_transposed.py"
STUB = ROOT / "exercises" / LESSON01
BATCH = ("--lesson", "lesson01", "--no-similarity", "--due", "2026-12-01T23:59", "--late-penalty", "10%")


def grade(*args: str, cwd: Path, lang: str = "en") -> subprocess.CompletedProcess[str]:
    environ = {**{k: v for k, v in os.environ.items() if not k.startswith("GRADE_")}, "NO_COLOR": "1",
               "GRADE_LANG": lang}
    return subprocess.run([str(GRADE), *args], cwd=cwd, env=environ, capture_output=True, text=True, timeout=600)


def refused(proc: subprocess.CompletedProcess[str]) -> str:
    """The one line a refused command prints (exit 2, nothing on stdout, no traceback)."""
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


# -- choosing the shard ---------------------------------------------------------------------------


def test_shard_values():
    assert parse_shard("2/4") == Shard(2, 4) and parse_shard(" 1 / 1 ") == Shard(1, 1)
    for bad in ("0/3", "4/3", "x", "3", "1/0", "-1/3", "1/3/4", ""):
        with pytest.raises(ShardError):
            parse_shard(bad)


def test_a_student_s_shard_is_stable_balanced_and_never_moves_when_the_class_grows():
    names = [f"student{n:04d}" for n in range(2000)]
    assert shard_of("ada", 3) == 3 and shard_of("王芳", 3) == 1  # the same on every machine, every run
    counts = Counter(shard_of(name, 4) for name in names)
    assert set(counts) == {1, 2, 3, 4} and max(counts.values()) - min(counts.values()) < 150
    before = {name: shard_of(name, 4) for name in names}
    grown = [*names, "newcomer", "another"]
    assert all(shard_of(name, 4) == before[name] for name in grown if name in before)
    shards = [select(reversed(grown), Shard(k, 4), name=str) for k in range(1, 5)]
    assert sorted(n for shard in shards for n in shard) == sorted(grown)  # every student once
    assert select(grown, Shard(2, 4), name=str) == list(reversed(shards[1]))  # listing order does not matter


# -- a class graded whole and in three shards ------------------------------------------------------

STUDENTS = {"ada": SOLUTION, "Bo": WRONG, "cy": STUB, "dee": SOLUTION, "Eve": SOLUTION, "fay": None,
            "王芳": WRONG, "gus": WRONG, "hal": SOLUTION}


def make_class(where: Path) -> Path:
    folder = where / "course"
    for student, source in STUDENTS.items():
        target = folder / "submissions" / student / ("exercises" if student in ("cy", "Eve") else "") / LESSON01
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text(encoding="utf-8") if source else "x = (\n", encoding="utf-8")
    shutil.copy(SOLUTION, folder / "submissions" / "dee" / "lesson01.py")
    (folder / "submissions" / "dee" / LESSON01).unlink()
    (folder / "roster.csv").write_text(
        "student,name,lms_id,sis_user_id,section,extension_days\n"
        "ada,Ada Lovelace,101,S101,A,0\nBo,Bo Li,102,S102,A,2\ncy,Cy Chen,103,S103,B,0\n"
        "王芳,Wang Fang,104,S104,B,0\nzed,Zed Absent,105,S105,B,0\n", encoding="utf-8")
    (folder / "overrides.csv").write_text(
        "student,exercise,points,reason,by\nBo,lesson01.outer,full,the handout was wrong,Prof. Kay\n",
        encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = make_class(tmp_path_factory.mktemp("shards"))
    whole = grade("batch", "submissions", *BATCH, "-o", "whole", cwd=folder)
    assert whole.returncode == 0, whole.stdout + whole.stderr
    for name in ("gradebook.csv", "class.html"):  # what the batch wrote, before any report rewrites it
        shutil.copy(folder / "whole" / name, folder / f"batch-{name}")
    for lms in ("canvas", "moodle"):
        report = grade("report", "--class", "whole", "--lms", lms, cwd=folder)
        assert report.returncode == 0, report.stdout + report.stderr
    shards = {}
    for k in (1, 2, 3):
        shards[k] = grade("batch", "submissions", *BATCH, "--shard", f"{k}/3", "-o", f"grades-{k}", cwd=folder)
        assert shards[k].returncode == 0, shards[k].stdout + shards[k].stderr
    return folder, shards


def _page(path: Path) -> str:
    """The class page without the one line that differs by design: its folder and time."""
    text = path.read_text(encoding="utf-8")
    text, found = re.subn(r'Folder: <span class="mono">[^<]*</span> · updated [0-9: -]+', "", text)
    assert found == 1
    return text


def test_each_shard_grades_its_own_students_and_records_which_shard_it_is(graded):
    folder, shards = graded
    seen: list[str] = []
    for k, proc in shards.items():
        summary = json.loads((folder / f"grades-{k}" / "summary.json").read_text(encoding="utf-8"))
        assert summary["shard"]["index"] == k and summary["shard"]["count"] == 3
        assert summary["shard"]["students"] == len(STUDENTS)
        mine = [s["student"] for s in summary["students"]]
        assert all(shard_of(student, 3) == k for student in mine)
        assert f"shard {k}/3: {len(mine)} of the class's {len(STUDENTS)} submissions" in proc.stdout
        seen += mine
    assert sorted(seen) == sorted(STUDENTS)
    assert all(len([s for s in seen if shard_of(s, 3) == k]) for k in (1, 2, 3))  # no shard is empty here


def test_the_merged_gradebook_is_the_whole_class_s_byte_for_byte(graded):
    folder, _ = graded
    first = grade("report", "--class", "grades-1", "--class", "grades-2", "--class", "grades-3", "--lms", "canvas",
                  cwd=folder)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "merged 3 shards: 9 students" in first.stdout
    assert "Gradebook: grades/gradebook.csv" in first.stdout and "grades/canvas.csv" in first.stdout
    merged = folder / "grades"
    # shards in any order give the same files
    again = grade("report", "--class", "grades-3", "--class", "grades-1", "--class", "grades-2", "--lms", "moodle",
                  cwd=folder)
    assert again.returncode == 0, again.stdout + again.stderr
    whole = folder / "whole"
    gradebook = (merged / "gradebook.csv").read_bytes()
    assert gradebook == (folder / "batch-gradebook.csv").read_bytes() == (whole / "gradebook.csv").read_bytes()
    assert all(part in gradebook for part in (b"Bo", "王芳".encode(), b"override", b"days_late"))
    assert (merged / "canvas.csv").read_bytes() == (whole / "canvas.csv").read_bytes()
    assert (merged / "moodle.csv").read_bytes() == (whole / "moodle.csv").read_bytes()
    assert b"Zed Absent" in (merged / "canvas.csv").read_bytes()
    assert _page(merged / "class.html") == _page(whole / "class.html")


def test_the_merge_refuses_shards_that_do_not_belong_together(graded, tmp_path):
    folder, _ = graded
    line = refused(grade("report", "--class", "grades-1", "--class", "grades-3", cwd=folder))
    assert line == ("grade: error: shard 2/3 is missing: grade it (grade batch SUBMISSIONS --shard 2/3 -o FOLDER) "
                    "and give its folder with --class")
    line = refused(grade("report", "--class", "grades-1", "--class", "grades-1", "--class", "grades-3", cwd=folder))
    assert "grades-1 and grades-1 are both shard 1/3" in line
    assert "is not the results of one shard" in refused(grade("report", "--class", "grades-1", "--class", "whole",
                                                              cwd=folder))
    assert "不是某个分片的结果" in refused(grade("report", "--class", "grades-1", "--class", "whole", cwd=folder,
                                                  lang="zh"))

    other = grade("batch", "submissions", *BATCH, "--shard", "2/2", "-o", "halves-2", cwd=folder)
    assert other.returncode == 0, other.stderr
    line = refused(grade("report", "--class", "grades-1", "--class", "halves-2", "--class", "grades-3", cwd=folder))
    assert "shards of different N cannot be merged" in line

    seeded = grade("batch", "submissions", *BATCH, "--seed", "7", "--shard", "2/3", "-o", "seeded-2", cwd=folder)
    assert seeded.returncode == 0, seeded.stderr
    line = refused(grade("report", "--class", "grades-1", "--class", "seeded-2", "--class", "grades-3", cwd=folder))
    assert line == "grade: error: seeded-2 was graded with a different --seed than grades-1: grade every shard of " \
                   "the class alike, then merge"

    def tampered(name: str, change) -> str:  # a copy of shard 2 whose summary says otherwise
        shutil.copytree(folder / "grades-2", folder / name)
        summary = json.loads((folder / name / "summary.json").read_text(encoding="utf-8"))
        change(summary)
        (folder / name / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
        return name

    other_grader = tampered("graded-elsewhere", lambda s: s["grader"].update(fingerprint="0" * 64))
    line = refused(grade("report", "--class", "grades-1", "--class", other_grader, "--class", "grades-3", cwd=folder))
    assert "graded with a different grader or references (fingerprint) than grades-1" in line

    def as_shard_2_with_shard_1s_students(summary):
        summary["students"] += json.loads((folder / "grades-1" / "summary.json").read_text("utf-8"))["students"][:1]

    twice = tampered("twice", as_shard_2_with_shard_1s_students)
    line = refused(grade("report", "--class", "grades-1", "--class", twice, "--class", "grades-3", cwd=folder))
    assert re.fullmatch(r"grade: error: \S+ is in both grades-1 and twice: a student belongs to one shard", line)


def test_the_merge_never_writes_over_a_batch_s_results(graded):
    folder, _ = graded
    before = (folder / "whole" / "gradebook.csv").read_bytes()
    line = refused(grade("report", "--class", "grades-1", "--class", "grades-2", "--class", "grades-3",
                         "-o", "whole/class.html", cwd=folder))
    assert line == "grade: error: whole holds the results of a batch: choose where the merged page goes with --output"
    assert (folder / "whole" / "gradebook.csv").read_bytes() == before
    made = grade("report", "--class", "grades-1", "--class", "grades-2", "--class", "grades-3",
                 "-o", "elsewhere/page.html", cwd=folder)
    assert made.returncode == 0, made.stderr
    assert (folder / "elsewhere" / "gradebook.csv").read_bytes() == before


@pytest.mark.parametrize("value", ["0/3", "4/3", "x"])
def test_a_bad_shard_is_one_line(value, tmp_path):
    (tmp_path / "submissions" / "ada").mkdir(parents=True)
    shutil.copy(SOLUTION, tmp_path / "submissions" / "ada" / LESSON01)
    line = refused(grade("batch", "submissions", "--shard", value, cwd=tmp_path))
    assert line.startswith(f"grade: error: --shard {value if value != 'x' else repr(value)}: ")
    assert "K/N" in line or "between 1 and N" in line
    assert "错误" in refused(grade("batch", "submissions", "--shard", value, cwd=tmp_path, lang="zh"))
    assert not (tmp_path / "grades").exists()


# -- the documented GitHub Actions matrix and Slurm array, run as written --------------------------

DOCS = ROOT / "docs" / "classroom.md"


def _section() -> str:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("### Grading a class on many machines")
    return text[start:text.index("\n### ", start + 4)]


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GRADE_", "GITHUB_", "SLURM_"))}
    env.update({"PATH": os.pathsep.join([str(GRADE.parent), env.get("PATH", "")]), "NO_COLOR": "1",
                "GRADE_LANG": "en"})
    return env


def _run(command: str, cwd: Path, env: dict[str, str]) -> None:
    proc = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"
    assert "Traceback" not in proc.stderr


def _expand(text: str, shard: int | None = None) -> str:
    text = text.replace("${{ matrix.shard }}", str(shard)) if shard is not None else text
    assert "${{" not in text, text
    return text


@pytest.fixture(scope="module")
def one_batch(tmp_path_factory):
    """The class graded on one machine, with the default options the documented commands use."""
    where = tmp_path_factory.mktemp("docs")
    folder = make_class(where)
    single = where / "single"
    shutil.copytree(folder, single)
    _run("grade batch submissions && grade report --class grades --lms canvas", single, _environment())
    return folder, single / "grades"


def test_the_documented_github_matrix_grades_and_merges_the_class(one_batch, tmp_path):
    yaml = pytest.importorskip("yaml")
    folder, single = one_batch
    blocks = re.findall(r"^```yaml\n(.*?)^```", _section(), re.S | re.M)
    assert len(blocks) == 1
    workflow = yaml.safe_load(blocks[0])
    shard_job, merge_job = workflow["jobs"]["shard"], workflow["jobs"]["merge"]
    matrix = shard_job["strategy"]["matrix"]["shard"]
    assert matrix == [1, 2, 3, 4] and merge_job["needs"] == "shard"

    actionlint = shutil.which("actionlint")
    if actionlint is not None:
        repo = tmp_path / "repo"
        (repo / ".github" / "workflows").mkdir(parents=True)
        (repo / ".github" / "workflows" / "grade-class.yml").write_text(blocks[0], encoding="utf-8")
        subprocess.run(["git", "init", "-q", "."], cwd=repo, check=True)
        linted = subprocess.run([actionlint, "-no-color", ".github/workflows/grade-class.yml"], cwd=repo,
                                capture_output=True, text=True, timeout=120)
        assert linted.returncode == 0, linted.stdout + linted.stderr

    env = _environment()
    artifacts = tmp_path / "artifacts"
    for shard in matrix:  # each job on a machine of its own: a fresh checkout
        runner = tmp_path / f"runner-{shard}"
        shutil.copytree(folder, runner)
        for step in shard_job["steps"]:
            if "run" in step:
                command = _expand(step["run"], shard)
                if command.startswith("python -m pip install"):
                    continue  # the grader under test is the one installed
                assert command.startswith("grade batch submissions --shard "), command
                _run(command, runner, {**env, **{k: _expand(v) if "secrets." not in v else ""
                                                  for k, v in step.get("env", {}).items()}})
            elif step["uses"].startswith("actions/upload-artifact"):
                shutil.copytree(runner / _expand(step["with"]["path"], shard),
                                artifacts / _expand(step["with"]["name"], shard))
    merger = tmp_path / "runner-merge"
    shutil.copytree(folder, merger)
    ran = []
    for step in merge_job["steps"]:
        if step.get("uses", "").startswith("actions/download-artifact"):
            pattern = step["with"]["pattern"]
            for artifact in sorted(artifacts.iterdir()):
                if re.fullmatch(pattern.replace("*", ".*"), artifact.name):  # each into a folder of its name
                    shutil.copytree(artifact, merger / artifact.name)
        elif "run" in step and not step["run"].startswith("python -m pip install"):
            _run(_expand(step["run"]), merger, env)
            ran.append(step["run"])
        elif step.get("uses", "").startswith("actions/upload-artifact"):
            assert (merger / step["with"]["path"] / "gradebook.csv").is_file()
    assert [r.split()[:3] for r in ran] == [["grade", "report", "--class"]]
    for name in ("gradebook.csv", "canvas.csv"):
        assert (merger / "grades" / name).read_bytes() == (single / name).read_bytes(), name


def test_the_documented_slurm_array_grades_and_merges_the_class(one_batch, tmp_path):
    folder, single = one_batch
    section = _section()
    scripts = dict(re.findall(r"^`(\w+\.sh)`:\n\n(?:<!--.*?-->\n)?```bash\n(.*?)^```", section, re.S | re.M))
    assert set(scripts) == {"shard.sh", "merge.sh"}
    array = re.search(r"^#SBATCH --array=(\d+)-(\d+)$", scripts["shard.sh"], re.M)
    assert array is not None
    submit = re.search(r"^```bash\n(jobid=.*?)^```", section, re.S | re.M)
    assert submit is not None and submit.group(1).splitlines() == [
        "jobid=$(sbatch --parsable shard.sh)", "sbatch --dependency=afterany:$jobid merge.sh"]
    cluster = tmp_path / "cluster"
    shutil.copytree(folder, cluster)
    for name, text in scripts.items():
        (cluster / name).write_text(text, encoding="utf-8")
    env = _environment()
    for task in range(int(array.group(1)), int(array.group(2)) + 1):  # what each array task runs
        _run("bash shard.sh", cluster, {**env, "SLURM_ARRAY_TASK_ID": str(task)})
    _run("bash merge.sh", cluster, env)
    for name in ("gradebook.csv", "canvas.csv"):
        assert (cluster / "grades" / name).read_bytes() == (single / name).read_bytes(), name
    assert sorted(p.name for p in cluster.glob("grades-*")) == [f"grades-{k}" for k in range(1, 5)]
