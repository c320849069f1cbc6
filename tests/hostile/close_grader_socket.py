# lesson: lesson01
# expect: dot=passed, outer=error, hadamard=passed, matmul=passed
# feedback: outer=broke the worker process that runs it
# Closes every file descriptor it did not open, the grader's connection included.
import os


def outer(a, b):
    os.closerange(3, 4096)
    return None
