# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=sent the grader data it could not read
# limits: memory=1GiB
# Sends a 255 MiB frame of tiny JSON parts into the grader's connection (as JSON, gigabytes
# of Python objects). Its header alone is refused, before any of it is read.
import os
import socket
import stat
import struct


def dot(a, b):
    size = 255 * 1024 * 1024
    chunk = b"0," * (1 << 19)
    for fd in range(3, 64):
        try:
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.write(fd, struct.pack(">I", size) + b"[")
                sent = 1
                while sent < size:
                    sent += os.write(fd, chunk[: size - sent])
        except OSError:
            pass
    return 0.0
