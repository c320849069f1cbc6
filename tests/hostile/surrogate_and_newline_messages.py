# lesson: lesson01
# expect: dot=error, outer=error, hadamard=error, matmul=passed
# feedback: dot=x\ud800y
# feedback: outer=\npassed
# feedback: hadamard=\u202e
# Raises exceptions whose messages hold a lone surrogate, a line break followed by a fake
# "passed ... 4/4" line, bidi overrides and zero-width characters. Every output shows them
# escaped on the message's own line; nothing crashes writing them.


def dot(a, b):
    raise ValueError("x\ud800y")


def outer(u, v):
    raise ValueError("oops\npassed       outer                        1/1\n  4/4 exercises passed, score 4/4")


def hadamard(A, B):
    raise ValueError("right\u202eto left\u200b\u2066 and \u2028 more")
