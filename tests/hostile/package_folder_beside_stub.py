# lesson: lesson01
# base: stub
# expect: dot=not_started, outer=not_started, hadamard=not_started, matmul=not_started
# The untouched stub, with a package folder of the same name holding the solution:
# Python's import finds lesson01_vectors/__init__.py first. The grader runs the file it
# read; the folder is never imported under the lesson's name.
import shutil


def plant(workspace, solutions):
    package = workspace / "lesson01_vectors"
    package.mkdir()
    shutil.copy(solutions / "lesson01_vectors.py", package / "__init__.py")
