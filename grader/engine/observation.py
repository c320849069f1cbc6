"""What the child saw when it called learner code, decoded in the parent."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from grader.i18n import Text, tr
from grader.sandbox import codec, probes


@dataclass(frozen=True)
class Raised:
    """An exception learner code raised (type and message only: never the object)."""

    type: str
    module: str
    message: str
    traceback: str = ""
    frames: tuple[tuple[str, int, str, str], ...] = ()
    mro: tuple[str, ...] = ()

    def is_a(self, name: str) -> bool:
        """Whether the exception is ``name`` or a subclass of it."""
        return name == self.type or name in self.mro

    @property
    def innermost_function(self) -> str | None:
        return self.frames[-1][2] if self.frames else None

    def summary(self) -> str:
        return f"{self.type}: {self.message}" if self.message else self.type


@dataclass(frozen=True)
class Call:
    """One call a grader-supplied callable received (arguments decoded)."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]


@dataclass(frozen=True)
class Shared:
    """Positions of one returned list or tuple (at ``path``) that hold the same memory."""

    path: tuple[int | str, ...]
    groups: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Observation:
    """The outcome of one call into learner code.

    ``shared`` lists the lists and tuples inside the returned value whose entries share
    memory (the same array appended twice); ``watch`` is what watched functions did
    during the call (see ``grader.sandbox.probes``).
    """

    func: str
    value: Any = None
    type_name: str = ""
    raised: Raised | None = None
    mutated: tuple[int | str, ...] = ()
    warnings: tuple[str, ...] = ()
    calls: dict[str, tuple[Call, ...]] = field(default_factory=dict)
    output: str = ""
    elapsed: float = 0.0
    shared: tuple[Shared, ...] = ()
    watch: probes.WatchReport | None = None

    @property
    def ok(self) -> bool:
        return self.raised is None

    def shared_at(self, *path: int | str) -> tuple[tuple[int, ...], ...]:
        """Groups of positions sharing memory in the container at ``path`` of the value."""
        for item in self.shared:
            if item.path == tuple(path):
                return item.groups
        return ()

    def result(self) -> Any:
        """The returned value; a raised exception becomes the right check signal."""
        from grader.engine.declare import LearnerError, NotStarted

        if self.raised is None:
            return self.value
        if self.raised.type == "NotImplementedError":
            inner = self.raised.innermost_function
            if inner is None or inner == self.func:
                raise NotStarted(tr("{func} is not written yet (it raises NotImplementedError).",
                                    "{func} 还没有实现（仍然抛出 NotImplementedError）。",
                                    func=self.func))
            raise LearnerError(
                tr("{func} calls {inner}, which is not written yet: write {inner} first.",
                   "{func} 调用了尚未实现的 {inner}：请先完成 {inner}。",
                   func=self.func, inner=inner),
                self.raised.traceback,
            )
        raise LearnerError(describe_raised(self.func, self.raised), self.raised.traceback)


def describe_raised(func: str, raised: Raised) -> Text:
    """Words for an exception learner code raised, for the kinds a grader must name."""
    if raised.type == "SystemExit":
        return tr("{func} exited the process (sys.exit({code})): return a value instead.",
                  "{func} 退出了进程（sys.exit({code})）：请返回结果，而不是退出。",
                  func=func, code=raised.message)
    if raised.type == "KeyboardInterrupt":
        return tr("{func} raised KeyboardInterrupt (as if Ctrl-C had been pressed): return a value "
                  "instead.",
                  "{func} 抛出了 KeyboardInterrupt（如同按下了 Ctrl-C）：请返回结果。", func=func)
    if raised.type == "MemoryError":
        return tr("{func} raised MemoryError itself (raise MemoryError): return a value instead.",
                  "{func} 自己抛出了 MemoryError（raise MemoryError）：请返回结果。", func=func)
    if raised.type == "RecursionError":
        return tr("{func} recursed too deeply (RecursionError): is there a base case?",
                  "{func} 递归过深（RecursionError）：是否缺少终止条件？", func=func)
    return tr("{func} raised {error}", "{func} 抛出了异常 {error}",
              func=func, error=raised.summary())


def _raised(data: dict[str, Any]) -> Raised:
    frames = tuple(
        (str(f[0]), int(f[1]), str(f[2]), str(f[3]))
        for f in data.get("frames", [])[:50]
        if isinstance(f, list) and len(f) == 4
    )
    return Raised(
        type=str(data.get("type", "Exception"))[:100],
        module=str(data.get("module", ""))[:100],
        message=str(data.get("message", ""))[:2000],
        traceback=str(data.get("traceback", ""))[:8000],
        frames=frames,
        mro=tuple(str(m)[:100] for m in data.get("mro", [])[:12]),
    )


def _shared(data: Any) -> tuple[Shared, ...]:
    found = []
    for item in list(data)[:1000] if isinstance(data, list) else []:
        if not isinstance(item, dict):
            continue
        path = tuple(p for p in list(item.get("path", []))[:8]
                     if isinstance(p, (int, str)) and not isinstance(p, bool))
        groups = tuple(
            tuple(int(i) for i in group[:200_000] if isinstance(i, int) and not isinstance(i, bool))
            for group in list(item.get("groups", []))[:10_000] if isinstance(group, list)
        )
        found.append(Shared(path, tuple(g for g in groups if len(g) > 1)))
    return tuple(found)


def from_reply(func: str, reply: dict[str, Any], output: bytes) -> Observation:
    """Decode a worker's reply; malformed replies raise ``codec.DecodeError``."""
    calls: dict[str, tuple[Call, ...]] = {}
    for key, record in dict(reply.get("calls", {})).items():
        calls[str(key)] = tuple(
            Call(tuple(codec.decode(c.get("args", []))),
                 {str(k): codec.decode(v) for k, v in dict(c.get("kwargs", {})).items()})
            for c in record.get("calls", [])
        )
    raised = _raised(reply["raised"]) if isinstance(reply.get("raised"), dict) else None
    return Observation(
        func=func,
        value=None if raised else codec.decode(reply.get("value")),
        type_name=str(reply.get("type", ""))[:200],
        raised=raised,
        mutated=tuple(m for m in reply.get("mutated", []) if isinstance(m, (int, str))),
        warnings=tuple(str(w)[:300] for w in reply.get("warnings", [])[:20]),
        calls=calls,
        output=output.decode("utf-8", errors="replace"),
        elapsed=float(reply.get("elapsed", 0.0) or 0.0),
        shared=_shared(reply.get("aliases")),
        watch=probes.read(reply["watch"]) if "watch" in reply else None,
    )
