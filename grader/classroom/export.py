"""The student starter repository: stubs, lesson texts and a CI file; no grader, no
reference solutions.

What goes in is an allow-list (the stub of every registered lesson, ``lessons/`` when the
course has lesson texts, ``.gitignore``, the CI file and a note), never ``solutions/``,
``tests/`` (whose right submissions are solutions too), ``bench/``, and never the grader
or a package build file (``grader/``, ``setup.py``, ``pyproject.toml``): the CI installs
the instructor's pinned grader, so code in the student's repository cannot take part in
grading. Before anything is written, every file is compared with every reference and
every right test submission: an export that would carry one is refused.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from grader.classroom import ci, templates
from grader.course import Lesson, load_course
from grader.i18n import Text, tr

CI_FILES = {
    "github": ".github/workflows/classroom.yml",
    "gitlab": ".gitlab-ci.yml",
}
BUILD_FILES = ("setup.py", "setup.cfg", "pyproject.toml", "MANIFEST.in")
_CI_NAMES = {"github": "GitHub Actions", "gitlab": "GitLab CI", "none": "set up by your instructor"}


@dataclass(frozen=True)
class Planned:
    """One file of the student repository: copied from ``source`` or written from ``text``."""

    path: str
    source: Path | None = None
    text: str | None = None

    def data(self) -> bytes:
        if self.source is not None:
            return self.source.read_bytes()
        return (self.text or "").encode("utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def secret_digests(project: Path) -> dict[str, Text]:
    """Digest -> name of every file that must never reach a student."""
    secrets = {}
    for path in ci.reference_folder(project).glob("*.py"):
        secrets[_digest(path.read_bytes())] = tr("reference {name}", "参考答案 {name}", name=path.name)
    for path in (project / "tests" / "submissions").glob("*/right*.py"):
        secrets[_digest(path.read_bytes())] = tr("right submission {name}", "正确的提交 {name}",
                                                 name=f"{path.parent.name}/{path.name}")
    return secrets


def plan(project: Path, ci_kind: str = "github", notebooks: bool = False,
         grader: str | None = None, visibility: str = "visible") -> list[Planned]:
    """Every file of the student repository, in order (the lessons as notebooks if asked);
    ``grader`` is the pinned grader the CI installs (``ci.grader_requirement``);
    ``visibility`` ``held`` makes the GitHub workflow hold checks back (``ci.github_workflow``)."""
    if ci_kind not in (*CI_FILES, "none"):
        raise ci.SetupError(tr("unknown CI {kind!r}; choose github, gitlab or none",
                               "未知的 CI {kind!r}；请选择 github、gitlab 或 none", kind=ci_kind))
    if visibility != "visible" and ci_kind != "github":
        raise ci.SetupError(tr("--visibility {visibility} needs --ci github (the GitHub Classroom workflow)",
                               "--visibility {visibility} 需要 --ci github（GitHub Classroom 工作流）",
                               visibility=visibility))
    requirement = ci.grader_requirement(grader)
    files: list[Planned] = []
    for name in (".gitignore",):
        if (project / name).is_file():
            files.append(Planned(name, project / name))
    for lesson in load_course().lessons:
        stub = project / "exercises" / lesson.file
        if not stub.is_file():
            raise ci.SetupError(tr("the stub {stub} is missing", "缺少练习文件 {stub}", stub=stub))
        if notebooks:
            files.append(Planned(f"exercises/{lesson.module}.ipynb", text=_notebook_text(lesson)))
        else:
            files.append(Planned(f"exercises/{lesson.file}", stub))
    texts = project / "lessons"
    if texts.is_dir():
        for path in sorted(texts.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files.append(Planned(path.relative_to(project).as_posix(), path))
    if ci_kind == "github":
        files.append(Planned(CI_FILES["github"], text=ci.github_workflow(grader=requirement, visibility=visibility)))
    elif ci_kind == "gitlab":
        files.append(Planned(CI_FILES["gitlab"], text=ci.gitlab_ci(grader=requirement)))
    files.append(Planned("CLASSROOM.md", text=templates.fill(templates.STUDENT_NOTE, CI=_CI_NAMES[ci_kind],
                                                             GRADER=requirement)))
    return files


def _notebook_text(lesson: Lesson) -> str:
    """The lesson's notebook (English), as ``grade notebooks`` writes it."""
    from grader.notebook.build import NEEDS_NBFORMAT, lesson_notebook

    try:
        import nbformat
    except ImportError:
        raise ci.SetupError(NEEDS_NBFORMAT) from None
    book = lesson_notebook(lesson, "en", "exercises")
    nbformat.validate(book)
    text: str = nbformat.writes(book)
    return text


def check_plan(project: Path, files: list[Planned]) -> None:
    """Refuse a plan that would hand out a reference solution or a right submission."""
    secrets = secret_digests(project)
    for item in files:
        parts = set(Path(item.path).parts)
        if parts & {"solutions", "tests", "_materials"}:
            raise ci.SetupError(tr("refusing to export {path}: it is not for students",
                                   "拒绝导出 {path}：它不是给学生的", path=item.path))
        if Path(item.path).parts[0] == "grader" or item.path in BUILD_FILES:
            raise ci.SetupError(tr("refusing to export {path}: the grader comes from the instructor, "
                                   "never from the student's repository",
                                   "拒绝导出 {path}：评分器由教师提供，绝不来自学生的仓库", path=item.path))
        leaked = secrets.get(_digest(item.data()))
        if leaked:
            raise ci.SetupError(tr("refusing to export {path}: it is the {leaked}", "拒绝导出 {path}：它是{leaked}",
                                   path=item.path, leaked=leaked))


def export_student(project: Path, destination: Path, ci_kind: str = "github",
                   secret_file: Path | None = None, notebooks: bool = False,
                   grader: str | None = None, visibility: str = "visible") -> list[Path]:
    """Write the student repository into ``destination`` (new or empty); returns its files.

    ``secret_file`` receives the ``GRADE_REFERENCES`` value for the CI (outside the
    repository, for the instructor only).
    """
    destination = destination.resolve()
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise ci.SetupError(tr("{destination} exists and is not an empty folder",
                               "{destination} 已存在，且不是空文件夹", destination=destination))
    if secret_file is not None:
        secret_file = secret_file.resolve()
        if secret_file == destination or destination in secret_file.parents:
            raise ci.SetupError(tr("the reference secret must be written outside the student repository",
                                   "参考答案密钥必须写在学生仓库之外"))
    files = plan(project, ci_kind, notebooks, grader, visibility)
    check_plan(project, files)
    secret = ci.reference_secret(project) if secret_file is not None else None
    if secret_file is not None and secret is not None:
        # First: a secret that cannot be written leaves no half-made repository behind.
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(secret + "\n", encoding="ascii")
        secret_file.chmod(0o600)
    written = []
    for item in files:
        target = destination / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(item.data())
        if item.source is not None:
            target.chmod(item.source.stat().st_mode & 0o777)
        written.append(target)
    return written
