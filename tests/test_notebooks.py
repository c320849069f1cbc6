"""The course in Jupyter: the notebooks ``grade notebooks`` writes, checks run in a real
kernel (nbclient + ipykernel), and notebooks graded as submissions."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbclient import NotebookClient

from grader import api
from grader.cli import main
from grader.course import load_course
from grader.progress import ProgressStore, default_path
from grader.reading.cells import definitions
from grader.reading.notebook import notebook_code
from grader.reporters import github

ROOT = Path(__file__).resolve().parents[1]

RIGHT_DOT = '''def dot(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    total = 0.0
    for i in range(len(a)):
        total += a[i] * b[i]
    return total'''

OFF_BY_ONE_DOT = RIGHT_DOT.replace("range(len(a))", "range(len(a) - 1)")


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``grade notebooks`` run as a learner would, from a fresh folder, with defaults."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["notebooks", "--lang", "en"])
    assert result.exit_code == 0, result.output
    return tmp_path / "notebooks"


def _read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def test_one_valid_notebook_per_lesson_built_from_the_registry(built: Path) -> None:
    course = load_course()
    assert sorted(p.name for p in built.iterdir()) == sorted(f"{lesson.module}.ipynb" for lesson in course.lessons)
    for lesson in course.lessons:
        book = _read(built / f"{lesson.module}.ipynb")
        nbformat.validate(book)
        code = [c.source for c in book.cells if c.cell_type == "code"]
        assert "from grader.notebook import check" in code[0]
        for exercise in lesson.exercises:
            assert any(c.startswith(f"def {exercise.name}(") for c in code), exercise.name
            assert f'check("{exercise.name}")' in code
    text = "\n".join(c.source for c in _read(built / "lesson01_vectors.ipynb").cells if c.cell_type == "markdown")
    assert "$$" in text and r"\begin{aligned}" in text


def test_refuses_to_overwrite(built: Path) -> None:
    before = (built / "lesson01_vectors.ipynb").read_bytes()
    result = CliRunner().invoke(main, ["notebooks"])
    assert result.exit_code == 2
    assert "already holds notebooks" in result.output
    assert (built / "lesson01_vectors.ipynb").read_bytes() == before


def test_chinese_notebooks_use_the_glossary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["notebooks", "nb", "--lang", "zh"]).exit_code == 0
    text = json.dumps(_read(tmp_path / "nb" / "lesson01_vectors.ipynb"), ensure_ascii=False)
    assert "点乘" in text and 'set_language(\\"zh\\")' in text


def test_kernel_definitions_keep_imports_defs_and_constants_latest_wins() -> None:
    cells = ["import numpy as np\nfrom grader.notebook import check", "SCALE = np.float64(2.0)\nprint('hi')",
             "def dot(a, b):\n    return 0.0", "import pprint as plt\nplt.pprint([1, 2])",
             "def dot(a, b):\n    return SCALE", "result = dot([1], [2])\ncheck('dot')", "def broken(:"]
    source = definitions(cells)
    namespace: dict[str, object] = {}
    exec(compile(source, "kernel", "exec"), namespace)
    assert namespace["dot"]([1], [2]) == 2.0  # type: ignore[operator]
    assert "print(" not in source and "plt.pprint" not in source and "check(" not in source
    assert "result =" not in source and "grader" not in source


def _execute(book: nbformat.NotebookNode, folder: Path) -> nbformat.NotebookNode:
    client = NotebookClient(book, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}}, allow_errors=False)
    client.execute()
    return book


def _outputs(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "".join(parts)


def _code_cell(book: nbformat.NotebookNode, startswith: str) -> nbformat.NotebookNode:
    return next(c for c in book.cells if c.cell_type == "code" and c.source.startswith(startswith))


def test_checks_in_a_real_kernel(built: Path) -> None:
    """Right, off by one, endless, memory hog, and a kernel that patches the checker."""
    path = built / "lesson01_vectors.ipynb"
    book = _read(path)
    _code_cell(book, "def dot(").source = RIGHT_DOT
    new = nbformat.v4.new_code_cell
    book.cells += [
        new('r = check("dot")\nprint("RIGHT", r.status, r.score, r.max_score)'),
        new('r = check(dot)\nprint("BY FUNCTION", r.status)'),  # the function itself, not its name
        new('print("plots and prints do not get in the way")'),
        new('print(hint("dot"))'),
        new('print(hint("dot"))'),
        new('print(solution("dot"))'),
        new(OFF_BY_ONE_DOT),
        new('r = check("dot")\nprint("OFF", r.status, r.score < r.max_score)\nprint(r)'),
        new('def dot(a, b):\n    while True:\n        pass'),
        new('r = check("dot")\nprint("LOOP", r.status)'),
        new('print("ALIVE")'),
        new('def dot(a, b):\n    hog = bytearray(8 * 1024 ** 3)\n    return float(len(hog))'),
        new('r = check("dot")\nprint("HOG", r.status)'),
        new(OFF_BY_ONE_DOT),
        new('import grader.notebook.view as view\nimport grader.engine.run as run\n'
            'view.CheckView.status = property(lambda self: "passed")\n'
            'run.grade_lesson = lambda *args, **kwargs: None\n'
            'r = check("dot")\nprint("PATCHED", r.status, r.result.exercises[0].outcome.value)'),
        new('r = check("lesson01")\nprint("LESSON", len(r.result.exercises))'),
    ]
    _execute(book, built)
    printed = "\n".join(_outputs(c) for c in book.cells)
    assert "RIGHT passed 1.0 1.0" in printed
    assert "BY FUNCTION passed" in printed
    assert "OFF failed True" in printed and "the last pair a[n-1] * b[n-1] is missing" in printed
    assert "LOOP timeout" in printed and "ALIVE" in printed
    assert "HOG error" in printed or "HOG failed" in printed
    # The patched kernel shows what it likes; the judge decided (and recorded) the truth.
    assert "PATCHED passed failed" in printed
    assert "LESSON 4" in printed
    store = ProgressStore(default_path(built))
    assert store.latest(str(built.resolve()))[("lesson01", "dot")].status == "failed"
    assert "Hint 1/3" in printed and "Hint 2/3" in printed and store.hint_rung(str(built.resolve()),
                                                                                "lesson01", "dot") == 2
    assert "Reference for lesson01 dot (you passed it" in printed
    status = CliRunner().invoke(main, ["status", "-w", "notebooks", "--lang", "en"])
    assert status.exit_code == 0 and "lesson01" in status.output, status.output

    # The executed notebook, saved into the workspace, is graded from its code alone:
    # its last dot is the off-by-one one, whatever the stored outputs say.
    nbformat.write(book, path)
    result = CliRunner().invoke(main, ["lesson01", "-w", "notebooks", "--no-record", "--no-report"])
    assert result.exit_code == 1, result.output
    assert "lesson01_vectors.ipynb" in result.output
    assert "the last pair a[n-1] * b[n-1] is missing" in result.output


def _solutions_as_notebooks(folder: Path, lessons: list[str]) -> None:
    folder.mkdir(parents=True)
    for lesson in load_course().lessons:
        if lesson.id not in lessons:
            continue
        text = (ROOT / "solutions" / lesson.file).read_text(encoding="utf-8")
        book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# notes"),
                                               nbformat.v4.new_code_cell("%matplotlib inline"),
                                               nbformat.v4.new_code_cell(text)])
        nbformat.write(book, folder / f"{lesson.module}.ipynb")


def test_solutions_kept_as_notebooks_score_full_marks(tmp_path: Path) -> None:
    lessons = ["lesson01", "lesson07", "lesson08"]  # lesson08 imports lesson07's notebook
    _solutions_as_notebooks(tmp_path / "ws", lessons)
    run = api.grade(lessons, tmp_path / "ws")
    assert run.score == run.max_score > 0
    assert [r.file for r in run.lessons] == ["lesson01_vectors.ipynb", "lesson07_perceptron.ipynb",
                                             "lesson08_xor.ipynb"]
    assert {r.workspace for r in run.lessons} == {str((tmp_path / "ws").resolve())}


def test_stored_outputs_are_never_trusted(tmp_path: Path) -> None:
    folder = tmp_path / "ws"
    folder.mkdir(parents=True)
    cell = nbformat.v4.new_code_cell("def dot(a, b):\n    return 0.0")
    cell.outputs = [nbformat.v4.new_output("stream", text="passed 1/1 dot")]
    book = nbformat.v4.new_notebook(cells=[cell])
    book.metadata["grade"] = {"dot": "passed"}
    nbformat.write(book, folder / "lesson01_vectors.ipynb")
    result = api.grade(["lesson01"], folder, exercises=("dot",)).lessons[0]
    assert result.exercises[0].outcome.value == "failed"


def test_a_notebook_that_is_not_json_gets_one_line_and_the_rest_still_grade(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _solutions_as_notebooks(tmp_path / "ws", ["lesson01"])
    (tmp_path / "ws" / "lesson02_norms.ipynb").write_text('{"cells": [', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["all", "-w", "ws", "--no-record", "--no-report"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "not valid JSON" in line]
    assert lines == ["  lesson02_norms.ipynb is not a notebook: it is not valid JSON (line 1); open it in "
                     "Jupyter and save it again, or restore it."]
    assert re.search(r"^lesson01 .* passed +4 exercises +4/4$", result.output, re.M)  # lesson01 still graded


def test_notebook_code_comments_out_magics_and_keeps_cells_apart(tmp_path: Path) -> None:
    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("%timeit 1\n!ls\nx = 1"),
                                           nbformat.v4.new_code_cell("y = x\ncheck('dot')")])
    nbformat.write(book, tmp_path / "b.ipynb")
    code = notebook_code(tmp_path / "b.ipynb")
    assert code == "# cell 1\nx = 1\n\n# cell 2\ny = x\n"


def test_grading_py_files_imports_no_notebook_machinery() -> None:
    script = ("import sys\nfrom grader import api\n"
              "run = api.grade(['lesson01'], 'solutions')\n"
              "assert run.score == run.max_score\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nbformat', 'nbclient', 'IPython', "
              "'jupyter_client') or m.startswith(('grader.notebook', 'grader.reading.notebook'))))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "['grader.reading.notebook']"


def test_export_student_notebooks(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "student", str(tmp_path / "repo"), "--notebooks",
                                       "--source", str(ROOT)])
    assert result.exit_code == 0, result.output
    exercises = tmp_path / "repo" / "exercises"
    assert not list(exercises.glob("*.py"))
    for lesson in load_course().lessons:
        nbformat.validate(_read(exercises / f"{lesson.module}.ipynb"))
    # The stubs, as notebooks, grade as not started.
    run = api.grade(["lesson01"], exercises)
    assert {e.outcome.value for e in run.lessons[0].exercises} == {"not_started"}


def test_batch_grades_notebook_submissions_to_junit(tmp_path: Path) -> None:
    submissions = tmp_path / "class"
    _solutions_as_notebooks(submissions / "ada", ["lesson01"])
    (submissions / "bob").mkdir(parents=True)
    (submissions / "bob" / "lesson01_vectors.ipynb").write_text("not json", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(submissions), "--lesson", "lesson01", "--out", str(out),
                                       "--jobs", "1"])
    assert result.exit_code in (0, 1), result.output
    ada = json.loads((out / "ada.json").read_text(encoding="utf-8"))
    bob = json.loads((out / "bob.json").read_text(encoding="utf-8"))
    assert ada["lessons"][0]["score"] == ada["lessons"][0]["max_score"] > 0
    assert bob["lessons"][0]["score"] == 0 and "not valid JSON" in bob["lessons"][0]["problem"]


@pytest.mark.parametrize("fmt", ["junit", "gradescope", "github"])
def test_machine_formats_of_a_notebook_submission_validate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            fmt: str) -> None:
    _solutions_as_notebooks(tmp_path / "exercises", ["lesson01"])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lesson01", "--format", fmt, "--no-record", "--no-report"])
    assert result.exit_code == 0, result.output
    schemas = ROOT / "tests" / "schemas"
    if fmt == "junit":
        xmlschema = pytest.importorskip("xmlschema")
        xmlschema.XMLSchema(str(schemas / "junit.xsd")).validate(result.output)
        assert "lesson01_vectors.ipynb" in result.output
    else:
        jsonschema = pytest.importorskip("jsonschema")
        name = "gradescope-results.schema.json" if fmt == "gradescope" else "github-classroom-result.schema.json"
        text = result.output.strip()
        documents = list(github.parse(text).values()) if fmt == "github" else [json.loads(text)]
        assert documents
        for document in documents:
            jsonschema.validate(document, json.loads((schemas / name).read_text(encoding="utf-8")))


def test_an_answer_left_behind_by_an_interrupted_check_is_skipped(tmp_path: Path) -> None:
    from grader.notebook.client import Judge

    judge = Judge()
    request = {"workspace": str(tmp_path), "lesson": "lesson01", "exercises": ["dot"],
               "source": "def dot(a, b):\n    return 0.0\n", "record": False}
    judge.start()
    process = judge._process
    assert process is not None and process.stdin is not None
    process.stdin.write(json.dumps({**request, "id": -1}) + "\n")  # interrupted: never read
    process.stdin.flush()
    right = {**request, "source": "import numpy as np\n" + RIGHT_DOT + "\n"}
    try:
        reply = judge.ask(right, timeout=30)
    finally:
        judge.close()
    assert reply["run"]["lessons"][0]["exercises"][0]["status"] == "passed"


def test_lesson_08_notebook_imports_lesson_07_notebook_in_the_kernel(built: Path) -> None:
    """Lesson 08's setup cell imports lesson 07's gates: from the notebook, in a folder of notebooks."""
    seven = _read(built / "lesson07_perceptron.ipynb")
    seven.cells.append(nbformat.v4.new_code_cell((ROOT / "solutions" / "lesson07_perceptron.py").read_text()))
    nbformat.write(seven, built / "lesson07_perceptron.ipynb")
    book = _read(built / "lesson08_xor.ipynb")
    _code_cell(book, "def XOR(").source = "def XOR(x1, x2):\n    return AND(NAND(x1, x2), OR(x1, x2))"
    book.cells.append(nbformat.v4.new_code_cell('print("XOR", check("XOR").status)'))
    _execute(book, built)
    assert "XOR passed" in "\n".join(_outputs(c) for c in book.cells)


def test_a_kernel_cannot_re_point_its_judge(built: Path, tmp_path: Path) -> None:
    """A kernel that sets ``GRADE_REFERENCE`` to a folder of its own and restarts the judge:
    the judge keeps the settings the course was set up with (here: the course's references,
    not the kernel's empty folder), so the check grades as before and the history says so."""
    fake = tmp_path / "kernel-references"
    fake.mkdir()
    book = _read(built / "lesson01_vectors.ipynb")
    _code_cell(book, "def dot(").source = OFF_BY_ONE_DOT
    new = nbformat.v4.new_code_cell
    book.cells += [
        new(f"import os\nos.environ['GRADE_REFERENCE'] = {str(fake)!r}\nos.environ['GRADE_ISOLATION'] = '0'\n"
            "from grader.notebook.client import JUDGE\nJUDGE.close()\n"
            'try:\n    r = check("dot")\n    print("REPOINTED", r.status)\n'
            'except Exception as exc:\n    print("REPOINTED raised", exc)'),
    ]
    _execute(book, built)
    printed = "\n".join(_outputs(c) for c in book.cells)
    assert "REPOINTED failed" in printed, printed[-3000:]
    store = ProgressStore(default_path(built))
    assert store.latest(str(built.resolve()))[("lesson01", "dot")].status == "failed"
