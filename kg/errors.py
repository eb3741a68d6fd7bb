"""kg's exceptions. The CLI maps each to an exit code and prints its message as is."""

from __future__ import annotations


class KgError(Exception):
    """Base class; str(exc) is a one-line message that says what is wrong and what to do."""

    exit_code = 2


class BadInput(KgError):
    """An input kg cannot use: a missing, empty, binary or malformed file, a bad query."""

    exit_code = 2


class ShapesViolated(KgError):
    """A graph does not conform to the shapes; nothing was written."""

    exit_code = 1

    def __init__(self, message: str, report: str = "") -> None:
        super().__init__(message)
        self.report = report
