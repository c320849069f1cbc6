"""The parent trusts no reply, and no learner text breaks an output.

A worker's frames are limited in size (from the header, before the body is read), in
nesting and in number of parts (before ``json`` parses them); learner text is made safe
for every output: lone surrogates, line breaks in one-line messages, bidi marks and
zero-width characters are shown escaped. Run as a user runs ``grade``.
"""

from __future__ import annotations

import json
import os
import re
import selectors
import shutil
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import SOLUTIONS
from hypothesis import given, settings
from hypothesis import strategies as st

from grader.sandbox import codec, framing
from grader.sandbox.limits import Limits
from grader.sandbox.runner import Sandbox, Worker

GRADE = Path(sys.executable).with_name("grade")
HOSTILE = Path(__file__).resolve().parent / "hostile"
LESSON = "lesson01_vectors.py"


def test_a_deep_frame_is_refused_before_parsing() -> None:
    reader = framing.FrameReader()
    body = b"[" * 100_000 + b"]" * 100_000
    reader.feed(struct.pack(">I", len(body)) + body)
    with pytest.raises(framing.FrameError, match="nested"):
        reader.take()


def test_the_deepest_value_the_codec_encodes_still_travels() -> None:
    """The nesting limit is far above anything a worker's encoder makes (it stops at
    ``codec.MAX_DEPTH``), even in the calls an instrument recorded."""
    value: object = 1.0
    for _ in range(40):
        value = {"k": [value, (value,)]}
    encoded = codec.encode(value)
    body = json.dumps({"id": "x", "value": encoded,
                       "calls": {"i1": {"calls": [{"args": [encoded], "kwargs": {}}]}}}).encode()
    assert 0 < framing.nesting(body) <= framing.MAX_NESTING // 2
    reader = framing.FrameReader()
    reader.feed(struct.pack(">I", len(body)) + body)
    assert reader.take()["value"] == encoded


def test_brackets_inside_strings_are_not_nesting() -> None:
    body = json.dumps({"id": "x", "message": "[" * 10_000}).encode()
    reader = framing.FrameReader()
    reader.feed(struct.pack(">I", len(body)) + body)
    assert reader.take() == {"id": "x", "message": "[" * 10_000}


def test_a_frame_of_millions_of_parts_is_refused_before_parsing() -> None:
    body = b"[" + b"0," * 3_000_000 + b"0]"
    reader = framing.FrameReader()
    reader.feed(struct.pack(">I", len(body)) + body)
    with pytest.raises(framing.FrameError, match="parts"):
        reader.take()


def test_an_oversized_header_is_refused_before_its_body_arrives() -> None:
    reader = framing.FrameReader()
    reader.feed(struct.pack(">I", 255 * 1024 * 1024) + b"[0,")
    with pytest.raises(framing.FrameError, match="exceeds"):
        reader.take()


def test_learner_text_is_made_safe() -> None:
    assert codec.safe_line("x\ud800y\npassed\u202e\u200b\u2066\x1b") == "x\\ud800y\\npassed\\u202e\\u200b\\u2066\\x1b"
    assert codec.safe_block("a\nb\tc\r\nd\udcff") == "a\nb\tc\nd\\udcff"
    assert codec.cleaned({"m": ["x\ud800"]}) == {"m": ["x\\ud800"]}


