# lesson: lesson01
# expect-confined: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback-confined: dot=Permission denied
# expect-plain: dot=passed, outer=passed, hadamard=passed, matmul=passed
# Reads a file the lesson does not need, beside the reference folder (the project's
# pyproject.toml; its git history would hold the references too), then answers right.
# Confined, Landlock lets learner code read only Python, the grader's package, its
# workspace and a few system files.
from pathlib import Path

_dot = dot


def dot(a, b):
    Path("@@REFERENCE@@", "..", "pyproject.toml").read_bytes()
    return _dot(a, b)
