"""The seed of a submission's hidden inputs: its bytes and the course secret, digested.

Beyond the fixed worked examples, checks draw their inputs from ``Context.rng``, seeded
here: the same bytes always draw the same inputs (a verdict is reproducible), and any
edit draws new ones (values copied from one run's feedback do not answer the next). The
secret (``GRADE_SECRET``) is set by an instructor wherever grades of record are computed,
so that no learner can compute in advance what a submission will be asked; a learner's
own machine has none, since the references are on it anyway (``grade solution``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import PurePath

SECRET_VARIABLE = "GRADE_SECRET"
_DIGEST_FILES = 200  # the workspace files a submission digest reads, at most
_DIGEST_BYTES = 1 << 20  # and of each, the first MiB (and its size)


def course_secret() -> bytes:
    """The secret mixed into every submission seed: ``GRADE_SECRET``, or none."""
    return os.environ.get(SECRET_VARIABLE, "").encode("utf-8", "surrogatepass")


def submission_seed(text: str, workspace: PurePath | None, lesson_id: str, secret: bytes = b"",
                    files: bytes | None = None) -> int:
    """The seed of one submission's hidden inputs: its bytes and the secret, digested.

    ``text`` is the lesson's source as graded; the workspace's other top-level files
    (helper modules, data files: whatever learner code could read a table from) count
    too, by name, size and first MiB (``workspace_digest``; ``files`` is that digest when
    the caller already has it). Folders (``__pycache__``) and dotfiles do not.
    """
    digest = hashlib.sha256()
    digest.update(len(secret).to_bytes(4, "big") + secret)
    digest.update(lesson_id.encode() + b"\0" + text.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(workspace_digest(workspace) if files is None else files)
    return int.from_bytes(digest.digest()[:4], "big")


def workspace_digest(workspace: PurePath | None) -> bytes:
    """The workspace's top-level files, digested: the part of every lesson's seed that is the
    same for all of a submission's lessons, so a run reads those files once, not per lesson."""
    digest = hashlib.sha256()
    for name, size, head in _workspace_files(workspace):
        digest.update(f"{name}\0{size}\0".encode("utf-8", "surrogatepass") + head)
    return digest.digest()


def _workspace_files(workspace: PurePath | None) -> list[tuple[str, int, bytes]]:
    if workspace is None:
        return []
    files: list[tuple[str, int, bytes]] = []
    try:
        entries = sorted(os.scandir(workspace), key=lambda e: e.name)
    except OSError:
        return files
    for entry in entries:
        if len(files) >= _DIGEST_FILES:
            break
        try:
            if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
                continue
            size = entry.stat(follow_symlinks=False).st_size
            with open(entry.path, "rb") as handle:
                head = handle.read(_DIGEST_BYTES)
        except OSError:
            continue
        files.append((entry.name, size, head))
    return files
