"""Bilingual text: every learner-facing string exists in English and Chinese.

A ``Text`` carries both languages so that results can be stored once and rendered in
either; the reporter picks the language, never the check that produced the message.
"""

from __future__ import annotations

import locale
import os
import sys
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("en", "zh")


@dataclass(frozen=True)
class Text:
    """One message in both of the course's languages."""

    en: str
    zh: str

    def get(self, lang: str) -> str:
        """The message in ``lang`` (English for anything unknown)."""
        return self.zh if lang == "zh" else self.en

    def format(self, **values: Any) -> Text:
        """Fill ``{placeholders}`` in both languages.

        A value that is itself a ``Text`` (a lesson's title, a gate's name) gives each
        language its own words; any other value is the same in both.
        """
        en = {k: v.en if isinstance(v, Text) else v for k, v in values.items()}
        zh = {k: v.zh if isinstance(v, Text) else v for k, v in values.items()}
        return Text(self.en.format(**en), self.zh.format(**zh))

    def __add__(self, other: Text) -> Text:
        return Text(self.en + other.en, self.zh + other.zh)

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh": self.zh}

    @classmethod
    def from_dict(cls, data: dict[str, str]) -> Text:
        return cls(str(data.get("en", "")), str(data.get("zh", data.get("en", ""))))


def tr(en: str, zh: str, **values: Any) -> Text:
    """Build a ``Text``; placeholders are filled in both languages when values are given."""
    text = Text(en, zh)
    return text.format(**values) if values else text


def plain(value: str) -> Text:
    """Language-neutral text (numbers, code, names): the same in both languages."""
    return Text(value, value)


def _command_line_language() -> str | None:
    """The ``--lang`` of the running ``grade`` command line, wherever it stood (``grade --lang
    zh init`` as well as ``grade init --lang zh``), when a command is running."""
    click = sys.modules.get("click")
    if click is None:
        return None
    context = click.get_current_context(silent=True)
    found = context.meta.get("grade.lang") if context is not None else None
    return found if isinstance(found, str) else None


def detect_language(explicit: str | None = None) -> str:
    """``--lang`` first, then ``GRADE_LANG``, then the locale; English by default."""
    for candidate in (explicit, _command_line_language(), os.environ.get("GRADE_LANG")):
        if candidate:
            return "zh" if candidate.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "zh" if loc.lower().startswith("zh") else "en"
