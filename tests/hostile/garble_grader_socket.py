# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=sent the grader data it could not read
# Writes a forged frame header (a 4 GiB frame) into the grader's connection.
import os
import socket
import stat


def dot(a, b):
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, b"\xff\xff\xff\xffgarbage")
        except OSError:
            pass
    return 0.0
