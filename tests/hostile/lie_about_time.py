# lesson: lesson12
# expect: train_xor=timeout, fit_curve=not_started
# feedback: train_xor=timed out after 3 s in train_xor
# limits: timeout=6
# Freezes the worker's clocks, then trains for longer than the 3 s limit: the grader's
# own clock decides.
import time as _time

_train_xor = train_xor
_sleep = _time.sleep


def train_xor(seed=0):
    for name in ("perf_counter", "monotonic", "time", "process_time"):
        setattr(_time, name, lambda: 0.0)
    _sleep(4.0)
    return _train_xor(seed)


def fit_curve(x, y, seed=0):
    raise NotImplementedError
