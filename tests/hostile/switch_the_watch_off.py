# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# feedback: dot=reaches into the running interpreter
# score: dot=0.75, outer=0.6666666667, matmul=0.8
# Finds the worker's watch by walking sys.modules (through __import__ with a computed name,
# which no reading resolves) and switches it off, then calls np.dot by a computed name. No
# watch inside the learner's process can stop code that edits that process: the file's
# means of reaching into the interpreter are read instead, and "built it yourself" fails.
import numpy as np

_system = __import__("s" + "ys")
_numpy = __import__("nu" + "mpy")


def dot(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError("dot needs two 1-D vectors of the same length")
    for module in list(_system.modules.values()):
        seen = getattr(module, "_Se" + "en", None)
        if seen is not None:
            seen.active = False
    return float(getattr(_numpy, "d" + "ot")(a.view(np.ndarray), b.view(np.ndarray)))
