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


def describe(exc: BaseException) -> KgError:
    """A library's exception that reaches the command line, as kg's error with a one-line message.
    Known causes are bad input (exit 2); anything else is a bug in kg (exit 3), reported in one line
    too (KG_DEBUG=1 shows the traceback)."""
    msg = " ".join(str(exc).split())[:300]
    if isinstance(exc, RuntimeError) and ("Corruption" in msg or "corrupt" in msg.lower()):
        return BadInput(
            f"the store is damaged ({msg}); rebuild it from the articles with `kg build ARTICLES --store DIR`"
        )
    if isinstance(exc, MemoryError):
        return BadInput("kg ran out of memory; give it smaller inputs (fewer or shorter articles, a narrower query)")
    err = KgError(
        f"internal error ({type(exc).__name__}: {msg}); this is a bug in kg: please report it with the input "
        "that caused it (KG_DEBUG=1 shows the traceback)"
    )
    err.exit_code = 3
    return err
