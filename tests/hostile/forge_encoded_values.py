# lesson: lesson01
# expect: dot=error, outer=error, hadamard=error, matmul=error
# feedback: dot=returned a value the grader could not read
# Replaces the worker's encoder so every reply carries data the codec does not allow
# (an object-dtype array, a shape that does not match its bytes, a bogus tag). The
# grader decodes without trusting any of it. Exceptions still travel (they are not
# encoded values), so the ValueError checks still pass, but they earn nothing while no
# value is right: the score is 0.
import grader.sandbox.codec as codec
import grader.sandbox.worker as worker

_FORGED = iter([
    {"$t": "nd", "dtype": "|O8", "shape": [1], "data": "AAAAAAAAAAA="},
    {"$t": "nd", "dtype": "<f8", "shape": [1000, 1000], "data": "AAAAAAAAAAA="},
    {"$t": "np", "dtype": "<f8", "v": [1.0, 2.0]},
    {"$t": "pickle", "v": "gASVAAAAAAAAAAB9lC4="},
])


def _forge(value, store=None, depth=0, budget=None):
    try:
        return next(_FORGED)
    except StopIteration:
        return {"$t": "nd", "dtype": "<V8", "shape": [1], "data": "AAAAAAAAAAA="}


codec.encode = _forge
worker.codec.encode = _forge
