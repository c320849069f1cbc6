"""The one family of errors the user is shown: one line on stderr and an exit code.

Anything in the package that finds the request itself unusable (an unknown lesson, a
file that cannot be written, a progress history that is not one, a workspace that cannot
be made, an instructor's roster, due date or CI option that cannot be used) raises a
``GradeError``, or one of its kinds (``ProgressError``, ``WorkspaceError``, ``BuildError``,
``BatchError``, ``CsvError``, ``DeadlineError``, ``SetupError``, ``GateError``, ...),
carrying its message in both languages. Nothing
below the command line prints, exits or picks the language: the ``grade`` entry point
alone turns the error into its line, in the learner's language, and its exit code, as
click does with its own ``ClickException``. This module imports nothing of the grader but
its bilingual text, so every layer may raise these.
"""

from __future__ import annotations

from grader.i18n import Text, plain

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT: what shells and CI runners expect after Ctrl-C


class GradeError(Exception):
    """A problem the user must fix; ``line(lang)`` is what they read, ``exit_code`` what a script sees.

    ``text`` is the message in both languages: a ``Text`` (a string is taken as the same
    in both, for words that have no translation). ``label`` goes between ``grade:`` and the message:
    ``"error: "`` for the grading commands' one-line errors, ``""`` for the learner's
    commands, whose messages are whole, bilingual sentences (``Refusal``).
    """

    exit_code: int = EXIT_USAGE
    label: str = "error: "

    def __init__(self, message: Text | str, *, label: str | None = None, exit_code: int | None = None) -> None:
        self.text = message if isinstance(message, Text) else plain(str(message))
        super().__init__(self.text.en)
        if label is not None:
            self.label = label
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        """The message in English (``str(error)`` too)."""
        return self.text.en

    def line(self, lang: str = "en") -> str:
        label = _LABELS.get(self.label, self.label) if lang == "zh" else self.label
        return f"grade: {label}{self.text.get(lang)}"


_LABELS = {"error: ": "错误：", "warning: ": "警告："}


class Refusal(GradeError):
    """A learner's command that cannot be done, said in a whole, bilingual sentence."""

    label = ""
