# lesson: lesson01
# modes: isolated
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=raised ProcessLookupError
# Sends SIGKILL to every process it may signal (kill(-1)). Graded only inside the
# sandbox's PID namespace, where there is no such process: the grader, the zygote (PID 1)
# and the rest of the machine are out of reach. (Outside a PID namespace this would kill
# every process of the user, so it checks where it is first.)
import os
import signal


def dot(a, b):
    if os.getppid() == 1:  # the zygote is PID 1 only in the sandbox's own namespace
        os.kill(-1, signal.SIGKILL)
    return 0.0
