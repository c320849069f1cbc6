# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# score: dot=0.75, outer=0.6666666667, matmul=0.8
# A right answer that changes its input in place, hidden by patching the worker's
# "unchanged" test. Whether a call changed its inputs is observed inside the worker, so
# code that patches the worker can misreport it, as it can misreport what it returns:
# an observation about its own call, never the expected value or the comparison. This
# case documents that limit (docs/security.md); the values are still checked in full.
import numpy as np

import grader.sandbox.worker as worker

worker._unchanged = lambda before, after: True
_hadamard = hadamard


def hadamard(a, b):
    result = _hadamard(a, b)
    if isinstance(a, np.ndarray) and a.flags.writeable:
        a[...] = 0.0
    return result
