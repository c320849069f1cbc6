"""The terminal itself: whether to colour, how wide it is, wrapping that knows Chinese
characters take two columns, and a status line (progress bar) on stderr.

Colour follows the published conventions, in this order:

1. https://no-color.org: ``NO_COLOR`` set to anything non-empty means no colour, always
   (it wins over the variables below, as it does in rich and in pytest);
2. https://force-color.org: ``FORCE_COLOR`` set to anything non-empty means colour even
   when the stream is not a terminal (a CI log); and the older
   https://bixense.com/clicolors convention: ``CLICOLOR_FORCE`` set and not ``0`` means
   the same. CI services show ANSI colour in their logs but give the job no terminal,
   so these are how a CI configuration asks for it;
3. otherwise colour only on a terminal, not with ``TERM=dumb``, not with ``CLICOLOR=0``.

The status line is drawn only on a terminal (a forced colour does not make a log
animate), never in CI (``CI`` set), and the caller never draws it for ``--format json``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import TextIO

import click

DEFAULT_WIDTH = 100
STATUS_DELAY = 0.5  # seconds before a status line appears: quick runs never show one
SLOW_EXERCISE = 2.0  # seconds an exercise runs before the status line names it with its time limit


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def colour_forced(environ: Mapping[str, str] | None = None) -> bool | None:
    """What the environment decides whatever the stream is: True, False, or None (undecided).

    Click strips colour from anything that is not a terminal unless told otherwise; the
    CLI hands this answer to click's context so that a forced colour survives its echo.
    """
    env = os.environ if environ is None else environ
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR") or env.get("CLICOLOR_FORCE", "0") not in ("", "0"):
        return True
    return None


@cache
def escapes_understood() -> bool:
    """Whether the console interprets ANSI escape sequences (colour, clearing a line).

    Everywhere but Windows, terminals do. Windows 10 and later understand them once a
    console is switched to *virtual terminal* mode (``ENABLE_VIRTUAL_TERMINAL_PROCESSING``,
    which Windows Terminal sets and classic PowerShell and cmd windows do not): this asks
    for it, for stdout and stderr, through ``ctypes`` (no extra dependency). An older
    console refuses, and then the grader prints no escapes at all.
    """
    if sys.platform != "win32":
        return True
    import ctypes

    try:
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined,unused-ignore]
    except (OSError, AttributeError):
        return False
    enabled = False
    for which in (-11, -12):  # STD_OUTPUT_HANDLE, STD_ERROR_HANDLE
        handle = kernel32.GetStdHandle(which)
        mode = ctypes.c_uint32()
        if not handle or not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            continue  # not a console (redirected): nothing to switch
        if mode.value & _VIRTUAL_TERMINAL or kernel32.SetConsoleMode(handle, mode.value | _VIRTUAL_TERMINAL):
            enabled = True
    return enabled


_VIRTUAL_TERMINAL = 0x0004  # ENABLE_VIRTUAL_TERMINAL_PROCESSING


def use_colour(stream: TextIO | None = None) -> bool:
    """Colour for ``stream`` (stdout by default), by the conventions in the module docstring."""
    forced = colour_forced()
    if forced is not None:
        if forced:
            escapes_understood()  # a forced colour in a Windows console: switch it to VT mode
        return forced
    if os.environ.get("TERM") == "dumb" or os.environ.get("CLICOLOR") == "0":
        return False
    return is_terminal(stream if stream is not None else sys.stdout) and escapes_understood()


def width(stream: TextIO | None = None) -> int:
    """Columns available: the terminal's width, or ``$COLUMNS``, or 100 when piped."""
    stream = stream if stream is not None else sys.stdout
    if is_terminal(stream):
        return max(40, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    columns = os.environ.get("COLUMNS", "")
    return max(40, int(columns)) if columns.isdigit() else DEFAULT_WIDTH


def char_width(char: str) -> int:
    """Columns one character takes: 2 for East Asian wide and full-width characters, 0 for
    combining marks and invisible format characters, else 1. (wcwidth agrees on every
    character the course prints; its import would cost 10 ms on every run.)"""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (Chinese characters take two)."""
    return sum(char_width(c) for c in click.unstyle(text))


_NO_BREAK_BEFORE = set("，。、；：！？）》」』”’")
_NO_BREAK_AFTER = set("（《「『“‘")
_OPERATOR = frozenset("=<>!+-*/%@|&^~")
_OPENING, _CLOSING = "([{", ")]}"


def _tokens(text: str) -> Iterator[str]:
    """Words, single wide characters and single spaces: the places a line may break.
    Closing punctuation sticks to what precedes it (no line starts with "，" or "）")."""
    pending = ""
    for token in _raw_tokens(text):
        if pending and pending != " " and token[0] in _NO_BREAK_BEFORE:
            pending += token
            continue
        if pending and pending[-1] in _NO_BREAK_AFTER and token != " ":
            pending += token  # no line ends with "（"
            continue
        if pending:
            yield pending
        pending = token
    if pending:
        yield pending


def _raw_tokens(text: str) -> Iterator[str]:
    word = ""
    for char in text:
        if char.isspace():
            if word:
                yield word
                word = ""
            yield " "
        elif char_width(char) == 2:
            if word:
                yield word
                word = ""
            yield char
        else:
            word += char
    if word:
        yield word


def _is_operator(token: str) -> bool:
    plain = click.unstyle(token)
    return 0 < len(plain) <= 3 and set(plain) <= _OPERATOR


_NUMBER = re.compile(r"^[-+]?\d+(\.\d+)?(e[-+]?\d+)?$")


def _is_number(token: str) -> bool:
    return bool(_NUMBER.match(click.unstyle(token).rstrip(",.;:")))


def _segments(text: str, weak: bool = True) -> list[tuple[str, str]]:
    """``text`` as (separator, piece) pairs, a line break allowed only between pieces.

    Code and formulas stay whole: no break inside a call's or an index's brackets
    (not prose's parentheses) or backticks, nor beside an
    operator (``q = p[p > 0]``, ``x <- x - dx``, ``Z >= 0`` are one piece each), nor,
    when ``weak``, before a number after a short word (``log 0``).
    """
    tokens = list(_tokens(text))
    pieces: list[tuple[str, str]] = []
    depth, quoted = 0, False
    opened: list[bool] = []  # the brackets open here: True for code's, False for prose's
    separator, current = "", ""
    for index, token in enumerate(tokens):
        if token == " ":
            before = tokens[index - 1] if index else ""
            after = tokens[index + 1] if index + 1 < len(tokens) else ""
            glued = (depth > 0 or quoted or _is_operator(before) or _is_operator(after)
                     or (weak and _is_number(after) and len(click.unstyle(before)) <= 3))
            if glued and current:
                current += " "
            elif current and not current.endswith(" "):
                pieces.append((separator, current))
                separator, current = " ", ""
            elif current:  # a second space after a glued one: the glue ends here
                pieces.append((separator, current.rstrip()))
                separator, current = "  ", ""
            else:
                separator += " "
            continue
        if current and not current.endswith(" ") and char_width(token[0]) == 2 \
                and depth == 0 and not quoted:
            pieces.append((separator, current))  # a break may fall between wide characters
            separator, current = "", ""
        elif current and char_width(current[-1]) == 2 and depth == 0 and not quoted \
                and not current.endswith(" "):
            pieces.append((separator, current))
            separator, current = "", ""
        current += token
        previous = ""
        plain = click.unstyle(token)
        for position, char in enumerate(plain):
            if char in _OPENING:  # a call, an index or a tuple (``log(p)``, ``p[p > 0]``, ``(3, 2)``)
                following = plain[position + 1:position + 2]  # not prose's "(as here)"
                opened.append(bool(previous) or bool(opened and opened[-1])
                              or following.isdigit() or following in ("-", "+", "."))
            elif char in _CLOSING:
                if opened:
                    opened.pop()
            elif char == "`":
                quoted = not quoted
            previous = char
        depth = sum(opened)
    if current:
        pieces.append((separator, current.rstrip()))
    return pieces


def wrap(text: str, columns: int, indent: str = "", subsequent: str | None = None) -> list[str]:
    """Wrap plain ``text`` to ``columns``: at spaces, or between Chinese characters, never
    inside a piece of code or a formula (see ``_segments``).

    Paragraphs (lines of ``text``) are wrapped separately. A piece of code longer than a
    line is broken at its own spaces (after a comma, say) rather than left sticking out;
    a single word longer than a line is left whole rather than cut.
    """
    subsequent = indent if subsequent is None else subsequent
    out: list[str] = []
    for paragraph in text.splitlines() or [""]:
        prefix = indent if not out else subsequent
        line, used = prefix, display_width(prefix)
        fresh = True
        room = max(1, columns - display_width(subsequent))
        for sep, part, width_of in _fitting(paragraph, room):
                if not fresh and used + len(sep) + width_of > columns:
                    out.append(line.rstrip())
                    line, used = subsequent, display_width(subsequent)
                    fresh = True
                if not fresh:
                    line, used = line + sep, used + len(sep)
                line, used = line + part, used + width_of
                fresh = False
        out.append(line.rstrip())
    return out


def _fitting(paragraph: str, room: int) -> Iterator[tuple[str, str, int]]:
    """The pieces of ``paragraph`` (separator, text, width), each shorter than ``room`` if
    it can be: a piece too long is cut at weaker places (beside a number, then anywhere
    between words) rather than left sticking out."""
    for separator, piece in _segments(paragraph):
        size = display_width(piece)
        if size <= room or " " not in piece:
            yield separator, piece, size
            continue
        for number, (sep, part) in enumerate(_segments(piece, weak=False)):
            sep = separator if number == 0 else sep
            if display_width(part) <= room or " " not in part:
                yield sep, part, display_width(part)
                continue
            for index, word in enumerate(part.split(" ")):
                if word:
                    yield (sep if index == 0 else " "), word, display_width(word)


_LABEL = re.compile(r"^(\S[^:：|]{0,24}(?::|：)\s+)\S")


def hanging(line: str) -> tuple[str, str, str]:
    """(indent, continuation indent, text) of one line of a screen: continuation lines
    go under the text of a "- " item, under the value of a "label:   value" line, and
    two columns further in otherwise."""
    body = line.lstrip(" ")
    lead = line[: len(line) - len(body)]
    plain = click.unstyle(body)
    if plain[:2] in ("- ", "+ "):
        return lead, lead + "  ", body
    label = _LABEL.match(plain)
    if label and display_width(label.group(1)) <= 16:
        return lead, lead + " " * display_width(label.group(1)), body
    return lead, lead + "  ", body


def wrap_screen(text: str, columns: int) -> str:
    """Every line of ``text`` wrapped to ``columns`` with a hanging indent (see ``hanging``)."""
    out: list[str] = []
    for line in text.split("\n"):
        if display_width(line) <= columns:
            out.append(line)
            continue
        lead, rest, body = hanging(line)
        out.extend(wrap(body, columns, lead, rest))
    return "\n".join(out)


def echo(text: str = "", err: bool = False) -> None:
    """``click.echo``, wrapped to the terminal's width when that stream is a terminal
    (piped output is left as it is: the reader, or the next program, decides)."""
    stream = sys.stderr if err else sys.stdout
    if is_terminal(stream):
        text = wrap_screen(text, width(stream))
    click.echo(text, err=err)


def fit(text: str, columns: int) -> str:
    """Cut plain ``text`` to ``columns``, with an ellipsis when something was cut."""
    if display_width(text) <= columns:
        return text
    out, used = "", 0
    for char in text:
        size = char_width(char)
        if used + size > columns - 1:
            break
        out, used = out + char, used + size
    return out + "…"


def animated(stream: TextIO) -> bool:
    """Whether a self-overwriting status line may be drawn on ``stream``: a terminal that
    understands escapes, outside CI (a log keeps every carriage return it is sent)."""
    return is_terminal(stream) and not os.environ.get("CI") and escapes_understood()


class StatusLine:
    """One self-overwriting line on stderr: a bar, a count, what is running, the time.

    Drawn only when ``enabled`` (the caller passes ``animated(sys.stderr)`` and not
    JSON), and only once the run has lasted ``delay`` seconds, so quick runs never
    flicker. A background thread redraws it every half second so that a long check shows
    its elapsed time; everything else printed meanwhile goes through ``paused()``. Once an
    exercise has run for ``slow`` seconds the line names it with its time and its limit
    (``fit_curve … 12 s of 130 s``): a hung function is seen to be waited for, and for how
    long at most. A ``quiet`` line (``grade watch``) shows that alone, and nothing else.
    """

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None,
                 colour: bool = False, delay: float | None = None, lang: str = "en",
                 slow: float | None = None, quiet: bool = False) -> None:
        self.total = max(total, 1)
        self.enabled = enabled
        self.quiet = quiet
        self.stream = stream if stream is not None else sys.stderr
        self.colour = colour
        self.lang = lang
        self.done = 0
        self.label = ""
        self.delay = STATUS_DELAY if delay is None else delay
        self.slow = SLOW_EXERCISE if slow is None else slow
        # The exercises running now, by lesson: name, when it started, its wall-clock limit.
        self.running: dict[str, tuple[str, float, float | None]] = {}
        self._started = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._drawn = False
        self._thread: threading.Thread | None = None

    def __enter__(self) -> StatusLine:
        if self.enabled:
            self._thread = threading.Thread(target=self._tick, name="grade-status", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        with self._lock:
            self._clear()

    def _tick(self) -> None:
        while not self._stop.wait(0.5):
            with self._lock:
                self._draw()

    def render(self, columns: int) -> str:
        """The line for ``columns`` columns (plain text; pure, for tests)."""
        now = time.monotonic()
        seconds = now - self._started
        bar_width = max(10, min(30, columns // 3))
        filled = round(bar_width * min(self.done, self.total) / self.total)
        bar = "[" + "#" * filled + "-" * (bar_width - filled) + "]"
        slow = self._slow(now)
        if self.quiet:
            return fit("  " + slow, columns - 1) if slow else ""
        if slow:
            line = f"{bar} {self.done}/{self.total}  {slow}"
            return line if display_width(line) <= columns - 1 else fit("  " + slow, columns - 1)
        tail = f" {self.done}/{self.total} {self.label}  {seconds:.0f} s"
        return fit(bar + tail, columns - 1)

    def _slow(self, now: float) -> str:
        """The exercise that has run longest, once past ``slow`` seconds, with its limit."""
        timed = [(started, name, limit) for name, started, limit in self.running.values()
                 if limit is not None and now - started >= self.slow]
        if not timed:
            return ""
        started, name, limit = min(timed)
        spent, most = f"{now - started:.0f}", f"{round(limit, 1):g}"
        if self.lang == "zh":
            return f"{name} … 已用 {spent} 秒，上限 {most} 秒"
        return f"{name} … {spent} s of {most} s"

    def exercise(self, key: str, name: str | None, limit: float | None = None) -> None:
        """``name`` runs now for ``key`` (a lesson), allowed ``limit`` seconds; ``None``:
        nothing runs there any more."""
        with self._lock:
            if name is None:
                self.running.pop(key, None)
            else:
                self.running[key] = (name, time.monotonic(), limit)
            if self.quiet:  # nothing else would clear it when the exercise is done
                self._draw()

    def _draw(self) -> None:
        if not self.enabled or time.monotonic() - self._started < self.delay:
            return  # quick runs never show a bar: no flicker
        line = self.render(shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
        if not line:
            self._clear()
            return
        if self.colour:
            line = click.style(line, fg="cyan")
        self.stream.write("\r\x1b[2K" + line)
        self.stream.flush()
        self._drawn = True

    def _clear(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._drawn = False

    def update(self, label: str | None = None, done: int | None = None) -> None:
        with self._lock:
            if label is not None:
                self.label = label
            if done is not None:
                self.done = done
            self._draw()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Clear the line while the caller prints, then draw it again."""
        with self._lock:
            self._clear()
            yield
            if self.done < self.total:
                self._draw()


def apply_colour_policy(context: click.Context) -> None:
    """Make click's own output follow ``colour_forced``: with ``FORCE_COLOR`` in a CI log,
    click would otherwise strip the colour the reporters drew, as it does for any pipe."""
    forced = colour_forced()
    if forced is not None:
        context.color = forced
