"""Reading the instructor's CSV files (roster, overrides): strictly, one line per problem.

A roster or an override file is typed by hand or saved from a spreadsheet, so it arrives
in the wrong encoding, with a column renamed, or with a student twice. Each of these is
refused with one line naming the file and the row (as a spreadsheet numbers it: the
header is row 1), before anything is graded or written, so no half-applied file leaves
a gradebook that looks right and is not.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from grader.errors import GradeError
from grader.i18n import Text, tr
from grader.reporters.visible import visible


class CsvError(GradeError, ValueError):
    """An instructor's CSV file that cannot be used as it is; the message is one line.

    A file's name and its cells are typed by whoever made the file: shown, never obeyed
    (every control character escaped)."""

    def __init__(self, message: Text) -> None:
        super().__init__(Text(visible(message.en), visible(message.zh)))


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte order mark
    except UnicodeDecodeError as exc:
        row = data[:exc.start].count(b"\n") + 1
        raise CsvError(tr("{path} row {row}: not UTF-8 text (byte {byte:#04x}); save it as \"CSV UTF-8\"",
                          "{path} 第 {row} 行：不是 UTF-8 文本（字节 {byte:#04x}）；请另存为“CSV UTF-8”",
                          path=path, row=row, byte=data[exc.start])) from None


def read_rows(path: Path, required: Sequence[str], optional: Sequence[str] = (),
              key: str | None = None) -> list[tuple[int, dict[str, str]]]:
    """The rows of ``path`` as (row number, column -> stripped value), header names folded
    to lower case; every ``required`` column must be there and filled, and ``key`` (when
    given) unique. Blank lines are skipped."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvError(tr("{path}: cannot read it ({why})", "{path}：无法读取（{why}）",
                          path=path, why=exc.strerror)) from None
    text = _decode(path, data)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise CsvError(tr("{path}: not a CSV file ({why})", "{path}：不是 CSV 文件（{why}）",
                          path=path, why=exc)) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise CsvError(tr("{path} row 1: no header (expected the columns {columns})",
                          "{path} 第 1 行：没有表头（应有的列为 {columns}）", path=path, columns=", ".join(required)))
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [name for name in required if name not in header]
    columns = ", ".join((*required, *optional))
    if missing:
        raise CsvError(tr("{path} row 1: no column {missing} (the columns are {columns})",
                          "{path} 第 1 行：没有 {missing} 列（应有的列为 {columns}）",
                          path=path, missing=", ".join(repr(m) for m in missing), columns=columns))
    unknown = [name for name in header if name and name not in (*required, *optional)]
    if unknown:
        raise CsvError(tr("{path} row 1: unknown column {name!r} (the columns are {columns})",
                          "{path} 第 1 行：未知的列 {name!r}（应有的列为 {columns}）",
                          path=path, name=unknown[0], columns=columns))
    seen: dict[str, int] = {}
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise CsvError(tr("{path} row {row}: {cells} cells for {columns} columns",
                              "{path} 第 {row} 行：{cells} 个单元格，但只有 {columns} 列",
                              path=path, row=number, cells=len(cells), columns=len(header)))
        record = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header) if name}
        for name in required:
            if not record.get(name):
                raise CsvError(tr("{path} row {row}: the {name!r} cell is empty",
                                  "{path} 第 {row} 行：{name!r} 单元格是空的", path=path, row=number, name=name))
        if key is not None:
            value = record[key]
            if value in seen:
                raise CsvError(tr("{path} row {row}: {key} {value!r} is already on row {first}",
                                  "{path} 第 {row} 行：{key} {value!r} 已在第 {first} 行出现",
                                  path=path, row=number, key=key, value=value, first=seen[value]))
            seen[value] = number
        out.append((number, record))
    return out
