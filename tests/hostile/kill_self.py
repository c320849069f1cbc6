# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=crashed with SIGKILL
import os
import signal


def dot(a, b):
    os.kill(os.getpid(), signal.SIGKILL)
