"""The one way the package writes a file: whole or not at all, with the user's file modes.

A report page, a machine-readable result, a gradebook, a restored stub: each is written
to a temporary file in the same folder, flushed to disk, given the permissions an
ordinary ``open`` would give it (``0o666`` less the umask: 0644 under umask 022, never
the 0600 of a bare temporary file), then renamed over the target. A reader (a browser,
Gradescope's harness, a CI artifact upload, the learner's editor) never sees half a file,
and a grader killed midway leaves the old file in place.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def current_umask() -> int:
    """The process's umask.

    Linux says it in ``/proc/self/status``; elsewhere it is read by setting it and
    putting it back, under a lock (a file another thread created in between would get
    the wrong mode, hence Linux's way first).
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    with _UMASK_LOCK:
        mask = os.umask(0)
        os.umask(mask)
    return mask


def write_atomic(path: Path, data: str | bytes, *, keep_mode: bool = False) -> Path:
    """Write ``data`` (text goes as UTF-8, newlines as given) to ``path`` all at once.

    The folder is created if needed. With ``keep_mode``, a file that already exists keeps
    its permissions (a learner's exercise file that is being reset); otherwise the file
    gets the default mode under the current umask. A lone surrogate in the text (a file
    name that is not UTF-8, read with ``surrogateescape``) is written as its escape
    (``\\udcff``): no text a learner can put in a report makes writing it fail.
    """
    path = Path(path)
    payload = data.encode("utf-8", errors="backslashreplace") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        mode = 0o666 & ~current_umask()
        if keep_mode:
            try:
                mode = stat.S_IMODE(path.stat().st_mode)
            except FileNotFoundError:
                pass
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
