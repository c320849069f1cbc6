# lesson: lesson02
# expect: l0_norm=failed, l1_norm=failed, l2_norm=failed, lp_norm=failed, l1_penalty=passed, l1_penalty_grad=passed, l2_penalty=passed, l2_penalty_grad=passed
# A __repr__ that raises, one that is megabytes long, a callable, and a generator.


class BadRepr:
    def __repr__(self):
        raise RuntimeError("no repr for you")


class LongRepr:
    def __repr__(self):
        return "9" * 10_000_000


def l0_norm(x, tol=0.0):
    return BadRepr()


def l1_norm(x):
    return LongRepr()


def l2_norm(x):
    return lambda: 1.0


def lp_norm(x, p):
    return (v for v in [1.0])