@given(st.recursive(st.text() | st.floats(allow_nan=False) | st.integers(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                    max_leaves=8))
@settings(max_examples=400, deadline=None)
def test_a_reply_left_uncleaned_has_nothing_to_clean(reply: object) -> None:
    """The parent skips ``codec.cleaned`` for a frame the reader calls plain: whatever
    the worker sent, in whatever JSON spelling, a plain frame is one cleaning leaves as it is."""
    reader = framing.FrameReader()
    for body in (json.dumps(reply).encode(), json.dumps(reply, ensure_ascii=False).encode("utf-8", "surrogatepass")):
        reader.feed(struct.pack(">I", len(body)) + body)
        try:
            taken = reader.take()
        except framing.FrameError:  # a lone surrogate written raw is not UTF-8
            continue
        if reader.plain:
            assert codec.cleaned(taken) == taken


def test_a_reply_with_an_unsafe_character_is_not_plain() -> None:
    reader = framing.FrameReader()
    for text in ("\x1b[2J", "\x7f", "\u202e", "\ud800", "\r\n", "é"):
        reader.feed(framing.pack({"message": text}))
        assert reader.take() == {"message": text}
        assert not reader.plain, repr(text)
    # as a worker not using ``json.dumps`` would write them: raw, unescaped
    for raw in ("\x7f", "é", "\u202e", "\u2028"):
        body = json.dumps({"message": raw}, ensure_ascii=False).encode()
        reader.feed(struct.pack(">I", len(body)) + body)
        assert reader.take() == {"message": raw}
        assert not reader.plain, repr(raw)
    reader.feed(framing.pack({"message": "passed", "value": [1.5, {"$t": "float", "v": "nan"}]}))
    reader.take()
    assert reader.plain


def _grade(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(GRADE), *args], cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "GRADE_LANG": "en", "NO_COLOR": "1", "HOME": str(cwd)})


@pytest.fixture
def hostile_messages(tmp_path: Path) -> Path:
    """A course folder whose lesson01 raises messages with a surrogate, fake lines, bidi marks."""
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / LESSON).write_text(
        (SOLUTIONS / LESSON).read_text(encoding="utf-8") + "\n\n"
        + (HOSTILE / "surrogate_and_newline_messages.py").read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


FAKE_LINE = re.compile(r"^\s*passed\s+outer\b", re.MULTILINE)


def test_every_output_survives_and_shows_no_fake_line(hostile_messages: Path) -> None:
    folder = hostile_messages
    shown = _grade("lesson01", cwd=folder)  # records progress, writes the HTML report
    assert shown.returncode == 1 and "Traceback" not in shown.stderr, shown.stderr
    assert "x\\ud800y" in shown.stdout and not FAKE_LINE.search(shown.stdout)
    assert "\u202e" not in shown.stdout and "\u200b" not in shown.stdout
    status = _grade("status", cwd=folder)
    assert status.returncode in (0, 1) and "Traceback" not in status.stderr, status.stderr
    github = _grade("lesson01", "--no-record", "--format", "github", cwd=folder)
    assert github.returncode in (0, 1) and "Traceback" not in github.stderr, github.stderr
    outputs = _grade("lesson01", "--no-record", "--output", "json:r.json", "--output", "gradescope:g.json",
                     "--output", "junit:j.xml", cwd=folder)
    assert outputs.returncode == 1 and "Traceback" not in outputs.stderr, outputs.stderr
    report = json.loads((folder / "r.json").read_text(encoding="utf-8"))
    assert report["score"] == 1
    gradescope = json.loads((folder / "g.json").read_text(encoding="utf-8"))
    assert gradescope["score"] == pytest.approx(1) and "output" in json.dumps(gradescope)
    for test in gradescope["tests"]:
        assert not FAKE_LINE.search(test.get("output", "")), test["output"]
    assert not FAKE_LINE.search((folder / "j.xml").read_text(encoding="utf-8"))
    classroom = folder / "class"
    for student in ("alice", "bob"):
        (classroom / student).mkdir(parents=True)
    shutil.copy(folder / "exercises" / LESSON, classroom / "alice")
    shutil.copy(SOLUTIONS / LESSON, classroom / "bob")
    page = _grade("report", "--class", "class", cwd=folder)
    assert page.returncode == 0 and "Traceback" not in page.stderr, page.stderr
    assert (classroom / "class.html").is_file() and (classroom / "gradebook.csv").is_file()


def test_a_notebook_of_nested_brackets_gets_one_line(tmp_path: Path) -> None:
    books = tmp_path / "notebooks"
    books.mkdir()
    (books / "lesson01_vectors.ipynb").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    done = _grade("all", "-w", "notebooks", "--no-record", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "nested too deeply" in done.stdout


def test_the_parent_stays_small_when_a_reply_is_huge(tmp_path: Path) -> None:
    """A worker sending a 60 MiB frame of tiny JSON parts (as objects, gigabytes): the parent
    reads it as bytes, counts its parts, refuses it; the exercise is an error, the rest graded."""
    ws = tmp_path / "exercises"
    ws.mkdir()
    (ws / LESSON).write_text((SOLUTIONS / LESSON).read_text(encoding="utf-8") + '''

import os, stat, struct

def dot(a, b):
    body = b"[" + b"0," * (30 * 1024 * 1024 - 1) + b"0]"
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack(">I", len(body)) + body)
        except OSError:
            pass
    return 0.0
''', encoding="utf-8")
    # VmHWM is this process image's own peak: getrusage's ru_maxrss would also count the
    # pytest process this one was forked from (Linux carries it across exec).
    script = ("import json, re, sys; from grader import api; "
              "r = api.grade_lesson('lesson01', sys.argv[1]); "
              "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)); "
              "print(json.dumps({'rss': peak, "
              "'out': {e.name: e.outcome.value for e in r.exercises}}))")
    done = subprocess.run([sys.executable, "-c", script, str(ws)], capture_output=True, text=True, timeout=300)
    found = json.loads(done.stdout)
    assert found["out"] == {"dot": "error", "outer": "passed", "hadamard": "passed", "matmul": "passed"}
    assert found["rss"] < 256 * 1024, f"the grader grew to {found['rss'] // 1024} MiB"


def test_a_file_name_that_is_not_utf8_breaks_no_output(tmp_path: Path) -> None:
    """``lesson01\\xff.py`` beside a missing lesson file: the message names it escaped, and
    every output is written (a lone surrogate used to stop the JSON and Gradescope writers)."""
    (tmp_path / "exercises").mkdir()
    with open(str(tmp_path / "exercises").encode() + b"/lesson01\xff.py", "w", encoding="utf-8") as stream:
        stream.write("x = 1\n")
    for options in (["--output", "json:r.json"], ["--output", "gradescope:g.json"], ["--output", "junit:j.xml"],
                    ["--format", "github"], ["--format", "json"], []):
        done = _grade("all", *options, cwd=tmp_path)
        assert done.returncode == 1 and "Traceback" not in done.stderr, (options, done.stderr)
    assert "lesson01\\\\udcff.py" in (tmp_path / "r.json").read_text(encoding="utf-8")
    json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))


