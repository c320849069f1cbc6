"""Tolerant numeric comparison with readable differences (``compare``)."""
