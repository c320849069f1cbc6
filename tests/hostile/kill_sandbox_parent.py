# lesson: lesson01
# modes: forked
# expect-confined: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback-confined: dot=raised PermissionError
# expect-plain: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback-plain: dot=ended the process running it
# Kills the zygote (the worker's parent) and returns a wrong value. Confined, the kill is
# refused (Landlock scopes signals to the worker's own processes; in namespaces the zygote
# is also PID 1, which ignores it). Without, the zygote dies, the worker with it, and the
# next exercise starts a new zygote.
import os
import signal
import time


def dot(a, b):
    os.kill(os.getppid(), signal.SIGKILL)
    time.sleep(0.5)
    return 0.0
