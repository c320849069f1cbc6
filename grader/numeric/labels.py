"""The labels of a failure's details, in both languages.

A failure's details are mostly numbers and code (the call, the values, a table), held
together by a few labels: ``call:``, ``obtained:``, ``expected:``, ``returned:``... A
check writes its details as rows ``label: value`` in English, the way they read in a
terminal; ``bilingual`` turns such a block into a ``Text`` whose Chinese side has the
same rows under the glossary's labels (``调用：``, ``实际值：``, ``期望值：``), aligned again
for the wider characters. Values are never translated: a row is recognised only by a
label of ``LABELS`` at the start of a line (learner text never starts a line: values are
shown by ``repr``, which escapes newlines; a traceback's lines are not labels).

Sentences in details (``with shapes``, ``N of M entries``, a table's header) are written
in both languages where they are built, with ``tr``; ``join`` puts rows and sentences
together.
"""

from __future__ import annotations

import re
import unicodedata

from grader.i18n import Text

LABELS: dict[str, str] = {
    "call": "调用",
    "obtained": "实际值",
    "expected": "期望值",
    "returned": "返回值",
    "raised": "抛出",
    "keys": "键",
    "warning": "警告",
    "needed": "要求",
    "difference": "差值",
    "mismatch": "不一致",
    "max abs difference": "最大绝对差",
    "max rel difference": "最大相对差",
    "row sums": "每行之和",
    "expected rows per call": "每次调用应收到的行",
    "received rows per call": "每次调用收到的行",
    "training loss (your backward)": "训练损失（用你的 backward）",
    "curve": "曲线",
    "right for": "结果正确",
}
# The few words a row's value may hold besides numbers and code, by label: (pattern of the
# English value, its Chinese). The first pattern that matches the whole value is used.
PHRASES: dict[str, list[tuple[str, str]]] = {
    "call": [
        (r"(.*)  with shapes (.*), \|Z\| in the thousands", r"\1  形状：\2；|Z| 达到几千"),
        (r"(.*)  with shapes (.*)", r"\1  形状：\2"),
        (r"(.*)  with m = (\d+) samples", r"\1  （m = \2 个样本）"),
        (r"(.*?) +with (\w+) of shape (.*)", r"\1  （\2 的形状为 \3）"),
        (r"(.*?) +where (.*)", r"\1  （其中 \2）"),
        (r"(.*?)  vs central differences of the loss", r"\1  对比损失函数的中心差分"),
        (r"(.*?)  vs central differences of (.*)", r"\1  对比 \2 的中心差分"),
        (r"(.*\)) and (\w+\(.*)", r"\1 与 \2"),
        (r"(.*)  with (\d+) noisy points of the curve, then predict\((\d+) fresh x\)",
         r"\1  （用曲线上 \2 个带噪声的点训练，再对 \3 个新的 x 调用 predict）"),
        (r"(.*)  with (.*)", r"\1  （其中 \2）"),
    ],
    "training loss (your backward)": [(r"first (\S+), last (\S+)", r"第一步 \1，最后一步 \2")],
    "difference": [(r"(\S+) \(relative (\S+)\)", r"\1（相对差 \2）")],
    "mismatch": [(r"(\d+) of (\d+) entries \((\d+)%\)", r"\2 个元素中有 \1 个（\3%）")],
    "max abs difference": [(r"(\S+) at index (.*)", r"\1，位于索引 \2")],
    "max rel difference": [(r"(\S+) at index (.*)", r"\1，位于索引 \2")],
}
# ``obtained w``, ``expected W1``: a label, then the name of what it labels.
_NAMED = re.compile(r"(obtained|expected) ([A-Za-z_][A-Za-z0-9_\[\]'\"]*)$")
_ROW = re.compile(r"^(\s*)([^:\n]{1,40}?):( +)(.*)$")


def _label(english: str) -> str | None:
    if english in LABELS:
        return LABELS[english]
    named = _NAMED.match(english)
    if named:
        return f"{LABELS[named.group(1)]} {named.group(2)}"
    return None


def width(text: str) -> int:
    """Terminal columns (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def _value(label: str, value: str) -> str:
    for pattern, chinese_value in PHRASES.get(label, ()):
        if re.fullmatch(pattern, value):
            return re.sub(pattern, chinese_value, value, count=1)
    return value


def chinese(block: str) -> str:
    """The Chinese side of an English details block: labels translated, rows aligned."""
    rows: list[tuple[str, str, str] | str] = []
    for line in block.split("\n"):
        match = _ROW.match(line)
        label = _label(match.group(2)) if match else None
        if match and label is not None:
            rows.append((match.group(1), label + "：", _value(match.group(2), match.group(4))))
        else:
            rows.append(line)
    labels = [row[1] for row in rows if isinstance(row, tuple)]
    if not labels:
        return block
    column = max(width(label) for label in labels) + 1
    out = []
    for row in rows:
        if isinstance(row, str):
            out.append(row)
        else:
            indent, label, value = row
            out.append(f"{indent}{label}{' ' * (column - width(label))}{value}")
    return "\n".join(out)


def bilingual(details: str | Text) -> Text:
    """Details written in English rows, as a ``Text`` in both languages (a ``Text`` is kept)."""
    if isinstance(details, Text):
        return details
    return Text(details, chinese(details))


def join(*parts: str | Text) -> Text:
    """Rows and sentences, one after the other on their own lines (empty parts left out).

    Consecutive English rows (``str``) are aligned together in Chinese, as one block."""
    texts: list[Text] = []
    block: list[str] = []
    for part in [*parts, Text("", "")]:
        if isinstance(part, str):
            if part:
                block.append(part)
            continue
        if block:
            texts.append(bilingual("\n".join(block)))
            block = []
        if part.en or part.zh:
            texts.append(part)
    return Text("\n".join(t.en for t in texts), "\n".join(t.zh for t in texts))


def row(label: str, value: str) -> str:
    """One English row, aligned as the checks write them (``call:     value``)."""
    return f"{label + ':':<9} {value}"
