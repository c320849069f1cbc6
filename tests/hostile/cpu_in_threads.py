# lesson: lesson01
# expect: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=used more than 1 s of CPU time
# limits: timeout=8, cpu=1
# Burning CPU in threads: the CPU-time limit ends it before the wall clock does.
import threading


def _burn():
    while True:
        pass


def dot(a, b):
    for _ in range(3):
        threading.Thread(target=_burn, daemon=True).start()
    _burn()
