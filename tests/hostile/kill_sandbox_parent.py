# lesson: lesson01
# expect-isolated: dot=failed, outer=passed, hadamard=passed, matmul=passed
# expect-plain: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback-plain: dot=ended the process running it
# Kills the zygote (the worker's parent) and returns a wrong value. With namespaces the
# zygote is PID 1 of the sandbox and the signal is ignored: dot is simply wrong. Without,
# the zygote dies, the worker with it, and the next exercise starts a new zygote.
import os
import signal
import time


def dot(a, b):
    os.kill(os.getppid(), signal.SIGKILL)
    time.sleep(0.5)
    return 0.0
