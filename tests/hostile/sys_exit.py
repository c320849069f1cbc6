# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=exited the process (sys.exit(3))
import sys


def dot(a, b):
    sys.exit(3)
