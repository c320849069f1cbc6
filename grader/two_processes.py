"""Grading a run's lessons in two processes, each on a CPU of its own beside its workers.

Why: the grader's own work for a lesson (its checks, the references, the comparisons) is
Python, and every lesson of a run shares one interpreter, so one CPU. On two CPUs that
process was the bottleneck of ``grade all``: busy 0.35 s of its 0.43 s, while every reply
of a worker on the other CPU cost both sides a wake-up across CPUs
(``grader.sandbox.placement``). Split in two, each process with its own workers on its
own CPU, ``grade all`` took 0.40 s.

How: once the sandbox is up and every reference is loaded, the grading process forks
once. Both processes then take lessons from one queue (a pipe holding the lessons'
numbers, in the order lessons start: each read of one byte takes one lesson, so each
lesson is graded once, by whichever process is free) and grade them with the same code
and the same sandbox: the zygote, its confinement and its scratch folder are shared, each
process asking the zygote on a control channel of its own (``Zygote.channel``), and each
process's workers run on its own CPU (``Sandbox.worker_cpus``). The second process sends
back what it hears (an exercise started, its budget, done) and each lesson's result,
pickled over a socket; the parent tells its listeners, and reports every lesson in course
order, as ever. One lesson at a time per process was the fastest: more only made the
process and its workers take turns on the one CPU.

Nothing learner code meets changes: the workers, their confinement and the checks are
the same; only which grading process asks differs, and learner code runs in neither. If
the second process ends without a lesson's result (it crashed, or was killed), the parent
grades that lesson itself, so the run is the same either way.

When: the fork runner on Linux, with a placement taken (``grade`` on two CPUs or more, a
batch job with a share of two or more) and at least ``MIN_LESSONS`` lessons.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import socket
import struct
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any

from grader.course import Exercise, Lesson
from grader.events import Listener
from grader.model import LessonResult
from grader.sandbox import placement
from grader.sandbox.runner import Sandbox, SandboxError

MIN_LESSONS = 4
_SIZE = struct.Struct(">I")

GradeOne = Callable[[Lesson, Listener], LessonResult]


def wanted(lessons: Sequence[Lesson], sandbox: Sandbox) -> bool:
    """Whether a second grading process is worth it, and can share the sandbox, here."""
    chosen = placement.taken()
    return (chosen is not None and bool(chosen.sandbox - chosen.judge) and len(lessons) >= MIN_LESSONS
            and getattr(sandbox, "shares_with_fork", False) and hasattr(os, "fork")
            and hasattr(os, "sched_setaffinity"))


class Split:
    """The parent's side of a run graded by two processes (``grade``)."""

    def __init__(self, order: Sequence[Lesson], grade_one: GradeOne, sandbox: Sandbox, listener: Listener,
                 lock: threading.Lock, per_process: int) -> None:
        self._order = list(order)
        self._grade_one = grade_one
        self._sandbox = sandbox
        self._listener = listener
        self._lock = lock
        self._per_process = max(1, per_process)
        self._results: dict[str, LessonResult] = {}
        self._failed: dict[str, BaseException] = {}
        self._changed = threading.Condition()
        self._remote_ended = False
        self._local_left = self._per_process
        self.deaths = 0
        self.pid: int | None = None
        self._sock: socket.socket | None = None
        self._queue = _queue_of(len(self._order))
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self._told_deaths = False
        self._deaths_before = 0

    # -- starting ----------------------------------------------------------------------------

    def start(self) -> bool:
        """Fork the second process, then start this one's graders; False if it could not
        fork (nothing started: the caller grades the usual way)."""
        chosen = placement.taken()
        if chosen is None:
            return False
        mine, theirs = chosen.judge, chosen.sandbox - chosen.judge
        try:
            channel = self._sandbox.share_with_fork()
        except (OSError, SandboxError):
            return False
        self._deaths_before = self._sandbox.deaths
        parent, child = socket.socketpair()
        # Every object made so far is left out of the cyclic collector's passes from now on:
        # a pass writes to each object it visits, and every page so written that the two
        # processes still share would then be copied.
        gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            for sock in (parent, child, channel):
                sock.close()
            os.close(self._queue)
            return False
        if pid == 0:  # pragma: no cover - the forked process, which ends with os._exit
            parent.close()
            self._second(child, channel, theirs)
        child.close()
        channel.close()  # the second process's: the zygote ends that channel when it ends
        self.pid, self._sock = pid, parent
        self._sandbox.worker_cpus = mine  # this process's workers beside it, as the second's beside it
        reader = threading.Thread(target=self._read, name="second-grader", daemon=True)
        reader.start()
        self._threads = [threading.Thread(target=self._grade_here, name=f"grader-{n}", daemon=True)
                         for n in range(self._per_process)]
        for thread in self._threads:
            thread.start()
        return True

    # -- the results, in the caller's order ------------------------------------------------------

    def result(self, lesson: Lesson) -> LessonResult:
        """The lesson's result, from whichever process graded it; graded here if the second
        process ended without sending it. A grader error raises here, as in one process."""
        with self._changed:
            self._changed.wait_for(lambda: lesson.id in self._results or lesson.id in self._failed
                                   or (self._remote_ended and self._local_left == 0))
            if lesson.id in self._failed:
                raise self._failed[lesson.id]
            found = self._results.get(lesson.id)
        return found if found is not None else self._grade_one(lesson, self._listener)

    def finish(self) -> None:
        """Wait for this process's graders and the second process to end (it has sent
        everything by then)."""
        for thread in self._threads:
            thread.join()
        self._reap()
        os.close(self._queue)

    def stop(self) -> None:
        """Ctrl-C: end the second process now; this one's graders take no further lesson
        (those running end with their workers, when the caller closes the sandbox)."""
        self._stopping = True
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
        self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
            self.pid = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        gc.unfreeze()  # a process that grades again (``grade watch``) collects as before

    # -- this process ------------------------------------------------------------------------------

    def _grade_here(self) -> None:
        try:
            while (lesson := self._take()) is not None:
                try:
                    result = self._grade_one(lesson, self._listener)
                except BaseException as exc:  # a grader error: raised in the caller's thread
                    with self._changed:
                        self._failed[lesson.id] = exc
                        self._changed.notify_all()
                    continue
                with self._changed:
                    self._results[lesson.id] = result
                    self._changed.notify_all()
        finally:
            with self._changed:
                self._local_left -= 1
                self._changed.notify_all()

    def _take(self) -> Lesson | None:
        if self._stopping:
            return None
        try:
            taken = os.read(self._queue, 1)
        except OSError:
            return None
        return self._order[taken[0]] if taken else None

    def _read(self) -> None:
        assert self._sock is not None
        try:
            while (message := _receive(self._sock)) is not None:
                self._handle(message)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, KeyError, IndexError):
            pass  # a process that broke off: what it did not send, this one grades
        finally:
            with self._changed:
                if not self._told_deaths:  # it ended before its last word: count it as a death
                    self.deaths += 1
                self._remote_ended = True
                self._changed.notify_all()

    def _handle(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "result":
            result = message[2]
            if isinstance(result, LessonResult):
                with self._changed:
                    self._results[str(message[1])] = result
                    self._changed.notify_all()
        elif kind == "deaths":
            self.deaths, self._told_deaths = int(message[1]), True
        elif kind in ("started", "budget", "done"):
            lesson = next(x for x in self._order if x.id == message[1])
            exercise = next(e for e in lesson.exercises if e.name == message[2])
            with self._lock:
                if kind == "started":
                    self._listener.exercise_started(lesson, exercise)
                elif kind == "budget":
                    self._listener.exercise_budget(lesson, exercise, float(message[3]))
                else:
                    self._listener.exercise_done(lesson, exercise)

    # -- the second process --------------------------------------------------------------------

    def _second(self, sock: socket.socket, channel: socket.socket,
                cpus: frozenset[int]) -> None:  # pragma: no cover - forked
        """Grade lessons from the queue, send what happens, and end."""
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops it
            quiet = open(os.devnull, "w")  # noqa: SIM115 - for the life of this process
            sys.stdout = sys.stderr = quiet  # it never writes to the terminal: the parent does
            # Nor to the parent's stdout at the level of file descriptors (a C library's
            # message, an interpreter's last words): with --format json that stream holds
            # exactly one document, which only the parent writes.
            os.dup2(quiet.fileno(), 1)
            os.dup2(quiet.fileno(), 2)
            os.sched_setaffinity(0, cpus)
            self._sandbox.after_fork(channel, cpus)
            sending = threading.Lock()

            def send(message: tuple[Any, ...]) -> None:
                data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
                with sending:
                    sock.sendall(_SIZE.pack(len(data)) + data)

            forward = _Forward(send)

            def grade() -> None:
                while (lesson := self._take()) is not None:
                    try:
                        send(("result", lesson.id, self._grade_one(lesson, forward)))
                    except Exception:
                        continue  # not sent: the parent grades it, and meets the same error itself

            threads = [threading.Thread(target=grade) for _ in range(self._per_process)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            send(("deaths", self._sandbox.deaths - self._deaths_before))
        finally:
            os._exit(0)


def _queue_of(count: int) -> int:
    """A pipe's read end holding the numbers 0 .. count-1, one byte each, then its end."""
    if count > 255:
        raise ValueError("a run has at most 255 lessons")
    read, write = os.pipe()
    os.write(write, bytes(range(count)))
    os.close(write)
    return read


class _Forward(Listener):
    """What the second process hears, sent to the parent to tell its listeners."""

    def __init__(self, send: Callable[[tuple[Any, ...]], None]) -> None:
        self._send = send

    def exercise_started(self, lesson: Lesson, exercise: Exercise) -> None:
        self._send(("started", lesson.id, exercise.name))

    def exercise_budget(self, lesson: Lesson, exercise: Exercise, seconds: float) -> None:
        self._send(("budget", lesson.id, exercise.name, seconds))

    def exercise_done(self, lesson: Lesson, exercise: Exercise) -> None:
        self._send(("done", lesson.id, exercise.name))


def _receive(sock: socket.socket) -> tuple[Any, ...] | None:
    head = _exactly(sock, _SIZE.size)
    if head is None:
        return None
    body = _exactly(sock, _SIZE.unpack(head)[0])
    if body is None:
        return None
    message = pickle.loads(body)  # from this process's own fork, which runs no learner code
    return message if isinstance(message, tuple) and message else None


def _exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
