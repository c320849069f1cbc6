# lesson: lesson01
# modes: forked
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# score: dot=0.75, outer=0.6666666667, matmul=0.8
# gone: 876.5432
# The module starts a daemon as it is imported, and every function is right: the
# verdicts stand, and the daemon does not survive grading.
import os

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "876.5432"])
    os._exit(0)
