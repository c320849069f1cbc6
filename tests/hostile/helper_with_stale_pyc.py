# lesson: lesson01
# expect: dot=failed, outer=passed, hadamard=passed, matmul=passed
# feedback: dot=dot
# dot comes from the learner's own helper.py, which computes nothing; its __pycache__
# holds a .pyc of a helper that does the maths (unchecked hash), and a helper2.pyc has
# no source at all. Helper modules are imported from their source only.
import py_compile
import sys


def dot(a, b):
    from helper import dot as helper_dot
    try:
        import helper2
        return helper2.dot(a, b)
    except ImportError:
        return helper_dot(a, b)


def plant(workspace, solutions):
    (workspace / "helper.py").write_text("def dot(a, b):\n    return 0.0\n", encoding="utf-8")
    real = workspace / "real_helper_source.txt"
    real.write_text("import numpy as np\n\ndef dot(a, b):\n    return float(np.dot(np.asarray(a, float), "
                    "np.asarray(b, float)))\n", encoding="utf-8")
    cache = workspace / "__pycache__"
    cache.mkdir(exist_ok=True)
    py_compile.compile(str(real), cfile=str(cache / f"helper.{sys.implementation.cache_tag}.pyc"),
                       doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    py_compile.compile(str(real), cfile=str(workspace / "helper2.pyc"), doraise=True)
    real.unlink()
