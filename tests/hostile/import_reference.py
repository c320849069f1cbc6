# lesson: lesson01
# expect-isolated: dot=error, outer=failed, hadamard=passed, matmul=failed
# feedback-isolated: dot=FileNotFoundError
# expect-landlock: dot=error, outer=failed, hadamard=passed, matmul=failed
# feedback-landlock: dot=Permission denied
# expect-plain: dot=failed, outer=failed, hadamard=passed, matmul=failed
# score-isolated: outer=0.6666666667, matmul=0.8
# score-landlock: outer=0.6666666667, matmul=0.8
# score-plain: dot=0.75, outer=0.6666666667, matmul=0.8
# Imports the reference file as a module and calls its function by a name the source
# never spells (vars(m)["do" + "t"]), so no reading of the learner's source can see it.
# Confined, the reference cannot be opened at all.
import importlib.util


def dot(a, b):
    spec = importlib.util.spec_from_file_location("ref", "@@REFERENCE@@/lesson01_vectors.py")
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return vars(m)["do" + "t"](a, b)
