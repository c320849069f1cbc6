# lesson: lesson01
# expect: dot=passed, outer=timeout, hadamard=passed, matmul=passed
# feedback: outer=timed out after 1.5 s in outer
# limits: timeout=1.5
# dot arms a timer whose handler would break a later call, and blocks SIGXCPU; outer
# ignores SIGTERM, SIGINT and SIGXCPU and loops. Handlers and timers are reset after
# every call, and the worker is killed with SIGKILL, which nothing can ignore.
import signal

_dot = dot


def _boom(signum, frame):
    raise RuntimeError("a timer set by an earlier call")


def dot(a, b):
    signal.signal(signal.SIGALRM, _boom)
    signal.setitimer(signal.ITIMER_REAL, 1.0, 0.1)
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGXCPU})
    return _dot(a, b)


def outer(a, b):
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    while True:
        pass
