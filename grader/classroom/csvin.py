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


class CsvError(ValueError):
    """An instructor's CSV file that cannot be used as it is; the message is one line."""


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # Excel's "CSV UTF-8" starts with a byte order mark
    except UnicodeDecodeError as exc:
        row = data[:exc.start].count(b"\n") + 1
        raise CsvError(f"{path} row {row}: not UTF-8 text (byte {data[exc.start]:#04x}); "
                       "save it as \"CSV UTF-8\"") from None


def read_rows(path: Path, required: Sequence[str], optional: Sequence[str] = (),
              key: str | None = None) -> list[tuple[int, dict[str, str]]]:
    """The rows of ``path`` as (row number, column -> stripped value), header names folded
    to lower case; every ``required`` column must be there and filled, and ``key`` (when
    given) unique. Blank lines are skipped."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CsvError(f"{path}: cannot read it ({exc.strerror})") from None
    text = _decode(path, data)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise CsvError(f"{path}: not a CSV file ({exc})") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise CsvError(f"{path} row 1: no header (expected the columns {', '.join(required)})")
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [name for name in required if name not in header]
    if missing:
        raise CsvError(f"{path} row 1: no column {', '.join(repr(m) for m in missing)} "
                       f"(the columns are {', '.join(required)}{', ' if optional else ''}{', '.join(optional)})")
    unknown = [name for name in header if name and name not in (*required, *optional)]
    if unknown:
        raise CsvError(f"{path} row 1: unknown column {unknown[0]!r} "
                       f"(the columns are {', '.join(required)}{', ' if optional else ''}{', '.join(optional)})")
    seen: dict[str, int] = {}
    out = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            raise CsvError(f"{path} row {number}: {len(cells)} cells for {len(header)} columns")
        record = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header) if name}
        for name in required:
            if not record.get(name):
                raise CsvError(f"{path} row {number}: the {name!r} cell is empty")
        if key is not None:
            value = record[key]
            if value in seen:
                raise CsvError(f"{path} row {number}: {key} {value!r} is already on row {seen[value]}")
            seen[value] = number
        out.append((number, record))
    return out
