# lesson: lesson02
# expect: l0_norm=failed, l1_norm=failed, l2_norm=passed, lp_norm=passed, l1_penalty=passed, l1_penalty_grad=passed, l2_penalty=passed, l2_penalty_grad=passed
# feedback: l0_norm=returned bool
# NumPy scalars of narrow or odd types: a bool for a count and a float16 fail; a float32
# holds the norm to within the course's tolerance (rtol 1e-7) and passes. The float16
# l1_norm is right only for the empty vector, an edge case that earns nothing while
# its values are wrong.
import numpy as np

_l0, _l1, _l2 = l0_norm, l1_norm, l2_norm


def l0_norm(x, tol=0.0):
    return np.bool_(_l0(x, tol) > 0)


def l1_norm(x):
    return np.float16(_l1(x))


def l2_norm(x):
    return np.float32(_l2(x))
