# lesson: lesson01
# expect: dot=failed, outer=failed, hadamard=passed, matmul=failed
# score: outer=0.6666666667, matmul=0.8
# Imports the grader's own comparison and check modules inside the worker and makes
# them accept anything, then returns a wrong dot. Those copies live in the worker; the
# grader compares in its own process.
import grader.checks.common
import grader.numeric.compare
import grader.engine.context

grader.numeric.compare.close = lambda *args, **kwargs: True
grader.numeric.compare.expect_scalar = lambda *args, **kwargs: None
grader.numeric.compare.expect_array = lambda *args, **kwargs: None
grader.checks.common.agrees = lambda *args, **kwargs: None
grader.checks.common.compare = lambda *args, **kwargs: None
grader.engine.context.Context.expect_raises = lambda *args, **kwargs: None


def dot(a, b):
    return 42.0
