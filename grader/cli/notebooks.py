"""``grade notebooks [DIR]``: write the course as Jupyter notebooks, one per lesson."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from grader.cli.help import LocalisedCommand, option
from grader.course import load_course
from grader.i18n import detect_language, tr
from grader.notebook.build import write_notebooks
from grader.pointers import grade_command
from grader.reporters import console

HELP = tr("Write the course as Jupyter notebooks in DIR (default: notebooks): the lesson text, then "
          "each exercise's stub and a check cell. Refuses to overwrite existing notebooks.",
          "把课程写成 Jupyter 笔记本，放在 DIR 中（默认 notebooks）：先是课时正文，然后是每个练习的"
          "代码框架和检查单元格。不会覆盖已有的笔记本。")

LANG = tr("Language of the lesson texts and feedback (default: from the locale).",
          "课文和反馈的语言（默认：按系统区域设置）。")


@click.command(name="notebooks", cls=LocalisedCommand, help=HELP)
@click.argument("directory", type=click.Path(path_type=Path), default=Path("notebooks"), required=False)
@option("--lang", type=click.Choice(["en", "zh"]), default=None,
        help=LANG)
def notebooks_command(directory: Path, lang: str | None) -> None:
    language = detect_language(lang)
    course = load_course()
    paths = write_notebooks(directory, course, language)  # a BuildError says why not, at the front door
    shown = str(directory)
    lines = [
        tr("Wrote {n} notebooks in {dir}.", "已在 {dir} 中写入 {n} 个笔记本。", n=len(paths), dir=shown),
        tr("To open them you need JupyterLab: pip install jupyterlab (or pip install \"dl-math-grader[notebooks]\"), "
           "then run: jupyter lab {dir}",
           "打开它们需要 JupyterLab：pip install jupyterlab（或 pip install \"dl-math-grader[notebooks]\"），"
           "然后运行：jupyter lab {dir}", dir=shown),
        tr("In a notebook, run its cells from the top; check(\"dot\") grades dot there. From a terminal, "
           "`{command}` grades the saved notebook.",
           "在笔记本中从上往下运行各单元格；check(\"dot\") 就地评判 dot。在终端中，"
           "`{command}` 评判保存后的笔记本。", command=grade_command(course.lessons[0].id, directory)),
    ]
    if importlib.util.find_spec("jupyterlab") is not None:  # installed here: no need to say how
        lines[1] = tr("Open them with: jupyter lab {dir}", "用以下命令打开：jupyter lab {dir}", dir=shown)
    console.echo("\n".join(line.get(language) for line in lines))
