# lesson: lesson01
# modes: forked
# expect: dot=passed, outer=passed, hadamard=passed, matmul=passed
# gone: 876.5432
# The module starts a daemon as it is imported, and every function is right: the
# verdicts stand, and the daemon does not survive grading.
import os

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execv("/bin/sleep", ["sleep", "876.5432"])
    os._exit(0)
