# lesson: lesson01
# expect: dot=timeout, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=timed out after 1.5 s in dot
# limits: timeout=1.5
# An endless loop: the worker is killed at the deadline, the other exercises still grade.


def dot(a, b):
    while True:
        pass
