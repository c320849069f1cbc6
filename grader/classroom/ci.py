"""CI set-up: the GitHub and GitLab workflow files, the Gradescope autograder bundle, and
the reference archive that carries the hidden references into CI.

A student's CI grades with the instructor's grader, never with code from the student's
repository: the workflows install a pinned grader (``grader_requirement``) outside the
checkout and run it with a clean environment.

The project folder (``project_root``) is a clone of the course: ``pyproject.toml``, the
``grader`` package, ``exercises/`` (stubs) and ``solutions/`` (references). Everything
built here is deterministic: the same project gives the same bytes.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import os
import re
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from grader import __version__
from grader.atomic import write_atomic
from grader.classroom import templates
from grader.course import Lesson, load_course
from grader.errors import GradeError
from grader.i18n import tr
from grader.reporters import github
from grader.reporters.gradescope import VISIBILITIES

PYTHON_VERSION = "3.11"
WORKSPACE = "exercises"
PACKAGE = "dl-math-grader"
_VERSION = re.compile(r"[0-9][A-Za-z0-9.+!_-]*")
_WHEEL_URL = re.compile(r"(https|file)://[^\s\"'#$`\\]+\.whl#sha256=[0-9a-f]{64}")
# Top-level files a package build of the project needs (the others are optional).
PACKAGE_FILES = ("pyproject.toml", "README.md")
OPTIONAL_PACKAGE_FILES = ("setup.py", "MANIFEST.in", "LICENSE", "LICENSE.md", "LICENSE.txt")
_SKIP_PARTS = {"__pycache__", "_materials", ".mypy_cache", ".pytest_cache", ".ruff_cache"}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# GitHub refuses secrets larger than 48 KB.
GITHUB_SECRET_LIMIT = 48 * 1024


class SetupError(GradeError, ValueError):
    """The project or the request cannot produce what was asked; one line for the user."""


def project_root(source: Path | None = None) -> Path:
    """The course project to build from: ``source``, or the folder holding this package."""
    root = (source or Path(__file__).resolve().parents[2]).resolve()
    missing = [name for name in (*PACKAGE_FILES, "grader/__init__.py") if not (root / name).is_file()]
    if missing:
        raise SetupError(tr("{root} is not the course's project folder (missing {missing}); "
                            "run this from a clone of the course or pass --source",
                            "{root} 不是课程的项目文件夹（缺少 {missing}）；请在课程的克隆中运行，或传入 --source",
                            root=root, missing=", ".join(missing)))
    return root


def reference_folder(project: Path) -> Path:
    configured = os.environ.get("GRADE_REFERENCE")
    return Path(configured).resolve() if configured else project / "solutions"


def reference_files(project: Path, lessons: Iterable[Lesson] | None = None) -> list[Path]:
    """The reference solution of every registered lesson (all must exist)."""
    folder = reference_folder(project)
    files = [folder / lesson.file for lesson in (lessons or load_course().lessons)]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise SetupError(tr("the references {missing} are not in {folder}", "参考答案 {missing} 不在 {folder} 中",
                            missing=", ".join(missing), folder=folder))
    return files


def package_files(project: Path) -> Iterator[tuple[Path, str]]:
    """(source, relative path) of everything ``pip install`` needs to build the grader."""
    for name in (*PACKAGE_FILES, *OPTIONAL_PACKAGE_FILES):
        if (project / name).is_file():
            yield project / name, name
    for path in sorted((project / "grader").rglob("*")):
        relative = path.relative_to(project)
        if path.is_file() and not _SKIP_PARTS & set(relative.parts) and path.suffix not in (".pyc", ".pyo"):
            yield path, relative.as_posix()


def github_runner_ids() -> list[str]:
    """The reporter's runner ids, one per exercise of the course, in course order."""
    ids = [github.runner_id(lesson.id, exercise.name)
           for lesson in load_course().lessons for exercise in lesson.exercises]
    if len(set(ids)) != len(ids):
        raise SetupError(tr("two exercises of the course share a GitHub Classroom runner id",
                            "课程中有两个练习使用同一个 GitHub Classroom runner id"))
    return ids


def grader_requirement(spec: str | None = None) -> str:
    """The pinned grader a student's CI installs, as ``pip install`` takes it.

    By default this grader's own version on the package index
    (``dl-math-grader==0.1.0``); ``spec`` may name another version (``0.2.0`` or
    ``dl-math-grader==0.2.0``), or a wheel the instructor publishes, by URL with its
    SHA-256 (``https://.../dl_math_grader-0.2.0-py3-none-any.whl#sha256=<64 hex>``),
    which pip checks before installing. Never a folder or the student's repository.
    """
    text = (spec or "").strip()
    if not text:
        return f"{PACKAGE}=={__version__}"
    if _VERSION.fullmatch(text):
        return f"{PACKAGE}=={text}"
    if text.startswith(f"{PACKAGE}==") and _VERSION.fullmatch(text[len(PACKAGE) + 2:]):
        return text
    if _WHEEL_URL.fullmatch(text):
        return text
    raise SetupError(tr("--grader {text!r}: give a version (0.2.0), {package}==VERSION, or the URL of a "
                        "wheel with its hash (https://.../dl_math_grader-0.2.0-py3-none-any.whl#sha256=<64 hex "
                        "digits>)",
                        "--grader {text!r}：请给出一个版本（0.2.0）、{package}==VERSION，或带哈希值的 wheel 地址"
                        "（https://.../dl_math_grader-0.2.0-py3-none-any.whl#sha256=<64 位十六进制数>）",
                        text=text, package=PACKAGE))


