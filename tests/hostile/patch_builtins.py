# lesson: lesson01
# expect: dot=error, outer=error, hadamard=error, matmul=error
# feedback: dot=importing lesson01_vectors.py broke the worker process
# Replaces isinstance, issubclass and type checks in builtins at import time. The
# worker's own encoding breaks (its outputs become unreadable), never the verdicts.
import builtins

builtins.isinstance = lambda obj, cls: True
builtins.issubclass = lambda cls, base: True
builtins.callable = lambda obj: True
