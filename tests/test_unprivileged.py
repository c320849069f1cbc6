"""The hostile corpus as an ordinary user, in every mode such a user gets.

CI runs as root, where the sandbox uses namespaces; most people run ``grade`` as
themselves. So, as root, this creates an ordinary user, gives it a copy of Python, a
virtual environment of its own (its site-packages writable by it, as on a laptop) and a
copy of the project in a world-readable temporary folder, and runs ``tests/test_hostile.py``
there as that user: every case in user namespaces, under Landlock and in plain mode, each
mode forced with ``GRADE_CONFINEMENT``, and through the portable runner. The virtual
environment must be byte-for-byte the same afterwards. Run as an ordinary user already,
``test_hostile.py`` itself does this.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path
from site import getsitepackages

import pytest

ROOT = Path(__file__).resolve().parents[1]
USER = "grade-learner"
NEEDED = ("dl-math-grader", "pytest")  # the project's requirements (not its editable hook), pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("runuser")
    or not shutil.which("useradd"),
    reason="needs root (to act as an ordinary user) on Linux, with runuser and useradd")


def _distributions(names: tuple[str, ...]) -> set[str]:
    """The installed distributions ``names`` need, with their requirements."""
    found: set[str] = set()
    todo = list(names)
    while todo:
        name = re.split(r"[ ;<>=!~\[(]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in found:
            continue
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        found.add(name)
        todo += [r for r in dist.requires or [] if "extra ==" not in r]
    return found


def _tree_digest(folder: Path) -> dict[str, str]:
    """Every file and folder beneath ``folder``, with a digest of each file's bytes."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            if path.is_file() and not path.is_symlink() else "" for path in sorted(folder.rglob("*"))}


