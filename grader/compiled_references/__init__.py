"""The reference solutions' code, compiled ahead of time for the interpreter that made it.

Compiling the twelve references from their source cost ``grade all`` 14 ms of the
grading process's CPU, every run; loading what the compiler made from these files costs
0.2 ms. ``grader.reference`` still reads each reference's ``.py`` file, and uses a file
here only when it was made from exactly those bytes (its SHA-256) by this very bytecode
format (Python's magic number): otherwise, an edited reference, another reference folder
(``GRADE_REFERENCE``) or another Python, the reference is compiled from its source, as
before. What runs is always the code of the bytes that were read, and ``loaded_digest``
covers those bytes.

These files are part of the grader, as trusted as its checks beside them: nothing here is
read from the references' folder or from a bytecode cache (a ``.pyc`` planted in
``solutions/__pycache__`` still changes nothing).

``python -m grader.compile_references`` writes them for the running interpreter (one file
per reference and bytecode format: ``lesson01_vectors.cpython-311.bin``); ``--check``
only says which are missing or out of date. A file is the magic number, the source's
SHA-256, then the code object as ``marshal`` writes it, compiled under a placeholder file
name that loading replaces with the reference's real path.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import sys
from pathlib import Path
from types import CodeType

FOLDER = Path(__file__).resolve().parent
PLACEHOLDER = "<reference>"
_MAGIC = importlib.util.MAGIC_NUMBER
_HEADER = len(_MAGIC) + 32


def file_name(module: str) -> str:
    """The file holding ``module``'s code for the running interpreter."""
    return f"{module}.{sys.implementation.cache_tag}.bin"


def compiled(source: bytes) -> CodeType:
    """The code of ``source`` as it is stored: compiled under the placeholder name."""
    return compile(source, PLACEHOLDER, "exec", dont_inherit=True)


def stored(source: bytes) -> bytes:
    """What the file for ``source`` holds."""
    return _MAGIC + hashlib.sha256(source).digest() + marshal.dumps(compiled(source))


def code_for(module: str, source: bytes, path: str, folder: Path = FOLDER) -> CodeType | None:
    """``module``'s code made ahead of time from exactly ``source``, named ``path``; None when
    there is none for this interpreter, or it was made from other bytes."""
    try:
        data = (folder / file_name(module)).read_bytes()
    except OSError:
        return None
    if data[:len(_MAGIC)] != _MAGIC or data[len(_MAGIC):_HEADER] != hashlib.sha256(source).digest():
        return None
    try:
        code = marshal.loads(data[_HEADER:])
    except (EOFError, ValueError, TypeError):
        return None
    return _renamed(code, path) if isinstance(code, CodeType) else None


def _renamed(code: CodeType, path: str) -> CodeType:
    """``code`` and every function, class and comprehension in it, named after ``path``."""
    consts = tuple(_renamed(c, path) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=path, co_consts=consts)


def expected(references: Path) -> dict[str, bytes]:
    """Every file this folder should hold for the running interpreter, and its bytes."""
    return {file_name(path.stem): stored(path.read_bytes()) for path in sorted(references.glob("lesson*.py"))}


def differences(references: Path, folder: Path = FOLDER) -> list[str]:
    """The files of ``folder`` that are missing or were made from other source than now."""
    out = []
    for name, data in expected(references).items():
        path = folder / name
        current = path.read_bytes() if path.is_file() else b""
        if current[:_HEADER] != data[:_HEADER] or marshal.loads(current[_HEADER:]) != marshal.loads(data[_HEADER:]):
            out.append(name)
    return out
