# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=used more than 256 MiB of memory
# limits: memory=256MiB
# A list that grows without end: the address-space limit turns it into a MemoryError.
_KEEP = []


def dot(a, b):
    while True:
        _KEEP.append(bytearray(8 * 1024 * 1024))
