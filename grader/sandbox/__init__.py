"""Running learner code in a child process, under limits, and bringing back observations.

A *zygote* process starts once per grading run with NumPy imported and nothing of the
course loaded; each lesson is run in a *worker* forked from it, so every lesson starts
clean at the cost of a fork rather than a new interpreter. Workers answer requests
("import the module", "call dot with these arguments") with *observations*: encoded
return values, raised exceptions, warnings, and the calls that grader-supplied callables
received. The parent decodes them with a codec that builds only plain data, and alone
holds the reference solutions and decides verdicts.
"""
