# lesson: lesson01
# base: stub
# expect: dot=not_started, outer=not_started, hadamard=not_started, matmul=not_started
# The untouched stub, with the solution compiled into __pycache__ beside it: an
# unchecked-hash .pyc (never compared with its source) and a timestamp .pyc forged to
# the stub's size and mtime. Python's import would run the solution; the grader runs
# the bytes it read, so the stub is what it is: not started.
import importlib.util
import py_compile
import shutil
import sys


def plant(workspace, solutions):
    lesson = workspace / "lesson01_vectors.py"
    cache = workspace / "__pycache__"
    cache.mkdir(exist_ok=True)
    tag = sys.implementation.cache_tag
    unchecked = cache / f"lesson01_vectors.{tag}.pyc"
    py_compile.compile(str(solutions / "lesson01_vectors.py"), cfile=str(unchecked), doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    # A timestamp .pyc that claims to be the stub's: its header carries the stub's mtime and size.
    timestamp = cache / f"lesson01_vectors.{tag}.opt-1.pyc"
    stat = lesson.stat()
    source = (solutions / "lesson01_vectors.py").read_bytes()
    code = compile(source, str(lesson), "exec")
    data = importlib._bootstrap_external._code_to_timestamp_pyc(code, int(stat.st_mtime), stat.st_size)
    timestamp.write_bytes(data)
    shutil.copy(unchecked, workspace / "lesson01_vectors.pyc")  # a sourceless twin as well
