"""``grade notebooks``: one Jupyter notebook per lesson, built from the course's own files.

Each notebook is made from the registry (which lessons and exercises, in order), the
lesson text (``lessons/<lang>/``) and the stub file (``exercises/``), so an exercise
added to a lesson appears in its notebook without touching this module:

1. a title and how to work in the notebook;
2. the setup cell: the stub's imports and module-level helpers, and the checker;
3. the lesson text, with its formulas set in LaTeX and its figures embedded as the
   cell's attachments (a notebook is often opened far from ``lessons/figures/``);
4. per exercise: its explanation (the stub's docstring), a code cell holding the stub,
   and a check cell ``check("dot")``.

nbformat builds and validates them; it is needed only here (it is an optional extra).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from grader import materials
from grader.course import Course, Lesson
from grader.errors import Refusal
from grader.i18n import tr
from grader.reading.notebook import notebook_name

NEEDS_NBFORMAT = tr("`grade notebooks` needs nbformat: pip install nbformat "
                    "(or pip install \"dl-math-grader[notebooks]\").",
                    "`grade notebooks` 需要 nbformat：pip install nbformat"
                    "（或 pip install \"dl-math-grader[notebooks]\"）。")


class BuildError(Refusal):
    """The notebooks cannot be written; ``text`` is one line for the learner, in both languages."""


def _language_part(docstring: str, lang: str) -> str:
    """The English or the Chinese half of a bilingual stub docstring (``中文：`` starts it)."""
    marker = re.search(r"^\s*中文[:：]", docstring, flags=re.MULTILINE)
    if marker is None:
        return docstring.strip()
    english, chinese = docstring[: marker.start()], docstring[marker.end():]
    return (chinese if lang == "zh" else english).strip()


def _dedent(text: str) -> str:
    import textwrap

    first, _, rest = text.partition("\n")
    return (first.strip() + "\n" + textwrap.dedent(rest)).strip()


_INLINE_MATH = re.compile(r"`([^`\n]*[_^][^`\n]*)`")


def latex_text(markdown: str) -> str:
    """The lesson text for Jupyter: fenced formula blocks become ``$$`` display maths.

    A fence under a heading that names formulas (``## The formula``, ``## 公式``) holds
    plain-text formulas: each line becomes one aligned LaTeX line, with ``a_1 b_1``-style
    subscripts kept and ``·`` as ``\\cdot``, so Jupyter and Colab render them. Worked
    examples and code keep their fences.
    """
    out: list[str] = []
    lines = markdown.splitlines()
    heading = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lower()
        if line.strip().startswith("```") and ("formula" in heading or "公式" in heading):
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                body.append(lines[i])
                i += 1
            out.append("$$")
            out.append("\\begin{aligned}")
            rows = [_latex_line(b) for b in body if b.strip()]
            out.append(" \\\\\n".join(rows))
            out.append("\\end{aligned}")
            out.append("$$")
            i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _latex_line(line: str) -> str:
    """One formula line: the formula in maths, words after a wide gap as ``\\text``."""
    segments = re.split(r"\s{2,}", line.strip().replace("²", "^2").replace("·", "*"))
    formula, comments = segments[0], list[str]()
    for segment in segments[1:]:
        if segment.startswith("=") and not comments:
            formula += " " + segment
        else:
            comments.append(segment)
    if not formula.isascii():  # prose (a Chinese caption): keep it as text
        formula, comments = "", [formula, *comments]
    math = formula.replace("·", r" \cdot ").replace("×", r" \times ").replace("...", r" \dots ").replace("²", "^2")
    math = re.sub(r"sum over (\w+) of", r"\\sum_{\1}", math)
    math = re.sub(r"(?<![\\\w])(sqrt|sum|ln|log|exp|max|min)\b", r"\\\1", math)
    math = re.sub(r"_([a-z]{2,}|\d{2,})\b", r"_{\1}", math)
    math = re.sub(r"(?<!\\)\b([A-Za-z]+(?:_[A-Za-z]+)+|[a-z]{3,})\(",
                  lambda m: r"\mathrm{" + m.group(1).replace("_", r"\_") + "}(", math)
    math = math.replace("=", "&=", 1) if "=" in math else math
    words = "".join(r" \quad \text{" + re.sub(r"([{}_&%$#\\])", r"\\\1", c) + "}" for c in comments)
    return math + words


def with_figures(markdown: str) -> tuple[str, dict[str, dict[str, str]]]:
    """The text with each ``../figures/NAME.svg`` link turned into ``attachment:NAME.svg``,
    and the attachments (the SVG, base64-encoded as nbformat stores an attachment).

    A link whose file is missing is left as it is: the notebook still builds.
    """
    import base64

    attachments: dict[str, dict[str, str]] = {}
    for name in materials.linked_figures(markdown):
        path = materials.figure_path(name)
        if not path.is_file():
            continue
        attachments[name] = {"image/svg+xml": base64.b64encode(path.read_bytes()).decode("ascii")}
        markdown = markdown.replace(f"](../figures/{name})", f"](attachment:{name})")
    return markdown, attachments


def _stub_parts(path: Path, lesson: Lesson) -> tuple[str, dict[str, tuple[str, str]]]:
    """The stub file's setup code, and per exercise (docstring, source)."""
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    lines = text.splitlines()
    names = {e.name for e in lesson.exercises}
    setup: list[str] = []
    exercises: dict[str, tuple[str, str]] = {}
    for index, node in enumerate(tree.body):
        if index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue  # the module docstring: the lesson text says it better
        start = min([node.lineno, *(d.lineno for d in getattr(node, "decorator_list", []))])
        source = "\n".join(lines[start - 1: node.end_lineno])
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in names:
            exercises[node.name] = (ast.get_docstring(node) or "", source)
        elif isinstance(node, ast.ImportFrom) and node.module == "__future__":
            continue  # must open a file; in a notebook cell it only gets in the way
        else:
            setup.append(source)
    return "\n".join(setup), exercises


HOW_TO = tr(
    "Write each function in its code cell, run the cell, then run the check below it: "
    "`check(\"{first}\")` grades what the notebook defines *now*, in a separate grading process, "
    "and records it with your progress. `hint(\"{first}\")` gives the next hint; "
    "`check(\"{lesson}\")` checks the whole lesson. From a terminal, `grade {lesson} -w {folder}` "
    "grades this saved notebook.",
    "在每个代码单元格中写好函数并运行，然后运行它下面的检查单元格：`check(\"{first}\")` 在独立的评分进程中"
    "评判笔记本*当前*定义的代码，并记入你的进度。`hint(\"{first}\")` 给出下一级提示；"
    "`check(\"{lesson}\")` 检查整个课时。在终端中，`grade {lesson} -w {folder}` 会评判保存后的笔记本。")


def _text_cell(text: str) -> Any:
    from nbformat import v4

    markdown, attachments = with_figures(latex_text(text))
    cell = v4.new_markdown_cell(markdown)
    if attachments:
        cell.attachments = attachments
    return cell


def lesson_notebook(lesson: Lesson, lang: str, folder_name: str = "notebooks") -> Any:
    """The notebook of ``lesson`` in ``lang`` (an ``nbformat.NotebookNode``)."""
    from nbformat import v4

    setup, exercises = _stub_parts(materials.stub_path(lesson), lesson)
    text = materials.text_path(lesson, lang).read_text(encoding="utf-8")
    first = lesson.exercises[0].name
    cells = [
        v4.new_markdown_cell(f"# {lesson.id} · {lesson.title.get(lang)}\n\n"
                             + HOW_TO.format(first=first, lesson=lesson.id, folder=folder_name).get(lang)),
        # The checker first: it also lets a lesson import an earlier lesson's notebook.
        v4.new_code_cell("from grader.notebook import check, hint, solution\n"
                         + ("from grader.notebook import set_language\nset_language(\"zh\")\n"
                            if lang == "zh" else "") + "\n" + setup.rstrip()),
        _text_cell(text),
    ]
    for exercise in lesson.exercises:
        docstring, source = exercises.get(exercise.name, ("", f"def {exercise.name}(*args):\n"
                                                          "    raise NotImplementedError"))
        explanation = _dedent(_language_part(docstring, lang)) or exercise.summary.get(lang)
        cells.append(v4.new_markdown_cell(f"## `{exercise.name}`\n\n```text\n{explanation}\n```"))
        cells.append(v4.new_code_cell(source))
        cells.append(v4.new_code_cell(f'check("{exercise.name}")'))
    book = v4.new_notebook(cells=cells)
    book.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    book.metadata["language_info"] = {"name": "python"}
    return book


def write_notebooks(target: Path, course: Course, lang: str) -> list[Path]:
    """Write every lesson's notebook into ``target``; refuses if any of them exists."""
    try:
        import nbformat
    except ImportError:
        raise BuildError(NEEDS_NBFORMAT) from None
    if target.exists() and not target.is_dir():
        raise BuildError(tr("{path} exists and is not a folder.", "{path} 已存在，且不是文件夹。",
                            path=str(target)))
    paths = [target / notebook_name(lesson) for lesson in course.lessons]
    existing = [p for p in paths if p.exists()]
    if existing:
        shown = ", ".join(str(p) for p in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise BuildError(tr("{path} already holds notebooks ({files}); nothing was changed. "
                            "Choose another folder, or keep working in this one.",
                            "{path} 中已有笔记本（{files}）；没有做任何修改。"
                            "请换一个文件夹，或者继续在这个文件夹中学习。",
                            path=str(target), files=shown))
    books = [lesson_notebook(lesson, lang, target.name) for lesson in course.lessons]
    for book in books:
        nbformat.validate(book)
    target.mkdir(parents=True, exist_ok=True)
    for path, book in zip(paths, books):
        _write_atomic(path, nbformat.writes(book))
    return paths


def _write_atomic(path: Path, text: str) -> None:
    from grader.atomic import write_atomic

    write_atomic(path, text)
