# lesson: lesson01
# expect: dot=error, outer=failed, hadamard=passed, matmul=error
# feedback: dot=raised RuntimeError
# Terminal control sequences in everything a learner can make the grader show: printed
# output (clear the screen, retitle the window, move the cursor up and fake a "passed"
# line, carriage-return overwrites), an exception message, a value's repr and an
# exception class's name. tests/test_terminal_escapes.py checks that none of it reaches
# the terminal raw.
import sys

_CLEAR = "\x1b[2J\x1b[H"
_TITLE = "\x1b]0;pwned\x07"
_FAKE = "\x1b[1A\x1b[2K\r  passed       dot                          1/1"
_BLINK = "\x1b[5;35m"  # an SGR code the grader never uses
_C1 = "\x9b2J"  # CSI as one C1 character
_BIDI = "\u202e"  # right-to-left override

print(_CLEAR + _TITLE + "printed at import" + _FAKE)
print(_BLINK + "blinking" + "\x1b[0m", file=sys.stderr)


def dot(a, b):
    print("\r" * 3 + "overwritten" + _C1 + _BIDI)
    raise RuntimeError(_CLEAR + _TITLE + "boom" + _FAKE + _BLINK + "\x07\x08\x00")


class Shouting:
    def __repr__(self):
        return _CLEAR + _BLINK + "repr" + _TITLE + _FAKE


def outer(a, b):
    return Shouting()


def hadamard(a, b):
    import numpy as np

    print(_TITLE + _BLINK + "working hard" + _FAKE)
    if np.shape(a) != np.shape(b):
        raise ValueError(_BIDI + "shapes differ" + _CLEAR)
    return np.asarray(a, dtype=float) * np.asarray(b, dtype=float)


def matmul(A, B):
    raise type("Evil" + _CLEAR + _BLINK, (Exception,), {})(_TITLE + "class name")
