# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# feedback: dot=obtained: 0.0
# score: dot=0.25, outer=0.6666666667, matmul=0.8
# (0.25: 0.0 is the right dot product of two empty vectors, earned honestly.)
# On its first call, finds the id of the request being answered (in the worker's memory)
# and writes a forged reply for it into the grader's connection, then returns a wrong
# value. The forged frame can only stand for this call (a lie about its own result); the
# real reply then names a call already answered and is dropped: no later observation is
# shifted onto the next call, and the other exercises are untouched.
import gc
import json
import os
import stat
import struct

_SENT = []


def dot(a, b):
    if not _SENT:
        _SENT.append(1)
        ident = next(o.call_id for o in gc.get_objects()
                     if type(o).__name__ == "Session" and hasattr(o, "call_id"))
        body = json.dumps({"id": ident, "value": 32.0, "type": "float", "mutated": [], "warnings": [],
                           "calls": {}, "aliases": [], "left_running": [], "elapsed": 0.0}).encode()
        for fd in range(3, 64):
            try:
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.write(fd, struct.pack(">I", len(body)) + body)
            except OSError:
                pass
    return 0.0
