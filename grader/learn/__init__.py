"""The learner's loop around the grader: start a workspace, find the next exercise, ask
for hints, watch files, reset a stub, see a reference. The ``grade`` commands for it are
in ``grader/cli/learn.py``; this package holds the logic, and does no printing."""
