# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=wrote a file larger than 64 MiB
# Writes past the file-size limit in its scratch folder.


def dot(a, b):
    with open("big.bin", "wb") as handle:
        for _ in range(100):
            handle.write(b"\0" * (1024 * 1024))
    return 0.0