@pytest.fixture(scope="module")
def learner_setup() -> Iterator[tuple[Path, Path]]:
    """(the user's python, the project copy) in a world-readable folder, removed afterwards."""
    if subprocess.run(["id", "-u", USER], capture_output=True).returncode != 0:
        subprocess.run(["useradd", "--system", "--no-create-home", USER], check=True)
    base = Path(tempfile.mkdtemp(prefix="grade-unprivileged-"))
    base.chmod(0o755)
    try:
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        prefix = Path(sys.base_prefix)
        python = base / "python"
        (python / "bin").mkdir(parents=True)
        shutil.copy2(Path(sys.executable).resolve(), python / "bin" / version)
        shutil.copytree(prefix / "lib" / version, python / "lib" / version, symlinks=True,
                        ignore=shutil.ignore_patterns("site-packages", "dist-packages", "test", "idlelib",
                                                      "tkinter", "__pycache__"))
        for library in (prefix / "lib").glob("libpython*"):
            shutil.copy2(library, python / "lib" / library.name)
        venv = base / "venv"
        subprocess.run([python / "bin" / version, "-m", "venv", "--without-pip", venv], check=True,
                       env={"LD_LIBRARY_PATH": str(python / "lib")})
        site_packages = venv / "lib" / version / "site-packages"
        # The distributions may sit in this environment's site-packages or, in a virtual
        # environment made with --system-site-packages, in the base interpreter's.
        sources = [Path(sysconfig.get_path(kind)).resolve() for kind in ("purelib", "platlib")]
        sources += [Path(p).resolve() for p in getsitepackages()]
        for name in _distributions(NEEDED):
            dist = importlib.metadata.distribution(name)
            for file in dist.files or []:
                if file.name.endswith(".pth") or file.name.startswith("__editable__"):
                    continue  # the project is the copy below, not the folder it was installed from
                origin = Path(str(dist.locate_file(file))).resolve()
                source = next((s for s in sources if s in origin.parents), None)
                if origin.is_file() and source is not None:
                    target = site_packages / origin.relative_to(source)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(origin, target)
        project = base / "project"
        for part in ("grader", "solutions", "exercises", "tests"):
            shutil.copytree(ROOT / part, project / part, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        shutil.copy2(ROOT / "pyproject.toml", project / "pyproject.toml")
        (site_packages / "grader_project.pth").write_text(f"{project}\n", encoding="utf-8")
        subprocess.run(["chown", "-R", f"{USER}:", str(venv), str(project)], check=True)
        yield venv / "bin" / "python", project
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _as_learner(python: Path, project: Path, *args: str, env: dict[str, str] | None = None,
                timeout: float = 900, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environ = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(project), "LANG": "C.UTF-8",
               "PYTHONDONTWRITEBYTECODE": "1",  # so the environment changes only if learner code changes it
               "LD_LIBRARY_PATH": str(python.parents[2] / "python" / "lib"), **(env or {})}
    return subprocess.run(["runuser", "-u", USER, "--", "env", "-i", *[f"{k}={v}" for k, v in environ.items()],
                           str(python), *args], cwd=cwd or project, capture_output=True, text=True, timeout=timeout)


def test_grade_states_each_forced_mode_in_its_json(learner_setup: tuple[Path, Path]) -> None:
    python, project = learner_setup
    seen = {}
    for mode in ("auto", "user-namespaces", "landlock", "plain"):
        done = _as_learner(python, project, "-m", "grader.cli", "lesson01", "--format", "json", "--no-record",
                           "--no-report", "-w", "solutions", env={"GRADE_CONFINEMENT": mode})
        assert done.returncode == 0, done.stderr
        seen[mode] = json.loads(done.stdout)["confinement"]
    assert seen == {"auto": "user-namespaces", "user-namespaces": "user-namespaces",
                    "landlock": "landlock", "plain": "plain"}


def test_hostile_corpus_as_an_ordinary_user(learner_setup: tuple[Path, Path]) -> None:
    python, project = learner_setup
    site = python.parents[1] / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    before = _tree_digest(site)
    done = _as_learner(python, project, "-m", "pytest", "-p", "no:cacheprovider", "-v",
                       "tests/test_hostile.py", "-k", "test_hostile_submission",
                       env={"GRADE_HOSTILE_MODES": "user-namespaces,landlock,plain,portable"})
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    for mode in ("user-namespaces", "landlock", "plain", "portable"):
        assert f"[{mode}]] PASSED" in done.stdout, f"no case ran in {mode} mode"
    assert "plant_in_grader[user-namespaces]] PASSED" in done.stdout
    assert "plant_in_grader[plain]" not in done.stdout
    after = _tree_digest(site)
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert changed == [], "learner code changed the grader's virtual environment"
    assert not list(site.glob("zz_planted*"))


def test_batch_of_a_class_with_unreadable_submissions_as_an_ordinary_user(learner_setup: tuple[Path, Path]) -> None:
    """Submissions copied in by another account may not be readable by the one that grades:
    the batch grades the others and says, per student, what it could not read."""
    python, project = learner_setup
    classroom = project / "my-class"
    for student in ("alice", "bob", "carol"):
        (classroom / "subs" / student).mkdir(parents=True)
        shutil.copy(project / "solutions" / "lesson01_vectors.py", classroom / "subs" / student)
    subprocess.run(["chown", "-R", f"{USER}:", str(classroom)], check=True)
    subprocess.run(["chown", "root:", str(classroom / "subs" / "carol" / "lesson01_vectors.py")], check=True)
    (classroom / "subs" / "carol" / "lesson01_vectors.py").chmod(0o600)
    (classroom / "subs" / "bob").chmod(0)
    done = _as_learner(python, project, "-m", "grader.cli", "batch", "subs", "--lesson", "lesson01", cwd=classroom)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "bob: unreadable: " in done.stdout and "carol: unreadable: " in done.stdout
    with open(classroom / "grades" / "gradebook.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["student"]: row for row in csv.DictReader(stream)}
    assert (rows["alice"]["total"], rows["alice"]["status"]) == ("4", "graded")
    assert rows["bob"]["status"] == rows["carol"]["status"] == "unreadable"
    assert "Permission denied" in rows["bob"]["note"] and "lesson01_vectors.py" in rows["carol"]["note"]


def test_a_batch_submission_cannot_read_a_classmate_as_an_ordinary_user(learner_setup: tuple[Path, Path]) -> None:
    """As an ordinary user, in user namespaces (everything beside the submission covered) and
    under Landlock alone (nothing but the workspace readable): eve's code that runs bob's
    file by its path gets an error, not bob's answers."""
    python, project = learner_setup
    classroom = project / "class-isolation"
    (classroom / "subs" / "bob").mkdir(parents=True)
    shutil.copy(project / "solutions" / "lesson01_vectors.py", classroom / "subs" / "bob")
    (classroom / "subs" / "eve").mkdir()
    bob = classroom / "subs" / "bob" / "lesson01_vectors.py"
    (classroom / "subs" / "eve" / "lesson01_vectors.py").write_text(
        (project / "solutions" / "lesson01_vectors.py").read_text(encoding="utf-8")
        + f"\n\ndef dot(a, b):\n    namespace = {{}}\n    exec(open({str(bob)!r}).read(), namespace)\n"
        "    return namespace['dot'](a, b)\n", encoding="utf-8")
    subprocess.run(["chown", "-R", f"{USER}:", str(classroom)], check=True)
    for mode in ("user-namespaces", "landlock"):
        done = _as_learner(python, project, "-m", "grader.cli", "batch", "subs", "--lesson", "lesson01",
                           "--out", f"grades-{mode}", cwd=classroom, env={"GRADE_CONFINEMENT": mode})
        assert "Traceback" not in done.stderr, done.stderr
        with open(classroom / f"grades-{mode}" / "gradebook.csv", encoding="utf-8-sig", newline="") as stream:
            rows = {row["student"]: row for row in csv.DictReader(stream)}
        # eve's dot errs, and her exec leaves outer's and matmul's "built it yourself" unverified
        assert (rows["bob"]["total"], rows["eve"]["total"]) == ("4", "2.4667"), (mode, rows)


def test_a_batch_grades_lessons_side_by_side_in_user_namespaces_as_an_ordinary_user(
        learner_setup: tuple[Path, Path]) -> None:
    """A batch's zygotes come from its nursery, which is not dumpable: each must still get
    its user namespace (it once fell back to Landlock, leaving its first worker PID 1 of
    the workers, which took the others with it when it ended and hung the batch). Three
    lessons side by side, one submission's lesson file exiting at import: every row right,
    in user namespaces."""
    python, project = learner_setup
    classroom = project / "class-lessons"
    for student in ("alice", "bob"):
        (classroom / "subs" / student).mkdir(parents=True)
        for lesson in ("lesson01_vectors.py", "lesson02_norms.py", "lesson03_derivatives.py"):
            shutil.copy(project / "solutions" / lesson, classroom / "subs" / student)
    (classroom / "subs" / "bob" / "lesson02_norms.py").write_text("import sys\nsys.exit(2)\n", encoding="utf-8")
    subprocess.run(["chown", "-R", f"{USER}:", str(classroom)], check=True)
    done = _as_learner(python, project, "-m", "grader.cli", "batch", "subs", "--lesson", "lesson01",
                       "--lesson", "lesson02", "--lesson", "lesson03", cwd=classroom, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    with open(classroom / "grades" / "gradebook.csv", encoding="utf-8-sig", newline="") as stream:
        rows = {row["student"]: row for row in csv.DictReader(stream)}
    assert [rows["alice"][k] for k in ("lesson01", "lesson02", "lesson03", "status")] == ["4", "8", "7", "graded"]
    assert [rows["bob"][k] for k in ("lesson01", "lesson02", "lesson03", "status")] == ["4", "0", "7", "graded"]
    result = json.loads((classroom / "grades" / "alice.json").read_text(encoding="utf-8"))
    run = result.get("run", result)
    assert run["confinement"] == "user-namespaces", run["confinement"]
