# lesson: lesson01
# base: stub
# expect: dot=error, outer=error, hadamard=error, matmul=error
# feedback: dot=could not be read in the sandbox
# The lesson file is a hard link to the reference (the same file under another name, which
# no covering of the reference folder hides), and lesson02's a symbolic link to it. The
# grader sends the worker no source that is a reference in disguise: nothing is imported.
import os


def plant(workspace, solutions):
    lesson = workspace / "lesson01_vectors.py"
    lesson.unlink()
    try:
        os.link(solutions / "lesson01_vectors.py", lesson)
    except OSError:  # another file system: a symbolic link then
        lesson.symlink_to(solutions / "lesson01_vectors.py")
    (workspace / "lesson02_norms.py").unlink()
    (workspace / "lesson02_norms.py").symlink_to(solutions / "lesson02_norms.py")
