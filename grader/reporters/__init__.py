"""Reporters: pure functions from result records to text. They never grade."""
