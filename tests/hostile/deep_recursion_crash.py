# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=crashed with SIGSEGV
# Lifts the recursion limit and recurses through a C function (map), so every level
# also takes C stack, until the C stack overflows.
import sys


def _down(n):
    return list(map(_down, [n + 1]))


def dot(a, b):
    sys.setrecursionlimit(10**8)
    return _down(0)
