"""ModelInstallJobHandle: one model install job, followed live through the event stream.

The job's own events (`model_install_*`, matched by job id) and its downloads' events
(`download_*`, matched by URL) update the job record as they come; when the event socket is not
live the handle polls GET /api/v2/models/install/{id} instead (and it checks by REST now and then
even when live, and once more when the job ends, so the final record is the server's own).
"""

from __future__ import annotations

import asyncio
import inspect
import time
import weakref
from contextlib import aclosing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, AsyncIterator, Callable

from .errors import (
    InvokeAIError,
    ModelInstallError,
    ModelInstallTimeoutError,
    NotFoundError,
    RequestRejectedError,
)
from .events import (
    ConnectionStateEvent,
    DownloadCompleteEvent,
    DownloadEventBase,
    DownloadProgressEvent,
    DownloadStartedEvent,
    InvokeAIEvent,
    ModelInstallCancelledEvent,
    ModelInstallCompleteEvent,
    ModelInstallDownloadProgressEvent,
    ModelInstallDownloadsCompleteEvent,
    ModelInstallErrorEvent,
    ModelInstallEventBase,
    ModelInstallStartedEvent,
)
from .model_install_errors import install_job_error
from .records import DnnModel, InstallStatus, ModelInstallJob

if TYPE_CHECKING:
    from .async_client import AsyncInvokeAIClient
    from .event_stream import Subscription

INSTALL = "/api/v2/models/install"
CANCEL_SETTLE_S = 10.0  # a download checks for cancel between chunks: well under a second when data flows
INSTALL_EVENT_TYPES = frozenset({
    "model_install_download_progress", "model_install_downloads_complete", "model_install_started",
    "model_install_complete", "model_install_cancelled", "model_install_error",
    "download_started", "download_progress", "download_complete", "download_cancelled", "download_error",
})

# What each job event says about the job's status.
STATUS_BY_EVENT: dict[type, str] = {
    ModelInstallDownloadProgressEvent: InstallStatus.DOWNLOADING,
    ModelInstallDownloadsCompleteEvent: InstallStatus.DOWNLOADS_DONE,
    ModelInstallStartedEvent: InstallStatus.RUNNING,
    ModelInstallCompleteEvent: InstallStatus.COMPLETED,
    ModelInstallCancelledEvent: InstallStatus.CANCELLED,
    ModelInstallErrorEvent: InstallStatus.ERROR,
}


def job_after_event(job: ModelInstallJob, event: InvokeAIEvent) -> ModelInstallJob | None:
    """The job record as a `model_install_*` event of it says it is now; None for other events."""
    status = STATUS_BY_EVENT.get(type(event))
    if status is None:
        return None
    update: dict[str, Any] = {"status": status}
    if isinstance(event, ModelInstallDownloadProgressEvent):
        update.update(bytes=event.bytes, total_bytes=event.total_bytes, local_path=event.local_path)
    elif isinstance(event, ModelInstallCompleteEvent):
        if isinstance(event.config, dict) and "key" in event.config:
            update["config_out"] = DnnModel.model_validate(event.config)
        if event.total_bytes:
            update.update(bytes=event.total_bytes, total_bytes=event.total_bytes)
    elif isinstance(event, ModelInstallErrorEvent):
        update.update(error_reason=event.error_type, error=event.error)
    return job.model_copy(update=update)


@dataclass
class DownloadFileProgress:
    """One downloaded file, from the download_* events."""

    url: str
    bytes: int = 0
    total_bytes: int = 0
    path: str | None = None
    done: bool = False


