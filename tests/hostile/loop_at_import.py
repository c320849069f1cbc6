# lesson: lesson01
# expect: dot=timeout, outer=timeout, hadamard=timeout, matmul=timeout
# feedback: dot=importing lesson01_vectors.py took longer than 1.5 s
# limits: timeout=1.5
# Top-level code that never finishes: the import itself times out.
while True:
    pass
