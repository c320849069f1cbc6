# lesson: lesson01
# expect-isolated: dot=error, outer=failed, hadamard=passed, matmul=failed
# feedback-isolated: dot=FileNotFoundError
# expect-landlock: dot=error, outer=failed, hadamard=passed, matmul=failed
# feedback-landlock: dot=Permission denied
# expect-plain: dot=failed, outer=failed, hadamard=passed, matmul=failed
# score-isolated: outer=0.6666666667, matmul=0.8
# score-landlock: outer=0.6666666667, matmul=0.8
# score-plain: dot=0.75, outer=0.6666666667, matmul=0.8
# Reads the reference solution from disk and returns its answer. With namespaces the
# reference folder is covered by an empty file system inside the sandbox; without, this
# is the one way to pass without solving (docs/security.md says what each mode does).
from pathlib import Path


def dot(a, b):
    namespace = {}
    source = Path("@@REFERENCE@@", "lesson01_vectors.py").read_text(encoding="utf-8")
    exec(compile(source, "reference", "exec"), namespace)
    return namespace["dot"](a, b)
