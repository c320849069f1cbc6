# lesson: lesson01
# expect-isolated: dot=error, outer=failed, hadamard=passed, matmul=failed
# feedback-isolated: dot=FileNotFoundError
# expect-landlock: dot=error, outer=failed, hadamard=passed, matmul=failed
# feedback-landlock: dot=Permission denied
# expect-plain: dot=failed, outer=failed, hadamard=passed, matmul=failed
# score-isolated: outer=0.6666666667, matmul=0.8
# score-landlock: outer=0.6666666667, matmul=0.8
# score-plain: dot=0.75, outer=0.6666666667, matmul=0.8
# Finds the grader's own package with importlib.util.find_spec("grader") and reads the
# references that sit beside it: the packaged copy grader/_materials/solutions of an
# installed wheel, or the project's solutions/ of a clone. Every copy the grader knows of
# is covered (namespaces) or left out of the Landlock rules; plain mode hides nothing.
import importlib.util
from pathlib import Path


def dot(a, b):
    package = Path(importlib.util.find_spec("grader").origin).parent
    for folder in (package / "_materials" / "solutions", package.parent / "solutions"):
        if folder.is_dir():
            break
    namespace = {}
    source = (folder / "lesson01_vectors.py").read_text(encoding="utf-8")
    exec(compile(source, "reference", "exec"), namespace)
    return namespace["dot"](a, b)
