# lesson: lesson01
# expect: dot=passed, outer=passed, hadamard=passed, matmul=passed
# A right dot that leaves a thread waiting forever and another burning CPU: the grader
# finishes, and the next exercise starts in a fresh worker.
import threading

_dot = dot


def _spin():
    while True:
        pass


def dot(a, b):
    threading.Thread(target=threading.Event().wait).start()
    threading.Thread(target=_spin, daemon=True).start()
    return _dot(a, b)
