# lesson: lesson01
# expect-confined: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback-confined: dot=Permission denied
# expect-plain: dot=passed, outer=passed, hadamard=passed, matmul=passed
# Connects to a server on this machine (the test runs one) before answering right. With
# namespaces the sandbox has no network at all, not even loopback; Landlock refuses TCP
# connect and bind first (Permission denied).
import socket

_dot = dot


def dot(a, b):
    with socket.create_connection(("127.0.0.1", @@PORT@@), timeout=2) as conn:
        conn.sendall(b"hello")
    return _dot(a, b)
