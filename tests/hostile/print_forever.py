# lesson: lesson01
# expect: dot=passed, outer=passed, hadamard=error, matmul=passed
# feedback: hadamard=printed more than 1 MiB
# Prints without end (to stdout and stderr): stopped at the output cap, not the timeout.
import sys


def hadamard(a, b):
    while True:
        print("spam " * 20)
        sys.stderr.write("eggs " * 20 + "\n")
