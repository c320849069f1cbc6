# lesson: lesson01
# expect-confined: dot=error, outer=passed, hadamard=passed, matmul=passed
# feedback-confined: dot=Permission denied
# expect-plain: dot=passed, outer=passed, hadamard=passed, matmul=passed
# Sends a UDP datagram to this machine (the port of the test's TCP server) before
# answering right. Landlock has no rule for UDP: confined, a seccomp filter refuses every
# network socket (namespaces would also leave nothing to reach).
import socket

_dot = dot


def dot(a, b):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.sendto(b"hello", ("127.0.0.1", @@PORT@@))
    return _dot(a, b)