def test_a_student_folder_name_that_is_not_utf8_breaks_no_class_output(tmp_path: Path) -> None:
    """``al\xffice`` among the submissions: the sandbox covers it beside bob's folder, and the
    gradebook, the summary and the class page name it escaped."""
    for name in (b"al\xffice", b"bob"):
        folder = os.fsdecode(os.fsencode(tmp_path / "subs") + b"/" + name)
        os.makedirs(folder)
        shutil.copy(SOLUTIONS / LESSON, os.path.join(folder, LESSON))
    done = _grade("batch", "subs", "--lesson", "lesson01", cwd=tmp_path)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    summary = json.loads((tmp_path / "grades" / "summary.json").read_text(encoding="utf-8"))
    assert sorted(s["score"] for s in summary["students"]) == [4, 4]
    page = _grade("report", "--class", "grades", cwd=tmp_path)
    assert page.returncode == 0 and "Traceback" not in page.stderr, page.stderr


class _PeerWorker(Worker):
    """A ``Worker`` whose other end is this test's socket, not a forked child."""

    def _start(self, sandbox: object, config: dict[str, object]) -> None:
        self._sock, self.peer = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._out, self._out_w = os.pipe()
        os.set_blocking(self._out, False)


def _answer(peer: socket.socket) -> None:
    request = framing.BlockingFrames(peer).recv()
    peer.sendall(framing.pack({"id": request["id"], "value": None}))


