# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=error
# feedback: matmul=crashed with SIGSEGV
# score: dot=0.75, outer=0.6666666667
import ctypes


def matmul(A, B):
    return ctypes.string_at(0)
