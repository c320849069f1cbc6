# lesson: lesson01
# expect: dot=passed, outer=timeout, hadamard=passed, matmul=passed
# feedback: outer=timed out after 1.5 s in outer
# limits: timeout=1.5
# Sleeping uses no CPU: only the wall clock catches it.
import time


def outer(a, b):
    time.sleep(1000)
