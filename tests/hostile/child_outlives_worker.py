# lesson: lesson01
# modes: forked
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# score: outer=0.6666666667, matmul=0.8
# gone: 987.6543
# Starts a daemon (double fork and setsid) that would outlive its worker, and one more
# in a new session through subprocess; both are killed when the worker is retired.
import os
import subprocess


def _daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.execv("/bin/sleep", ["sleep", "987.6543"])
        os._exit(0)


def dot(a, b):
    _daemon()
    subprocess.Popen(["/bin/sleep", "987.6543"], start_new_session=True,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return -1.0