def test_a_request_sent_at_once_waits_only_to_read(tmp_path: Path) -> None:
    """The selector is kept for the worker's life. A worker can answer before the grader has
    sent the last bytes of a request (a thread learner code left running reads the
    connection, the id near the end): the socket is then still watched for room to write.
    The next request, sent at once, must watch it for reading alone, or every wait would
    return at once, and spin until the reply."""
    sandbox = Sandbox(Limits())  # never started: the worker's other end is this test
    worker = _PeerWorker(sandbox, tmp_path, "lesson01_vectors", Limits(), tmp_path)
    try:
        selector = worker._watching()
        selector.modify(worker._sock, selectors.EVENT_READ | selectors.EVENT_WRITE)  # as left behind
        thread = threading.Thread(target=_answer, args=(worker.peer,))
        thread.start()
        reply, _ = worker.request({"op": "call"}, 10.0)
        thread.join()
        assert reply["value"] is None
        assert selector.get_key(worker._sock).events == selectors.EVENT_READ
    finally:
        worker._sock.close()
        worker.peer.close()
        os.close(worker._out)
        os.close(worker._out_w)
        sandbox.close()


@given(st.lists(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=300), max_size=4),
                min_size=1, max_size=6),
       st.lists(st.integers(min_value=1, max_value=700), min_size=1, max_size=40))
@settings(max_examples=300, deadline=None)
def test_a_worker_reads_every_request_whole_however_the_bytes_arrive(messages: list[dict[str, object]],
                                                                    cuts: list[int]) -> None:
    """``BlockingFrames`` (the worker's side) gives each frame once and in order, whether a
    read brings part of a header, several frames at once or a frame split anywhere; and
    ``None`` at the end of the stream, even in the middle of a frame."""
    stream = b"".join(framing.pack(m) for m in messages)
    mine, theirs = socket.socketpair()
    try:
        frames = framing.BlockingFrames(mine, chunk=7)  # reads smaller than a header, too

        def send() -> None:  # from a thread: tiny writes fill a socket's buffer long before its bytes do
            sent, turn = 0, 0
            while sent < len(stream):
                size = cuts[turn % len(cuts)]
                theirs.sendall(stream[sent:sent + size])
                sent, turn = sent + size, turn + 1
            theirs.sendall(framing.HEADER.pack(10) + b"[1,")  # a frame the stream ends inside
            theirs.shutdown(socket.SHUT_WR)

        sender = threading.Thread(target=send)
        sender.start()
        got = []
        while (frame := frames.recv()) is not None:
            got.append(frame)
        sender.join()
        assert got == messages
    finally:
        mine.close()
        theirs.close()


def test_a_worker_refuses_a_header_larger_than_the_cap_before_reading_on() -> None:
    mine, theirs = socket.socketpair()
    try:
        theirs.sendall(framing.HEADER.pack(framing.MAX_FRAME + 1) + b"{}")
        with pytest.raises(framing.FrameError, match="exceeds the cap"):
            framing.BlockingFrames(mine).recv()
    finally:
        mine.close()
        theirs.close()


def test_a_frame_is_utf8_json_or_refused() -> None:
    """Frames are sent as UTF-8 JSON; one in UTF-16 or with a byte-order mark (which
    ``json.loads`` would have guessed its way through from bytes) is not a reply."""
    assert framing.parse('{"a": "héllo"}'.encode()) == {"a": "héllo"}
    for forged in ('{"a": 1}'.encode("utf-16"), b"\xef\xbb\xbf" + b'{"a": 1}', b'{"a": "\xff"}'):
        with pytest.raises(framing.FrameError):
            framing.parse(forged)
    reader = framing.FrameReader()
    reader.feed(framing.HEADER.pack(len(b'{"a": [1, 2]}')) + b'{"a": [1, 2]}')
    assert reader.take() == {"a": [1, 2]} and reader.plain
