# lesson: lesson01
# expect: dot=passed, outer=passed, hadamard=passed, matmul=error
# feedback: matmul=crashed with SIGSEGV
import ctypes


def matmul(A, B):
    return ctypes.string_at(0)
