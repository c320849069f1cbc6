# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=raised KeyboardInterrupt


def dot(a, b):
    raise KeyboardInterrupt
