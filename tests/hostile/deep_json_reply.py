# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=sent the grader data it could not read
# Writes a well-formed frame into the grader's connection whose JSON is 100,000 brackets
# deep: json.loads would exhaust its recursion in the grader. Nesting is measured before
# parsing; that exercise is an error and the rest of the lesson is graded.
import os
import socket
import stat
import struct


def dot(a, b):
    body = b"[" * 100_000 + b"]" * 100_000
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack(">I", len(body)) + body)
        except OSError:
            pass
    return 0.0
