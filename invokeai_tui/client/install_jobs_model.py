"""The server's model install jobs as data: one record per job, its download speed and time left,
and which jobs just finished.

Headless (no Textual), like ``queue_model.py``: the app's live-server service feeds it typed events
(``apply``) and the server's job list (``apply_snapshot``); each call returns an ``InstallChange``
saying what changed. Jobs that finished since the last call are collected in ``finished`` (the
service announces them and reloads the model list) until ``take_finished``.

After a server restart a job that was still running is gone from the server's list: the server
either brought it back as a new, paused job with the same source (then that row says so), or it is
kept here as LOST (with a sentence saying so) so the person sees what became of it, until pruned.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from enum import Flag, auto
from typing import Any, Callable

from .events import (
    DownloadCompleteEvent,
    DownloadEventBase,
    DownloadProgressEvent,
    ModelInstallEventBase,
)
from .model_install_errors import install_job_error
from .model_install_job import STATUS_BY_EVENT, job_after_event
from .records import InstallStatus, ModelInstallJob

LOST = "lost"  # our own status: the server no longer knows a job that had not finished
SPEED_WINDOW_SECONDS = 5.0  # the speed is the average over the last few seconds
LOST_TEXT = ("The server no longer knows this job (it restarted, or the job was pruned elsewhere): "
             "list the models to see whether it got installed.")


def _urls(job: ModelInstallJob) -> set[str]:
    """The URLs a job downloads (a job drawn from an event has its source as a plain string)."""
    if isinstance(job.source, str) and "://" in job.source:
        return job.source_urls | {job.source}
    return job.source_urls


class InstallChange(Flag):
    NONE = 0
    ROWS = auto()  # a job's record changed, or jobs came or went
    FINISHED = auto()  # a job completed, failed or was cancelled (see ``finished``)
    NEEDS_RESYNC = auto()  # an event about a job we do not know: read the list from the server


@dataclass
class JobRow:
    """One job as the list shows it: the server's record and what the app measured."""

    job: ModelInstallJob
    lost: bool = False
    restored_from: int | None = None  # the job a restarted server brought back as this one
    seen_running: bool = False  # it ran, or started, while the app was watching
    samples: deque = field(default_factory=lambda: deque(maxlen=50))  # (monotonic time, bytes)

    @property
    def id(self) -> int:
        return self.job.id

    @property
    def key(self) -> str:
        return f"lost-{self.id}" if self.lost else str(self.id)

    @property
    def status(self) -> str:
        return LOST if self.lost else str(self.job.status)

    @property
    def is_done(self) -> bool:
        return self.lost or self.job.is_done

    @property
    def source(self) -> str:
        return self.job.source_text

    @property
    def error_text(self) -> str | None:
        """Why it failed, as the server said it (in a sentence), or None."""
        if self.lost:
            return LOST_TEXT
        if self.job.is_failed:
            err = install_job_error(self.job)
            return str(err) if err else (self.job.error or "failed")
        return None

    @property
    def note(self) -> str | None:
        """What a person should know about a job that has not failed (paused, restored)."""
        restored = (f"The server restarted during job {self.restored_from} and brought it back as this one. "
                    if self.restored_from is not None else "")
        if self.job.status == InstallStatus.PAUSED and not self.lost:
            return restored + "It is paused: r resumes the download."
        return restored or None

    @property
    def speed(self) -> float | None:
        """Bytes a second over the last few seconds while downloading, else None."""
        if self.status != InstallStatus.DOWNLOADING or len(self.samples) < 2:
            return None
        (t0, b0), (t1, b1) = self.samples[0], self.samples[-1]
        if t1 - t0 <= 0 or b1 <= b0:
            return None
        return (b1 - b0) / (t1 - t0)

    @property
    def seconds_left(self) -> float | None:
        speed = self.speed
        if speed is None or not self.job.total_bytes:
            return None
        return max(0.0, (self.job.total_bytes - self.job.bytes) / speed)

    def record_bytes(self, now: float) -> None:
        if not self.job.is_done:
            self.seen_running = True
        if self.status != InstallStatus.DOWNLOADING:
            self.samples.clear()  # the time spent waiting is not download time
            return
        if self.samples and self.samples[-1][1] == self.job.bytes:
            return
        if self.samples and self.samples[-1][0] == now:
            self.samples.pop()
        self.samples.append((now, self.job.bytes))
        while len(self.samples) > 2 and now - self.samples[0][0] > SPEED_WINDOW_SECONDS:
            self.samples.popleft()


