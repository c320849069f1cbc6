# lesson: lesson01
# expect: dot=error, outer=error, hadamard=error, matmul=error
# feedback: dot=importing lesson01_vectors.py exited the process (sys.exit(None))
raise SystemExit
