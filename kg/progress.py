"""Progress of a long run on standard error: a bar drawn in place on a terminal (rich), a plain
line now and then anywhere else (a log file, CI), nothing with --quiet."""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO


class Progress:
    """Progress over `total` items (None: not known in advance, for streamed inputs). On a terminal
    a rich progress bar; otherwise a line "i/total item: status" ("i item: status") at most every
    `every` seconds, for the last item, and for every item whose status is not an ordinary one (or
    for every item with verbose)."""

    def __init__(
        self,
        total: int | None,
        *,
        label: str = "",
        quiet: bool = False,
        verbose: bool = False,
        stream: TextIO | None = None,
        every: float = 10.0,
        terminal: bool | None = None,
    ) -> None:
        self.total = total
        self.label = label
        self.quiet = quiet
        self.verbose = verbose
        self.stream = stream or sys.stderr
        self.every = every
        self.done = 0
        self._last = time.monotonic()
        isatty = getattr(self.stream, "isatty", lambda: False)
        self.terminal = (isatty() if terminal is None else terminal) and not quiet
        self._bar: object = None
        self._pending = ""  # the last line not yet shown

    def __enter__(self) -> Progress:
        if self.terminal:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Bar

            bar = Bar(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.fields[item]}"),
                console=Console(file=self.stream),
            )
            self._task = bar.add_task(self.label, total=self.total, item="")
            bar.start()
            self._bar = bar
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]
        elif self.total is None and self._pending and not self.quiet:
            print(self._pending, file=self.stream, flush=True)  # the last item of a streamed run

    def advance(self, item: str, status: str, *, ordinary: bool = True) -> None:
        """One more item done, with its status; an extraordinary status is always shown."""
        self.done += 1
        if self.quiet:
            return
        line = f"{self.done}/{self.total} {item}: {status}" if self.total else f"{self.done} {item}: {status}"
        if self._bar is not None:
            self._bar.update(self._task, advance=1, item=f"{item}: {status}")  # type: ignore[attr-defined]
            if not ordinary or self.verbose:
                self._bar.console.print(line, markup=False, highlight=False)  # type: ignore[attr-defined]
            return
        now = time.monotonic()
        if self.verbose or not ordinary or self.done == self.total or now - self._last >= self.every:
            print(line, file=self.stream, flush=True)
            self._last = now
            self._pending = ""
        else:
            self._pending = line