class ModelInstallJobHandle:
    """Follow, wait for and cancel one install job.

    `job` is the latest record (from REST or built up from events); `files` the per-URL download
    progress from the download_* events; `last_event` the last event that concerned the job."""

    def __init__(
        self, client: "AsyncInvokeAIClient", job: ModelInstallJob, early_events: "Subscription | None" = None
    ) -> None:
        self._client = client
        self.job = job
        self.files: dict[str, DownloadFileProgress] = {}
        self.last_event: InvokeAIEvent | None = None
        # Install and download events recorded since before the install request was sent (see follow()).
        self._early_events = early_events
        if early_events is not None:
            weakref.finalize(self, early_events.close)  # a handle nobody follows leaves no listener behind

    # ------------------------------------------------------------ what the job is now
    @property
    def id(self) -> int:
        return self.job.id

    @property
    def status(self) -> str:
        return self.job.status

    @property
    def is_done(self) -> bool:
        return self.job.is_done

    @property
    def progress(self) -> float | None:
        """Downloaded fraction 0..1, None while unknown."""
        return self.job.progress

    @property
    def model(self) -> DnnModel | None:
        """The installed model once the job completed."""
        return self.job.config_out

    def error(self) -> ModelInstallError | None:
        """The typed error of a failed or cancelled job, else None."""
        return install_job_error(self.job)

    @property
    def error_text(self) -> str | None:
        """Why the job failed (or that it was cancelled), as a sentence; None otherwise."""
        err = self.error()
        return str(err) if err else None

    def raise_if_failed(self) -> None:
        err = self.error()
        if err is not None:
            raise err

    # ------------------------------------------------------------ REST
    async def refresh(self) -> ModelInstallJob:
        """Read the job again from the server."""
        try:
            body = await self._client.request_json("GET", f"{INSTALL}/{self.id}", what="Reading a model install job")
        except NotFoundError as err:
            raise self._unknown_job(err) from err
        self.job = ModelInstallJob.model_validate(body)
        return self.job

    def _unknown_job(self, err: InvokeAIError) -> ModelInstallError:
        source = f" ({self.job.source_text})" if self.job.source_text else ""
        return ModelInstallError(
            f"The server no longer knows install job {self.id}{source}: it was pruned, or the server "
            "restarted. List the installed models to see whether it got installed.",
            job=self.job, status=err.status,
        )

    async def cancel(self) -> ModelInstallJob:
        """Cancel the job (a finished job stays as it is) and return its record."""
        try:
            await self._client.request("DELETE", f"{INSTALL}/{self.id}", what="Cancelling a model install")
        except RequestRejectedError as err:
            if err.status != 415:  # the server's "no such job"
                raise
            raise self._unknown_job(err) from err
        return await self._settled_after_cancel()

    async def _settled_after_cancel(self, timeout: float = CANCEL_SETTLE_S) -> ModelInstallJob:
        """The record once the server's download threads have stopped: 6.14.2 marks the job cancelled
        at once, but a download still blocked in a read ends later, and if its connection breaks first
        the server turns the cancelled job into `error` (seen: "Connection broken: IncompleteRead")."""
        deadline = time.monotonic() + timeout
        while True:
            job = await self.refresh()
            if not any(part.status in ("pending", "running") for part in job.download_parts):
                return job
            if time.monotonic() >= deadline:
                return job
            await asyncio.sleep(0.2)

    # ------------------------------------------------------------ following
    def _concerns_me(self, event: InvokeAIEvent) -> bool:
        if isinstance(event, ModelInstallEventBase):
            return event.id == self.id
        if isinstance(event, DownloadEventBase):
            return event.source is not None and event.source in self.job.source_urls
        return False

    def _apply(self, event: InvokeAIEvent) -> bool:
        """Update the job record from one event; True when something a person sees changed."""
        self.last_event = event
        if isinstance(event, DownloadEventBase):
            return self._apply_download(event)
        job = job_after_event(self.job, event)
        if job is None:
            return False
        self.job = job
        return True

    def _apply_download(self, event: DownloadEventBase) -> bool:
        url = event.source or ""
        file = self.files.setdefault(url, DownloadFileProgress(url))
        if isinstance(event, (DownloadStartedEvent, DownloadProgressEvent, DownloadCompleteEvent)):
            file.path = event.download_path or file.path
        if isinstance(event, DownloadProgressEvent):
            file.bytes, file.total_bytes = event.current_bytes, event.total_bytes
        elif isinstance(event, DownloadCompleteEvent):
            file.done = True
            file.total_bytes = event.total_bytes or file.total_bytes
            file.bytes = file.total_bytes
        return True

    async def follow(self, *, poll_interval: float = 0.5, live_poll_interval: float = 5.0) -> AsyncIterator[ModelInstallJob]:
        """Yield the job record now and after each change, until the job is done.

        Events come from the client's event stream when it runs and is live (start it with
        `client.events.start()`); otherwise the job is polled every `poll_interval` s. Use it with
        `contextlib.aclosing` when you may stop early."""
        stream = self._client.events
        early, self._early_events = self._early_events, None
        sub = early if early is not None else stream.subscribe(self._concerns_me, event_types=INSTALL_EVENT_TYPES)
        mine = self._concerns_me
        try:
            if early is not None:
                # What happened before anyone followed (a small download can be over before the
                # answer to the install request is read): replayed in order, so no state is missed.
                while (event := sub.get_nowait()) is not None:
                    if mine(event) and self._apply(event):
                        yield self.job
                if self.job.is_done:
                    await self._final_refresh()
                    yield self.job
                    return
            await self.refresh()  # after subscribing: what happens meanwhile is queued, not lost
            yield self.job
            last_poll = time.monotonic()
            while not self.job.is_done:
                interval = live_poll_interval if stream.is_live else poll_interval
                try:
                    event: InvokeAIEvent | None = await sub.get(timeout=max(0.0, last_poll + interval - time.monotonic()))
                except (asyncio.TimeoutError, StopAsyncIteration):
                    event = None
                if event is not None and not isinstance(event, ConnectionStateEvent) and not mine(event):
                    continue  # the early subscription hears every job's events
                if event is None or isinstance(event, ConnectionStateEvent):
                    before = self.job
                    await self.refresh()  # a poll; also catches up after the socket came back
                    last_poll = time.monotonic()
                    changed = self.job != before
                else:
                    changed = self._apply(event)
                    if self.job.is_done:
                        await self._final_refresh()
                if changed:
                    yield self.job
        finally:
            sub.close()

    async def _final_refresh(self) -> None:
        # The event said it ended; the server's record has the whole config and error text.
        from_events = self.job
        try:
            await self.refresh()
        except InvokeAIError:
            pass  # the events' account stands
        if not self.job.is_done:  # the REST answer lagged behind the event: keep the event's word
            self.job = from_events

    async def wait(
        self,
        timeout: float | None = None,
        *,
        on_update: Callable[[ModelInstallJob], Any] | None = None,
        poll_interval: float = 0.5,
        raise_on_failure: bool = True,
    ) -> ModelInstallJob:
        """Wait until the job is done and return its record.

        Raises the job's typed error when it failed or was cancelled (unless `raise_on_failure` is
        False), ModelInstallTimeoutError after `timeout` s (the job goes on on the server).
        `on_update(job)` (sync or async) is called with each new state."""

        async def run() -> ModelInstallJob:
            async with aclosing(self.follow(poll_interval=poll_interval)) as updates:
                async for job in updates:
                    if on_update is not None:
                        result = on_update(job)
                        if inspect.isawaitable(result):
                            await result
            return self.job

        try:
            job = await asyncio.wait_for(run(), timeout)
        except asyncio.TimeoutError:
            raise ModelInstallTimeoutError(
                f"Installing {self.job.source_text!r} did not finish within {timeout:g} s (it is "
                f"{self.job.status}). The job goes on on the server: wait again, or cancel it.",
                job=self.job,
            ) from None
        if raise_on_failure:
            self.raise_if_failed()
        return job

    def __repr__(self) -> str:
        return f"ModelInstallJobHandle(id={self.id}, status={self.status!r}, source={self.job.source_text!r})"
