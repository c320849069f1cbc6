# lesson: lesson01
# expect-isolated: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback-isolated: dot=FileNotFoundError
# expect-landlock: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback-landlock: dot=Permission denied
# expect-plain: dot=passed, outer=passed, hadamard=passed, matmul=passed
# Reads the reference solution from disk and returns its answer. With namespaces the
# reference folder is covered by an empty file system inside the sandbox; without, this
# is the one way to pass without solving (docs/security.md says what each mode does).
from pathlib import Path


def dot(a, b):
    namespace = {}
    source = Path("@@REFERENCE@@", "lesson01_vectors.py").read_text(encoding="utf-8")
    exec(compile(source, "reference", "exec"), namespace)
    return namespace["dot"](a, b)
