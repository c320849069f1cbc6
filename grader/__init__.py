"""A grader for a self-checking course in the mathematics of deep learning.

The package never imports a learner's code into its own process: see ``grader.sandbox``.
"""

__version__ = "0.1.0"
