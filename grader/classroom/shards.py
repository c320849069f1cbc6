"""One class graded on many machines: ``grade batch --shard K/N``, then one merged gradebook.

A submission belongs to shard ``1 + (SHA-256 of its student name) mod N``: the same on
every machine and in every listing order, and a student added to the class never moves
another between shards. Each shard's ``summary.json`` records which shard it is and what
it was graded with (``shard_record``); ``grade report --class`` given several shard
folders checks them against each other (``check_shards``) before merging them
(``grader.classroom.shard_merge``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from grader.errors import GradeError
from grader.i18n import Text, tr


class ShardError(GradeError, ValueError):
    """A bad ``--shard`` or shards that do not belong together; ``text`` is one line in both languages."""


@dataclass(frozen=True)
class Shard:
    index: int  # 1..count
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


_SHARD = re.compile(r"\s*(\d{1,6})\s*/\s*(\d{1,6})\s*")


def parse_shard(text: str) -> Shard:
    """``K/N`` with 1 <= K <= N."""
    match = _SHARD.fullmatch(text)
    if match is None:
        raise ShardError(tr("--shard {text!r}: expected K/N, e.g. 2/4 (the second of four shards)",
                            "--shard {text!r}：应为 K/N，例如 2/4（四个分片中的第二个）", text=text))
    index, count = int(match.group(1)), int(match.group(2))
    if count < 1 or not 1 <= index <= count:
        raise ShardError(tr("--shard {text}: K must be between 1 and N (here 1 to {n})",
                            "--shard {text}：K 必须在 1 与 N 之间（此处为 1 到 {n}）",
                            text=f"{index}/{count}", n=max(count, 1)))
    return Shard(index, count)


def shard_of(student: str, count: int) -> int:
    """The shard (1..count) a student's submission belongs to."""
    digest = hashlib.sha256(student.encode("utf-8", "surrogateescape")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count


T = TypeVar("T")


def select(submissions: Iterable[T], shard: Shard | None, name: Any = None) -> list[T]:
    """The submissions of ``shard`` (all of them for ``None``), in their order.

    ``name``: a submission's student name (default: its ``student`` attribute)."""
    items = list(submissions)
    if shard is None:
        return items
    key = name or (lambda item: item.student)
    return [item for item in items if shard_of(key(item), shard.count) == shard.index]


def class_key(students: Iterable[str]) -> str:
    """Which submissions the whole class had when a shard was graded (their names, hashed)."""
    digest = hashlib.sha256()
    for student in sorted(students):
        digest.update(student.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def secret_key() -> str:
    """A digest of GRADE_SECRET (never the secret): shards must draw the same hidden inputs."""
    from grader.engine.seeding import course_secret

    return hashlib.sha256(b"dl-math-grader shard secret\0" + course_secret()).hexdigest()


def shard_record(shard: Shard, students: Sequence[str]) -> dict[str, Any]:
    """What ``summary.json`` says of a shard: which one, of how many, of which class."""
    return {"index": shard.index, "count": shard.count, "class": class_key(students),
            "students": len(students), "secret": secret_key()}


@dataclass(frozen=True)
class ShardFolder:
    folder: Path
    shard: Shard
    grader: str
    seed: Any
    timeout_scale: Any
    lessons: tuple[str, ...]
    class_key: str
    secret: str
    students: tuple[str, ...]  # the ones this shard graded

    @property
    def name(self) -> str:
        return _shown(self.folder)


def _shown(folder: Path) -> str:
    from grader.listeners import shown

    return shown(folder)


def read_shard(folder: Path, summary: Mapping[str, Any] | None) -> ShardFolder:
    """The shard recorded in a results folder's summary; ``ShardError`` if it is not one."""
    try:
        if summary is None:
            raise KeyError("summary")
        record = summary["shard"]
        return ShardFolder(folder, Shard(int(record["index"]), int(record["count"])),
                           str(summary["grader"]["fingerprint"]), summary["options"]["seed"],
                           summary["options"]["timeout_scale"],
                           tuple(str(lesson["id"]) for lesson in summary["lessons"]),
                           str(record["class"]), str(record["secret"]),
                           tuple(str(s["student"]) for s in summary["students"]))
    except (KeyError, TypeError, ValueError):
        raise ShardError(tr("{folder} is not the results of one shard (made by grade batch --shard K/N "
                            "-o {folder}): cannot merge it", "{folder} 不是某个分片的结果（由 grade batch "
                            "--shard K/N -o {folder} 生成）：无法合并", folder=_shown(folder))) from None


def check_shards(shards: Sequence[ShardFolder]) -> None:
    """The shards are all of one class, graded alike, each once, none missing."""
    first = shards[0]
    for other in shards[1:]:
        if other.shard.count != first.shard.count:
            raise ShardError(tr("{a} is shard {sa} but {b} is shard {sb}: shards of different N cannot be merged",
                                "{a} 是分片 {sa}，而 {b} 是分片 {sb}：N 不同的分片不能合并",
                                a=first.name, sa=first.shard, b=other.name, sb=other.shard))
    seen: dict[int, ShardFolder] = {}
    for one in shards:
        if one.shard.index in seen:
            raise ShardError(tr("{a} and {b} are both shard {s}: give each shard once",
                                "{a} 和 {b} 都是分片 {s}：每个分片只能给出一次",
                                a=seen[one.shard.index].name, b=one.name, s=one.shard))
        seen[one.shard.index] = one
    missing = [str(Shard(k, first.shard.count)) for k in range(1, first.shard.count + 1) if k not in seen]
    if missing:
        raise ShardError(tr("shard {missing} is missing: grade it (grade batch SUBMISSIONS --shard {first} "
                            "-o FOLDER) and give its folder with --class",
                            "缺少分片 {missing}：请先为它评分（grade batch SUBMISSIONS --shard {first} "
                            "-o FOLDER），再用 --class 给出它的文件夹",
                            missing=", ".join(missing), first=missing[0]))
    checks: tuple[tuple[str, Text], ...] = (
        ("grader", tr("a different grader or references (fingerprint)", "不同的评分器或参考答案（指纹）")),
        ("seed", tr("a different --seed", "不同的 --seed")),
        ("secret", tr("a different GRADE_SECRET", "不同的 GRADE_SECRET")),
        ("timeout_scale", tr("a different --timeout-scale", "不同的 --timeout-scale")),
        ("lessons", tr("different lessons (--lesson)", "不同的课时（--lesson）")),
        ("class_key", tr("a different set of submissions", "不同的一组提交")),
    )
    for other in shards[1:]:
        for attribute, what in checks:
            if getattr(other, attribute) != getattr(first, attribute):
                raise ShardError(tr("{b} was graded with {what} than {a}: grade every shard of the class "
                                    "alike, then merge", "{b} 的评分使用了与 {a} {what}：请以相同方式为班级的"
                                    "每个分片评分，然后再合并", a=first.name, b=other.name, what=what))
    owner: dict[str, ShardFolder] = {}
    for one in shards:
        for student in one.students:
            if student in owner:
                raise ShardError(tr("{student} is in both {a} and {b}: a student belongs to one shard",
                                    "{student} 同时出现在 {a} 和 {b} 中：一名学生只属于一个分片",
                                    student=student, a=owner[student].name, b=one.name))
            owner[student] = one
