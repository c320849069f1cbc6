"""What the child saw when it called learner code, decoded in the parent.

The records themselves (``Observation``, ``Raised`` ...) live in ``grader.checking``,
with everything else a check uses; decoding a worker's reply into them is the
engine's business, here.
"""

from __future__ import annotations

from typing import Any

from grader.checking import Call, Observation, Raised, Shared, describe_raised
from grader.sandbox import codec, probes

__all__ = ["Call", "Observation", "Raised", "Shared", "describe_raised", "from_reply"]


def _raised(data: dict[str, Any]) -> Raised:
    frames = tuple(
        (codec.safe_line(str(f[0])), int(f[1]), codec.safe_line(str(f[2])), codec.safe_line(str(f[3])))
        for f in data.get("frames", [])[:50]
        if isinstance(f, list) and len(f) == 4
    )
    return Raised(
        type=codec.safe_line(str(data.get("type", "Exception"))[:100]),
        module=codec.safe_line(str(data.get("module", ""))[:100]),
        message=codec.safe_line(str(data.get("message", ""))[:2000]),
        traceback=codec.safe_block(str(data.get("traceback", ""))[:8000]),
        frames=frames,
        mro=tuple(codec.safe_line(str(m)[:100]) for m in data.get("mro", [])[:12]),
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


def from_reply(func: str, reply: dict[str, Any], output: bytes, elapsed: float | None = None
               ) -> Observation:
    """Decode a worker's reply; malformed replies raise ``codec.DecodeError``.

    ``elapsed``: the call's time as the parent measured it, which stands instead of the
    time the reply claims (a worker's word on its own speed is not evidence)."""
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
        type_name=codec.safe_line(str(reply.get("type", ""))[:200]),
        raised=raised,
        mutated=tuple(m for m in reply.get("mutated", []) if isinstance(m, (int, str))),
        warnings=tuple(codec.safe_line(str(w)[:300]) for w in reply.get("warnings", [])[:20]),
        calls=calls,
        output=codec.safe_block(output.decode("utf-8", errors="replace")),
        elapsed=float(reply.get("elapsed", 0.0) or 0.0) if elapsed is None else elapsed,
        shared=_shared(reply.get("aliases")),
        watch=probes.read(reply["watch"]) if "watch" in reply else None,
        traced=_traced(reply.get("traced")),
    )


def _traced(data: Any) -> tuple[str, ...] | None:
    if not isinstance(data, list):
        return None
    return tuple(str(name)[:100] for name in data[:20] if isinstance(name, str))
