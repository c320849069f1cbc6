"""The one family of errors the user is shown: one line on stderr and an exit code.

Anything in the package that finds the request itself unusable (an unknown lesson, a
file that cannot be written, a progress history that is not one) raises a
``GradeError``. Nothing below the command line prints or exits: the ``grade`` entry
point alone turns the error into its line and its exit code, as click does with its own
``ClickException``. This module imports nothing, so every layer may raise these.
"""

from __future__ import annotations

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT: what shells and CI runners expect after Ctrl-C


class GradeError(Exception):
    """A problem the user must fix; ``line()`` is what they read, ``exit_code`` what a script sees.

    The message is a string, or a bilingual text (anything with ``get(lang)``, as
    ``grader.i18n.Text``) that the entry point shows in the user's language. ``label``
    goes between ``grade:`` and the message: ``"error: "`` for the grading commands'
    one-line errors, ``""`` for the learner's commands, whose messages are whole,
    bilingual sentences.
    """

    exit_code: int = EXIT_USAGE
    label: str = "error: "

    def __init__(self, message: object, *, label: str | None = None, exit_code: int | None = None) -> None:
        self.text = message if hasattr(message, "get") and not isinstance(message, str) else None
        self.message = self.text.get("en") if self.text is not None else str(message)  # type: ignore[attr-defined]
        super().__init__(self.message)
        if label is not None:
            self.label = label
        if exit_code is not None:
            self.exit_code = exit_code

    def line(self, lang: str = "en") -> str:
        message = self.text.get(lang) if self.text is not None else self.message  # type: ignore[attr-defined]
        label = _LABELS.get(self.label, self.label) if lang == "zh" else self.label
        return f"grade: {label}{message}"


_LABELS = {"error: ": "错误：", "warning: ": "警告："}


class Refusal(GradeError):
    """A learner's command that cannot be done, said in a whole, bilingual sentence."""

    label = ""
