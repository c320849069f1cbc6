# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=printed more than 1 MiB
# Prints megabytes in one go: the output cap stops it, the rest is dropped.


def dot(a, b):
    print("x" * (8 * 1024 * 1024))
    return 0.0
