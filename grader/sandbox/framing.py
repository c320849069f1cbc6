"""Length-prefixed JSON frames over a stream socket, with a size cap.

Both ends use it; the parent treats every frame from a worker as untrusted input: the
length in a frame's header is checked before its body is read (nothing larger than
``MAX_FRAME`` is ever buffered), and its body's nesting and number of parts before it is
parsed, so that neither a reply nested 100,000 deep (which would exhaust ``json``'s
recursion) nor one of millions of tiny parts (which would take gigabytes as Python
objects) reaches ``json.loads``. A legitimate reply is far inside both limits: values
are encoded at most ``codec.MAX_DEPTH`` deep and ``codec.MAX_NODES`` parts, and arrays
travel as one base64 string.
"""

from __future__ import annotations

import json
import re
import socket
import struct
from typing import Any

HEADER = struct.Struct(">I")
MAX_FRAME = 64 * 1024 * 1024  # 4 million float64 values in base64 fit, with room to spare
MAX_NESTING = 100  # brackets open at once (codec.MAX_DEPTH levels of values take about 40)
MAX_PARTS = 2_000_000  # commas and brackets, counted in strings too (an overestimate)
_OPENING, _CLOSING = b"[{", b"]}"
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
# A byte a JSON text needs no escape for and that stands for a printable ASCII character
# (or whitespace between tokens: strict JSON refuses a raw control character in a string).
_NOT_PLAIN = re.compile(rb"[^\x20-\x5b\x5d-\x7e\t\n\r]")


class FrameError(Exception):
    """The peer sent something that is not a valid frame."""


def pack(message: Any) -> bytes:
    body = json.dumps(message, separators=(",", ":"), allow_nan=False).encode("utf-8")
    if len(body) > MAX_FRAME:
        raise FrameError(f"message of {len(body)} bytes is larger than the {MAX_FRAME} cap")
    return HEADER.pack(len(body)) + body


def nesting(body: bytes) -> int:
    """How deeply the brackets of a JSON text nest (brackets inside strings ignored)."""
    if body.count(b"[") + body.count(b"{") <= MAX_NESTING:
        return 0  # too few brackets to nest too deeply: no need to look closer
    skeleton = _STRINGS.sub(b"", body).translate(None, _NOT_BRACKETS)
    deepest = depth = 0
    for byte in skeleton:
        if byte in _OPENING:
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    return deepest
        else:
            depth -= 1
    return deepest


def _check_parts(data: bytes | bytearray, start: int = 0, end: int | None = None) -> None:
    end = len(data) if end is None else end
    parts = data.count(b",", start, end) + data.count(b"[", start, end) + data.count(b"{", start, end)
    if parts > MAX_PARTS:
        raise FrameError(f"a frame of more than {MAX_PARTS} parts")


def parse(body: bytes, parts_checked: bool = False) -> Any:
    """A frame's body as JSON, once it proves small, shallow and simple enough to parse
    (``parts_checked``: its parts were counted already, in the buffer it came from).

    UTF-8 only, as every frame is sent: ``json.loads`` would also guess UTF-16 and -32 from
    bytes, a guess that cost every reply more than its parsing."""
    if not parts_checked:
        _check_parts(body)
    if nesting(body) > MAX_NESTING:
        raise FrameError(f"a frame nested more than {MAX_NESTING} deep")
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError, MemoryError) as exc:
        raise FrameError(f"frame is not JSON: {type(exc).__name__}") from None


def send(sock: socket.socket, message: Any) -> None:
    sock.sendall(pack(message))


class BlockingFrames:
    """Blocking reads of whole frames from one socket, kept for the connection's life.

    One ``recv_into`` usually brings a request's header and body together (the worker used
    to read them in two system calls, each into a new buffer); bytes past the frame are
    kept for the next one.
    """

    def __init__(self, sock: socket.socket, chunk: int = 1 << 16) -> None:
        self._sock = sock
        self._buffer = bytearray()
        self._chunk = memoryview(bytearray(chunk))

    def recv(self) -> Any | None:
        """The next frame, parsed; ``None`` at end of stream."""
        while True:
            if len(self._buffer) >= HEADER.size:
                (size,) = HEADER.unpack_from(self._buffer)
                if size > MAX_FRAME:
                    raise FrameError(f"frame of {size} bytes exceeds the cap")
                end = HEADER.size + size
                if len(self._buffer) >= end:
                    body = bytes(self._buffer[HEADER.size:end])
                    del self._buffer[:end]
                    return parse(body)
            count = self._sock.recv_into(self._chunk)
            if not count:
                return None
            self._buffer += self._chunk[:count]


class FrameReader:
    """Incremental decoder for a non-blocking reader: feed bytes, take whole frames."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.plain = False
        """Whether the frame ``take`` returned last was printable ASCII without a single
        escape: none of its strings can then hold a control character, a lone surrogate
        or any character outside ASCII, and it needs no cleaning (``codec.cleaned``)."""

    def feed(self, data: bytes | memoryview) -> None:
        self._buffer += data

    def take(self) -> Any | None:
        if len(self._buffer) < HEADER.size:
            return None
        (size,) = HEADER.unpack_from(self._buffer)
        if size > MAX_FRAME:
            raise FrameError(f"frame of {size} bytes exceeds the cap")
        if len(self._buffer) < HEADER.size + size:
            return None
        end = HEADER.size + size
        try:
            _check_parts(self._buffer, HEADER.size, end)  # before the body is copied out
        except FrameError:
            del self._buffer[:end]
            raise
        body = bytes(self._buffer[HEADER.size:end])
        del self._buffer[:end]
        self.plain = False
        parsed = parse(body, parts_checked=True)
        self.plain = _NOT_PLAIN.search(body) is None
        return parsed
