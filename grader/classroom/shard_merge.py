"""Merging the folders of a class graded in shards (``grade report --class`` given each).

Apart from ``grader.classroom.shards``, which the batch itself uses to pick a shard's
submissions: merging reads what the instructor's tools read (settings, ledgers, results),
and those read the batch's outputs, so the batch must not depend on them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.classroom.shards import ShardError, _shown, check_shards, read_shard
from grader.i18n import tr


@dataclass
class Merged:
    """The shards' results as one class: what ``publish`` needs."""

    runs: dict[str, Any]  # student -> RunResult | Text, in the order an unsharded folder lists them
    statuses: dict[str, tuple[str, str]]
    stored: Any  # grader.classroom.record.Stored
    ledger: dict[str, Any]
    pairs: list[Any]
    threshold: float


def merge_shards(folders: Sequence[Path], lang: str = "en") -> Merged:
    """Read and check the shard folders, then fold them into one class (``ShardError`` if they
    do not belong together)."""
    import json

    from grader.classroom.instructor import _threshold, stored_of
    from grader.classroom.record import Stored, read_pairs
    from grader.classroom.regrade import read_ledger
    from grader.classroom.standing import batch_statuses, load_class

    shards = []
    for folder in folders:
        if not folder.is_dir():
            raise ShardError(tr("class folder {path} does not exist", "班级文件夹 {path} 不存在", path=_shown(folder)))
        try:
            summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            summary = None
        shards.append(read_shard(folder, summary if isinstance(summary, dict) else None))
    check_shards(shards)
    stored = [stored_of(s.folder) for s in shards]
    first = stored[0].settings
    for one, kept in zip(shards[1:], stored[1:]):
        theirs = kept.settings
        if (theirs.due, theirs.per_day, theirs.cap, theirs.keep) != (first.due, first.per_day, first.cap, first.keep):
            raise ShardError(tr("{b} was graded with another deadline, late penalty or --keep than {a}: "
                                "grade every shard of the class alike, then merge",
                                "{b} 的截止时间、迟交扣分或 --keep 与 {a} 不同：请以相同方式为班级的每个分片"
                                "评分，然后再合并", a=shards[0].name, b=one.name))

    def not_graded(workspace: Path) -> Any:  # a shard folder holds results, not workspaces
        return tr("{path} is a folder, not a result: not graded when merging shards",
                  "{path} 是文件夹而不是结果：合并分片时不评分", path=workspace.name)

    runs: dict[str, Any] = {}
    statuses: dict[str, tuple[str, str]] = {}
    ledger: dict[str, Any] = {}
    pairs: list[Any] = []
    merged = Stored(first)
    for one, kept in zip(shards, stored):
        runs.update(load_class(one.folder, not_graded))
        statuses.update(batch_statuses(one.folder))
        ledger.update(read_ledger(one.folder))
        pairs += read_pairs(one.folder)
        merged.times.update(kept.times)
        merged.changes += kept.changes
    checked = [k.similarity for k in stored if k.similarity]
    if checked:
        merged.similarity = tr("similarity: {n} pair(s), each shard's submissions compared among themselves "
                               "(not across shards)", "相似度：{n} 对，仅在每个分片内部比较（不跨分片）",
                               n=len(pairs)).get(lang)
    order = sorted(runs, key=lambda name: (name.lower(), name))
    return Merged({name: runs[name] for name in order}, statuses, merged, ledger, pairs,
                  _threshold(shards[0].folder))
