"""Collect a lesson's checks, run them against the learner's code, fold verdicts."""
