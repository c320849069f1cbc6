"""The class roster: which person each submission folder belongs to.

``roster.csv`` has one row per student: ``student`` (the submission folder's name, the
only required column), ``name`` (as the LMS shows it), ``lms_id`` (Canvas's numeric user
ID), ``sis_user_id``, ``sis_login_id``, ``email``, ``username`` (Moodle's), ``section``
and ``extension_days`` (extra days on the due date for this student). The LMS exports take
their identities from here; a folder with no row, and a row with no folder, are both
named in the batch's output, never dropped in silence.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader.classroom.csvin import CsvError, read_rows
from grader.i18n import tr

REQUIRED = ("student",)
OPTIONAL = ("name", "lms_id", "sis_user_id", "sis_login_id", "email", "username", "section", "extension_days")
UNIQUE = ("lms_id", "sis_user_id", "sis_login_id", "email", "username")


@dataclass(frozen=True)
class Person:
    student: str
    name: str = ""
    lms_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    email: str = ""
    username: str = ""
    section: str = ""
    extension_days: float = 0.0

    @property
    def display(self) -> str:
        return self.name or self.student

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_roster(path: Path) -> dict[str, Person]:
    """Folder name -> person, in file order; ``CsvError`` (one line) for a bad row."""
    people: dict[str, Person] = {}
    seen: dict[tuple[str, str], int] = {}
    for number, row in read_rows(path, REQUIRED, OPTIONAL, key="student"):
        raw = row.get("extension_days", "") or "0"
        try:
            extension = float(raw)
        except ValueError:
            extension = math.nan
        if not math.isfinite(extension) or extension < 0:
            raise CsvError(tr("{path} row {row}: extension_days {raw!r} is not a number of days (0, 2, 1.5)",
                              "{path} 第 {row} 行：extension_days {raw!r} 不是天数（如 0、2、1.5）",
                              path=path, row=number, raw=raw))
        for column in UNIQUE:  # two students with one LMS identity: the import would give one both grades
            value = row.get(column, "").lower()
            if value:
                if (column, value) in seen:
                    raise CsvError(tr("{path} row {row}: {column} {value!r} is already on row {first}",
                                      "{path} 第 {row} 行：{column} {value!r} 已在第 {first} 行出现",
                                      path=path, row=number, column=column, value=row[column],
                                      first=seen[(column, value)]))
                seen[(column, value)] = number
        email = row.get("email", "")
        people[row["student"]] = Person(row["student"], row.get("name", ""), row.get("lms_id", ""),
                                        row.get("sis_user_id", ""), row.get("sis_login_id", ""), email,
                                        row.get("username", ""), row.get("section", ""), extension)
    return people


@dataclass(frozen=True)
class RosterCheck:
    """Folders without a roster row, and roster rows without a folder."""

    unlisted: tuple[str, ...]
    absent: tuple[str, ...]

    def lines(self, lang: str = "en") -> list[str]:
        out = []
        if self.unlisted:
            out.append(tr("not on the roster: {names}", "不在名单上：{names}",
                          names=", ".join(self.unlisted)).get(lang))
        if self.absent:
            out.append(tr("on the roster, no submission: {names}", "在名单上但没有提交：{names}",
                          names=", ".join(self.absent)).get(lang))
        return out


def check_roster(people: Mapping[str, Person], folders: Iterable[str]) -> RosterCheck:
    names = list(folders)
    return RosterCheck(tuple(n for n in names if n not in people),
                       tuple(p for p in people if p not in set(names)))
