# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=recursed too deeply (RecursionError)


def dot(a, b):
    return dot(a, b)
