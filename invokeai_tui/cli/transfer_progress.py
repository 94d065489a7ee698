"""Progress of many files on stderr: a rich bar when stderr is a terminal, otherwise a plain line at
most once a second (and one at the end), so a log or a pipe is not flooded."""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

PLAIN_INTERVAL = 1.0


class PlainCount:
    def __init__(self, verb: str, total: int, say: Callable[[str], None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._verb, self._total, self._say, self._clock = verb, total, say, clock
        self._done = 0
        self._last = clock()

    def advance(self) -> None:
        self._done += 1
        now = self._clock()
        if now - self._last >= PLAIN_INTERVAL and self._done < self._total:
            self._last = now
            self._say(f"{self._verb} {self._done} of {self._total}")

    def close(self) -> None:
        pass


class BarCount:
    def __init__(self, verb: str, total: int, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        # rich would send what is printed on stdout through the bar's console (stderr): data then
        # leaves stdout. Only a stdout that is the terminal too may go round the bar that way.
        self._progress = Progress(TextColumn(verb), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                  console=Console(file=stream), transient=True,
                                  redirect_stdout=sys.stdout.isatty(), redirect_stderr=False)
        self._task = self._progress.add_task(verb, total=total)
        self._progress.start()

    def advance(self) -> None:
        self._progress.advance(self._task)

    def close(self) -> None:
        self._progress.stop()


def count_progress(verb: str, total: int, say: Callable[[str], None],
                   stream: TextIO | None = None) -> PlainCount | BarCount:
    stream = stream or sys.stderr
    return BarCount(verb, total, stream) if stream.isatty() else PlainCount(verb, total, say)