@dataclass
class InstallJobsModel:
    clock: Callable[[], float] = time.monotonic
    rows: dict[int, JobRow] = field(default_factory=dict)
    finished: list[JobRow] = field(default_factory=list)
    lost_rows: list[JobRow] = field(default_factory=list)  # unfinished jobs a restarted server forgot
    synced: bool = False  # a first list was read (jobs done before it are not news)

    # -- reading ---------------------------------------------------------------------------------
    def shown_rows(self) -> list[JobRow]:
        """The server's jobs, newest first, then the lost ones."""
        return [self.rows[i] for i in sorted(self.rows, reverse=True)] + list(reversed(self.lost_rows))

    def row(self, job_id: int | None) -> JobRow | None:
        """A job the server has, by id."""
        return self.rows.get(job_id) if job_id is not None else None

    def row_by_key(self, key: str | None) -> JobRow | None:
        """A shown row by its ``JobRow.key`` (a lost job's id may belong to a new job now)."""
        return next((row for row in self.shown_rows() if row.key == key), None)

    @property
    def has_news(self) -> bool:
        """Something ran, or is running, while the app watched (jobs finished before it started, like
        a server's own installs at start-up, are not worth a pane of their own)."""
        return bool(self.lost_rows) or any(row.seen_running for row in self.rows.values())

    @property
    def has_finished_rows(self) -> bool:
        return bool(self.lost_rows) or any(row.is_done for row in self.rows.values())

    def take_finished(self) -> list[JobRow]:
        finished, self.finished = self.finished, []
        return finished

    # -- events ------------------------------------------------------------------------------------
    def apply(self, event: Any) -> InstallChange:
        if isinstance(event, ModelInstallEventBase):
            return self._job_event(event)
        if isinstance(event, DownloadEventBase):
            return self._download_event(event)
        return InstallChange.NONE

    def _job_event(self, event: ModelInstallEventBase) -> InstallChange:
        if type(event) not in STATUS_BY_EVENT or event.id is None:
            return InstallChange.NONE
        row = self.rows.get(event.id)
        if row is None:
            # A job started elsewhere (or just now): drawn from the event at once, its whole record
            # read from the server soon (a small download can be over before that answer comes).
            row = self.rows[event.id] = JobRow(ModelInstallJob(id=event.id, source=event.source))
            return self._replace(row, job_after_event(row.job, event)) | InstallChange.NEEDS_RESYNC
        if row.is_done:
            return InstallChange.NONE  # a late event must not bring a finished job back
        return self._replace(row, job_after_event(row.job, event))

    def _download_event(self, event: DownloadEventBase) -> InstallChange:
        # The download_* events name the URL, not the job: find the unfinished job downloading it.
        row = next((r for r in self.rows.values() if not r.is_done and event.source in _urls(r.job)), None)
        if row is None:
            return InstallChange.NONE
        job = row.job
        if isinstance(event, DownloadProgressEvent) and len(_urls(job)) == 1:
            update = {"bytes": max(job.bytes, event.current_bytes), "total_bytes": event.total_bytes or job.total_bytes}
            if job.status == InstallStatus.WAITING:
                update["status"] = InstallStatus.DOWNLOADING
            return self._replace(row, job.model_copy(update=update))
        if isinstance(event, DownloadCompleteEvent) and event.total_bytes and len(_urls(job)) == 1:
            return self._replace(row, job.model_copy(update={"bytes": event.total_bytes, "total_bytes": event.total_bytes}))
        return InstallChange.NONE

    def _replace(self, row: JobRow, job: ModelInstallJob) -> InstallChange:
        if job == row.job:
            return InstallChange.NONE
        was_done = row.is_done
        row.job = job
        row.record_bytes(self.clock())
        if not was_done and row.is_done:
            self.finished.append(row)
            return InstallChange.ROWS | InstallChange.FINISHED
        return InstallChange.ROWS

    # -- REST --------------------------------------------------------------------------------------
    def apply_snapshot(self, jobs: list[ModelInstallJob]) -> InstallChange:
        """Replace the list with the server's (GET /api/v2/models/install). A finished job that is
        gone from it was pruned. An unfinished one that is gone (the server restarted) is either
        restored by the server as a new job with the same source (6.x brings interrupted downloads
        back, paused), which then says so, or kept as LOST."""
        changes = InstallChange.NONE
        old, self.rows = self.rows, {}
        vanished: list[JobRow] = []
        for row in old.values():
            if not any(job.id == row.id and _same_source(job, row) for job in jobs):
                changes |= InstallChange.ROWS
                if not row.is_done:
                    vanished.append(row)
        for job in jobs:
            row = old.get(job.id)
            if row is not None and _same_source(job, row):
                self.rows[job.id] = row
                if not (row.is_done and not job.is_done):  # else REST lags behind an event that said it ended
                    changes |= self._replace(row, job)
                continue
            new = self.rows[job.id] = JobRow(job)  # a new job (perhaps reusing a forgotten job's id)
            new.record_bytes(self.clock())
            changes |= InstallChange.ROWS
            restored = next((r for r in vanished if not job.is_done and r.source == new.source), None)
            if restored is not None:
                vanished.remove(restored)
                new.restored_from = restored.id
            elif job.is_done and self.synced:  # over before its first event was read
                new.seen_running = True
                self.finished.append(new)
                changes |= InstallChange.FINISHED
        for row in vanished:
            row.lost = True
            self.lost_rows.append(row)
            self.finished.append(row)
            changes |= InstallChange.FINISHED
        self.synced = True
        return changes

    def forget_finished(self) -> InstallChange:
        """After a prune: the server forgot its finished jobs; drop them (and the lost ones) here."""
        gone = [i for i, row in self.rows.items() if row.is_done]
        for job_id in gone:
            del self.rows[job_id]
        changed = bool(gone or self.lost_rows)
        self.lost_rows.clear()
        return InstallChange.ROWS if changed else InstallChange.NONE


def _same_source(job: ModelInstallJob, row: JobRow) -> bool:
    """False when a restarted server gave a known job's id to another job (a row drawn from an
    event, whose source is the event's text, is given the benefit of the doubt)."""
    return not isinstance(row.job.source, dict) or job.source_text == row.source
