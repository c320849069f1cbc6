# lesson: lesson01
# expect: dot=passed, outer=passed, hadamard=passed, matmul=passed
# Writes and deletes files in the folder it starts in (its scratch folder) and in
# $TMPDIR: allowed, and harmless.
import os
import tempfile

_dot = dot


def dot(a, b):
    with open("notes.txt", "w", encoding="utf-8") as handle:
        handle.write("scratch")
    os.remove("notes.txt")
    with tempfile.NamedTemporaryFile() as handle:
        handle.write(b"x" * 1000)
    return _dot(a, b)
