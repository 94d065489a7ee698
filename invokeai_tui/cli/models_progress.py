"""An install job's progress on stderr: a rich progress bar when stderr is a terminal, plain lines
otherwise (a log file or a pipe gets one line per change of state, and one per second at most while
downloading)."""

from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

from rich.filesize import decimal as size_text

from ..client import ModelInstallJob

PLAIN_INTERVAL = 1.0  # seconds between two "downloading" lines
# A REST poll can say "running" before the event that said "downloads_done" is read: never step back.
STATUS_ORDER = ("waiting", "downloading", "downloads_done", "running")


def amount(job: ModelInstallJob) -> str:
    if job.total_bytes:
        return f"{size_text(job.bytes)} of {size_text(job.total_bytes)} ({100 * job.bytes // job.total_bytes}%)"
    return size_text(job.bytes) if job.bytes else ""


class PlainProgress:
    """One line per new status, and a download's bytes at most once a second."""

    def __init__(self, say: Callable[[str], None], clock: Callable[[], float] = time.monotonic) -> None:
        self._say = say
        self._clock = clock
        self._status: str | None = None
        self._last_line = 0.0

    def update(self, job: ModelInstallJob) -> None:
        now = self._clock()
        if self._rank(job.status) < self._rank(self._status):
            return
        new_status = job.status != self._status
        if not new_status and not (job.status == "downloading" and now - self._last_line >= PLAIN_INTERVAL):
            return
        self._status, self._last_line = job.status, now
        how_much = amount(job) if job.status in ("downloading", "downloads_done") else ""
        self._say(f"job {job.id}: {job.status}{' ' + how_much if how_much else ''}")

    @staticmethod
    def _rank(status: str | None) -> int:
        if status is None:
            return -1
        return STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER)

    def close(self) -> None:
        pass


class BarProgress:
    """A rich bar with bytes, speed and time left; the status is its label."""

    def __init__(self, stream: TextIO) -> None:
        from rich.console import Console
        from rich.progress import (BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn,
                                   TransferSpeedColumn)

        self._progress = Progress(
            TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
            TimeRemainingColumn(), console=Console(file=stream), transient=False,
            redirect_stdout=False,  # stdout is the data (the model's key): never into the bar on stderr
        )
        self._task = self._progress.add_task("waiting", total=None)
        self._progress.start()

    def update(self, job: ModelInstallJob) -> None:
        total = job.total_bytes or None
        completed = job.bytes if total else 0
        if job.is_completed and total:
            completed = total
        self._progress.update(self._task, description=f"job {job.id} {job.status}",
                              total=total, completed=completed)

    def close(self) -> None:
        self._progress.stop()


def progress_for(say: Callable[[str], None], stream: TextIO | None = None) -> PlainProgress | BarProgress:
    stream = stream or sys.stderr
    if stream.isatty():
        return BarProgress(stream)
    return PlainProgress(say)