GITHUB_VISIBILITIES = ("visible", "held")
_HELD_NOTE = """\
# Held (--visibility held): each exercise shows its visible check only (the one Gradescope's
# held bundle shows at once), worth no points; the other checks and the score wait for the
# instructor's grading, and the job summary says how many are held.
"""


def github_workflow(workspace: str = WORKSPACE, python: str = PYTHON_VERSION, grader: str | None = None,
                    visibility: str = "visible") -> str:
    """The Classroom workflow; ``visibility`` ``held`` grades with ``grade all --held``."""
    if visibility not in GITHUB_VISIBILITIES:
        raise SetupError(tr("visibility must be one of {choices}", "visibility 必须是 {choices} 之一",
                            choices=", ".join(GITHUB_VISIBILITIES)))
    held = visibility == "held"
    ids = github_runner_ids()
    results_env = "\n".join(f'          {key.upper()}_RESULTS: "${{{{ steps.grade.outputs.{key} }}}}"'
                             for key in ids)
    return templates.fill(templates.GITHUB_WORKFLOW, VERSION=__version__, PYTHON=python,
                          WORKSPACE=workspace, RESULTS_ENV=results_env, RUNNERS=",".join(ids),
                          GRADER=grader_requirement(grader), HELD_NOTE=_HELD_NOTE if held else "",
                          HELD=" --held" if held else "",
                          STEP_SUMMARY='GITHUB_STEP_SUMMARY="$GITHUB_STEP_SUMMARY" ' if held else "")


def gitlab_ci(workspace: str = WORKSPACE, python: str = PYTHON_VERSION, min_score: str = "100%",
              grader: str | None = None) -> str:
    return templates.fill(templates.GITLAB_CI, VERSION=__version__, PYTHON=python,
                          WORKSPACE=workspace, MIN_SCORE=min_score, GRADER=grader_requirement(grader))


def reference_archive(files: Iterable[Path]) -> bytes:
    """A gzipped tar of the reference files (flat, sorted, no owners or times)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(files, key=lambda p: p.name):
            data = path.read_bytes()
            info = tarfile.TarInfo(path.name)
            info.size, info.mode, info.mtime = len(data), 0o644, 0
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def reference_secret(project: Path) -> str:
    """The value of the ``GRADE_REFERENCES`` secret: base64 of the reference archive."""
    return base64.b64encode(reference_archive(reference_files(project))).decode("ascii")


@dataclass(frozen=True)
class BundleEntry:
    name: str
    data: bytes
    executable: bool = False


def gradescope_entries(project: Path, visibility: str = "visible", seed: int | None = None) -> list[BundleEntry]:
    """The files of the Gradescope autograder zip, in order.

    Each submission draws its hidden inputs from its own bytes and the bundle's secret
    (``GRADE_SECRET``): ``seed`` when given, else a digest of the references, which the
    bundle alone carries. Either way the zip is the same for the same course and options.
    """
    if visibility not in VISIBILITIES:
        raise SetupError(tr("visibility must be one of {choices}", "visibility 必须是 {choices} 之一",
                            choices=", ".join(VISIBILITIES)))
    entries = [
        BundleEntry("setup.sh", templates.fill(templates.GRADESCOPE_SETUP, VERSION=__version__).encode(),
                    executable=True),
        BundleEntry("run_autograder", templates.fill(templates.GRADESCOPE_RUN, VERSION=__version__,
                                                     VISIBILITY=visibility,
                                                     SECRET=_bundle_secret(project, seed)).encode(),
                    executable=True),
    ]
    entries += [BundleEntry(f"grader-src/{name}", path.read_bytes()) for path, name in package_files(project)]
    entries += [BundleEntry(f"references/{path.name}", path.read_bytes()) for path in reference_files(project)]
    return entries


def _bundle_secret(project: Path, seed: int | None) -> str:
    """The bundle's ``GRADE_SECRET``: the instructor's ``--seed``, or the references' digest."""
    if seed is not None:
        return str(int(seed))
    digest = hashlib.sha256()
    for path in reference_files(project):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:32]


def write_zip(entries: Iterable[BundleEntry], destination: Path) -> Path:
    """A zip with every entry at the root of the archive, as Gradescope requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in entries:
            info = zipfile.ZipInfo(entry.name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = ((0o100755 if entry.executable else 0o100644) & 0xFFFF) << 16
            archive.writestr(info, entry.data)
    return write_atomic(destination, buffer.getvalue())
