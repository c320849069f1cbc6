# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=used more than 256 MiB of memory
# limits: memory=256MiB
# Fills the memory, catches the MemoryError, keeps the memory and returns a large list:
# there is no room left to build or send it, and the verdict is the memory limit.
_KEEP = []


def dot(a, b):
    try:
        while True:
            _KEEP.append(bytearray(1024 * 1024))
    except MemoryError:
        pass
    try:
        while True:
            _KEEP.append(bytearray(1024))
    except MemoryError:
        pass
    return [0.5] * 100_000
