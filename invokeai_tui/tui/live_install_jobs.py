"""The server's model install jobs, live: a part of the live-server service (``app.live``).

The ``model_install_*`` and ``download_*`` events are folded into the headless ``InstallJobsModel``;
the job list is read again from REST on every (re)connect, when an event names a job the app does
not know, and on each poll while the socket is down. Subscribers get ``InstallJobsChanged`` (read
``app.live.install_jobs``) and ``InstallJobsFinished``; a job that finishes while the person is not
on the Models screen is announced with a notification. Cancel and prune go through here too.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from ..client.error_mapping import describe_detail
from ..client.errors import InvokeAIError, PermissionDeniedError, ServerUnreachableError
from ..client.install_jobs_model import InstallChange, InstallJobsModel, JobRow
from .messages import InstallJobsChanged, InstallJobsFinished

if TYPE_CHECKING:
    from textual.message import Message

    from .app import InvokeAITUI

log = logging.getLogger(__name__)

JOBS_RESYNC_COLLAPSE_SECONDS = 0.2
MAX_NOTIFICATIONS = 3  # more jobs finishing at once get one line


def finished_sentence(row: JobRow) -> tuple[str, str]:
    """What a notification says about a finished job, and its severity."""
    if row.job.is_completed:
        name = row.job.config_out.name if row.job.config_out else row.source
        return f"Model installed: {name}", "information"
    if row.lost:
        return f"Install job lost: {row.source}. {row.error_text}", "warning"
    if row.status == "cancelled":
        return f"Install cancelled: {row.source}", "warning"
    error = row.error_text or ""  # the client's sentences name the source already
    return (error if row.source in error else f"Install failed: {row.source}. {error}".strip()), "error"


def refused_sentence(exc: PermissionDeniedError) -> str:
    """The server's 403 for the jobs list, as a note: only its administrators see the install jobs."""
    said = describe_detail(exc.detail)
    return ("Only an administrator of this server can see its model install jobs"
            + (f" (the server said: {said.rstrip('.')})." if said else "."))


class InstallJobsService:
    """Mixed into ``LiveServer``: needs ``app`` and ``_post``."""

    app: "InvokeAITUI"
    _post: Callable[[Callable[[], "Message"]], None]

    def _init_install_jobs(self) -> None:
        self.install_jobs = InstallJobsModel()
        self.install_jobs_error: str | None = None  # why the list cannot be read (a fault)
        self.install_jobs_refused: str | None = None  # the server keeps the list to admins: a plain note
        self.install_jobs_resyncs = 0
        self._jobs_resync_timer = None

    # -- events ------------------------------------------------------------------------------------
    def _install_jobs_event(self, event: Any) -> None:
        self._install_jobs_changed(self.install_jobs.apply(event))

    def _install_jobs_changed(self, changes: InstallChange) -> None:
        if InstallChange.NEEDS_RESYNC in changes:
            self.resync_install_jobs_soon()
        if InstallChange.ROWS in changes:
            self._post(InstallJobsChanged)
        if InstallChange.FINISHED in changes:
            finished = self.install_jobs.take_finished()
            self._post(lambda: InstallJobsFinished(finished))
            self._announce(finished)

    def _announce(self, finished: list[JobRow]) -> None:
        # On the Models screen the list itself says it; elsewhere a notification does.
        if getattr(self.app, "current_mode", None) == "models":
            return
        if len(finished) > MAX_NOTIFICATIONS:  # e.g. a restarted server that installed a batch
            failed = sum(1 for row in finished if not row.job.is_completed)
            text = f"{len(finished)} model install jobs finished" + (f", {failed} did not install" if failed else "")
            self.app.notify(text + ": see the Models screen.", severity="warning" if failed else "information", timeout=6)
            return
        for row in finished:
            text, severity = finished_sentence(row)
            self.app.notify(text, severity=severity, timeout=6 if severity == "error" else 4)

    # -- REST ----------------------------------------------------------------------------------------
    def resync_install_jobs_soon(self) -> None:
        if self._jobs_resync_timer is None:
            self._jobs_resync_timer = self.app.set_timer(
                JOBS_RESYNC_COLLAPSE_SECONDS, self._jobs_resync_from_timer, name="install-jobs-resync")

    def _jobs_resync_from_timer(self) -> None:
        self._jobs_resync_timer = None
        self.resync_install_jobs()

    def resync_install_jobs(self) -> None:
        if self.app.client is None:
            return
        self.app.run_worker(self._resync_install_jobs_quietly, group="install-jobs-resync", exclusive=True,
                            exit_on_error=False, description="read the model install jobs")

    async def _resync_install_jobs_quietly(self) -> None:
        try:
            await self._resync_install_jobs()
        except ServerUnreachableError:
            raise  # the app's handler says the server is away
        except PermissionDeniedError as exc:  # a user who is not an admin: not a fault, the pane says why
            refused = refused_sentence(exc)
            if refused != self.install_jobs_refused:
                self.install_jobs_refused = refused
                self._post(InstallJobsChanged)
        except InvokeAIError as exc:  # the pane says it
            error = str(exc)
            if error != self.install_jobs_error:
                self.install_jobs_error = error
                self._post(InstallJobsChanged)

    async def _resync_install_jobs(self) -> None:
        jobs = await self.app.client.model_manager.list_install_jobs()
        self.install_jobs_error = self.install_jobs_refused = None
        self.install_jobs_resyncs += 1
        self._install_jobs_changed(self.install_jobs.apply_snapshot(jobs) | InstallChange.ROWS)

    # -- actions -------------------------------------------------------------------------------------
    def _job_action(self, send: Callable[[], Awaitable[Any]], description: str) -> None:
        """Send one change to the server, then read the jobs again (errors go to the app's handler)."""
        async def run():
            await send()
            await self._resync_install_jobs()

        self.app.run_worker(run(), group="install-jobs-actions", exit_on_error=False, description=description)

    def cancel_install_job(self, job_id: int) -> None:
        self._job_action(lambda: self.app.client.model_manager.cancel_install_job(job_id),
                         f"cancel install job {job_id}")

    def resume_install_job(self, job_id: int) -> None:
        self._job_action(lambda: self.app.client.model_manager.resume_install_job(job_id),
                         f"resume install job {job_id}")

    def prune_install_jobs(self) -> None:
        async def run():
            await self.app.client.model_manager.prune_install_jobs()
            self._install_jobs_changed(self.install_jobs.forget_finished())
            await self._resync_install_jobs()

        self.app.run_worker(run(), group="install-jobs-actions", exit_on_error=False,
                            description="prune finished install jobs")
