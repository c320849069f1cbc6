"""Learner text is shown, never obeyed: control characters made visible.

Anything learner code produced (an exception's message, a traceback, printed output, a
value's ``repr``, a class name) may hold terminal control sequences: ``ESC [2J`` clears
the screen, ``ESC ] 0; ... BEL`` retitles the window, ``\\r`` or a cursor movement
overwrites a line with a fake "passed". Before such text reaches a terminal (or a page,
or a CI log that renders colours), every control character in it is replaced by its
escape as Python writes it (``\\x1b``, ``\\r``, ``\\x07``, ``\\x9b``, ``\\u202e``), so the
learner sees what their code printed and the terminal does nothing with it.

Kept as layout: ``\\n`` and ``\\t``; a Windows line end ``\\r\\n`` becomes ``\\n``.
Escaped: the other C0 controls, DEL, the C1 controls (``\\x9b`` is a one-byte CSI on
some terminals) and the Unicode bidirectional overrides and isolates, which can make a
line read in another order than it runs; and lone surrogates (``\\udcff``: a byte of a file
or folder name that is not UTF-8), which no UTF-8 writer accepts: written as they come, a
student's folder name would put an invalid byte in the output.

Only learner-originated text goes through here: the grader's own colour codes are added
after, around text already made visible.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f"
                       "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\r":
        return "\\r"
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character shown as its escape (``\\x1b``, ``\\r``, ...)."""
    return _CONTROLS.sub(_escape, text.replace("\r\n", "\n"))


def has_controls(text: str) -> bool:
    """Whether ``text`` holds a character ``visible`` would escape."""
    return _CONTROLS.search(text) is not None
