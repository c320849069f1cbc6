"""The grader in a classroom: CI outputs, CI set-up, the student repository, batch grading.

Everything here sits at the edge: it writes files, starts processes and reads the
environment, and uses the same API, records and reporters as ``grade`` itself.
"""
