# lesson: lesson01
# expect: dot=passed, outer=error, hadamard=passed, matmul=passed
# feedback: outer=exited the process (os._exit(3)
import os


def outer(a, b):
    os._exit(3)
