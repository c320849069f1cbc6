# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=raised MemoryError itself
# A MemoryError raised by hand is not the memory limit: the verdict says which it was.


def dot(a, b):
    raise MemoryError("pretend")
