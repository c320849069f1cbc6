"""The words every reporter and command shows for a status, a score and a moment: one table.

A status is an ``Outcome`` (or its value, as the progress history stores it), or nothing for
an exercise never graded. The terminal, the pages, ``grade list`` and ``grade next`` all say
it with the same word, in English or Chinese.
"""

from __future__ import annotations

import time

from grader.i18n import Text, tr
from grader.model import Outcome

STATUS_LABELS: dict[Outcome, Text] = {
    Outcome.PASSED: tr("passed", "通过"),
    Outcome.FAILED: tr("failed", "未通过"),
    Outcome.ERROR: tr("error", "出错"),
    Outcome.NOT_STARTED: tr("not started", "未开始"),
    Outcome.TIMEOUT: tr("timed out", "超时"),
    Outcome.SKIPPED: tr("skipped", "已跳过"),
}
NOT_GRADED = "not_graded"  # the key of an exercise with no result yet (a class's, a page's)
NOT_GRADED_LABEL = tr("not graded yet", "尚未评分")


def status_label(status: Outcome | str | None) -> Text:
    """The word for ``status``: an outcome's, "not graded yet" for none, else the status as it
    is (a value a newer grader wrote into the history, say)."""
    if status is None or status == NOT_GRADED:
        return NOT_GRADED_LABEL
    try:
        return STATUS_LABELS[Outcome(status)]
    except ValueError:
        return Text(str(status), str(status))


def fmt_score(value: float) -> str:
    """A score as people write it: 2, 2.5, 0.33."""
    return f"{round(value, 2):g}"


def fmt_when(timestamp: float | None, lang: str) -> str:
    """A moment in local time to the minute, or "never"."""
    if timestamp is None:
        return tr("never", "从未").get(lang)
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))
