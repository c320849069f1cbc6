"""``grade notebooks [DIR]``: write the course as Jupyter notebooks, one per lesson."""

from __future__ import annotations

from pathlib import Path

import click

from grader.cli_help import LocalisedCommand, localise
from grader.course import load_course
from grader.errors import Refusal
from grader.i18n import detect_language, tr
from grader.notebook_build import BuildError, write_notebooks
from grader.reporters import console

HELP = tr("Write the course as Jupyter notebooks in DIR (default: notebooks): the lesson text, then "
          "each exercise's stub and a check cell. Refuses to overwrite existing notebooks.",
          "把课程写成 Jupyter 笔记本，放在 DIR 中（默认 notebooks）：先是课时正文，然后是每个练习的"
          "代码框架和检查单元格。不会覆盖已有的笔记本。")

LANG = tr("Language of the lesson texts and feedback (default: from the locale).",
          "课文和反馈的语言（默认：按系统区域设置）。")
localise(HELP, LANG)


@click.command(name="notebooks", cls=LocalisedCommand, help=HELP.en)
@click.argument("directory", type=click.Path(path_type=Path), default=Path("notebooks"), required=False)
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help=LANG.en)
def notebooks_command(directory: Path, lang: str | None) -> None:
    language = detect_language(lang)
    course = load_course()
    try:
        paths = write_notebooks(directory, course, language)
    except BuildError as exc:
        raise Refusal(exc.message.get(language)) from None
    console.echo(tr("Wrote {n} notebooks in {dir}. Open one in Jupyter (jupyter lab {dir}) and run its cells; "
                  "`grade {first} -w {dir}` grades the saved notebooks from a terminal.",
                  "已在 {dir} 中写入 {n} 个笔记本。用 Jupyter 打开（jupyter lab {dir}）并运行各单元格；"
                  "在终端中 `grade {first} -w {dir}` 会评判保存后的笔记本。",
                  n=len(paths), dir=str(directory), first=course.lessons[0].id).get(language))
