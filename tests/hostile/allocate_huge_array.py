# lesson: lesson01
# expect: dot=passed, outer=error, hadamard=passed, matmul=passed
# feedback: outer=used more than 1 GiB of memory
# One enormous NumPy allocation, refused at once by the memory limit.
import numpy as np


def outer(a, b):
    return np.ones((200_000, 200_000))
