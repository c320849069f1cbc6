"""The one family of errors the user is shown: one line on stderr and an exit code.

Anything in the package that finds the request itself unusable (an unknown lesson, a
file that cannot be written, a progress history that is not one) raises a
``GradeError``. Nothing below the command line prints or exits: the ``grade`` entry
point alone turns the error into its line and its exit code, as click does with its own
``ClickException``. This module imports nothing, so every layer may raise these.
"""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class GradeError(Exception):
    """A problem the user must fix; ``line()`` is what they read, ``exit_code`` what a script sees.

    ``label`` goes between ``grade:`` and the message: ``"error: "`` for the grading
    commands' one-line errors, ``""`` for the learner's commands, whose messages are
    whole, bilingual sentences.
    """

    exit_code: int = EXIT_USAGE
    label: str = "error: "

    def __init__(self, message: str, *, label: str | None = None, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if label is not None:
            self.label = label
        if exit_code is not None:
            self.exit_code = exit_code

    def line(self) -> str:
        return f"grade: {self.label}{self.message}"


class Refusal(GradeError):
    """A learner's command that cannot be done, said in a whole, bilingual sentence."""

    label = ""
