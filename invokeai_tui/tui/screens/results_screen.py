"""The mode screens that show a run's images and videos in ``RunResults`` (Workflows, Generate): what
its quick actions mean there (b opens the result's board, w downloads it), in one place."""

from __future__ import annotations

from pathlib import Path

from textual import on, work

from ..widgets.run_results import RunResults
from .base import ModeScreen


class ResultsModeScreen(ModeScreen):
    last_download: Path | None = None  # the last result saved with w (tests read it)

    @on(RunResults.OpenInBoard)
    async def _open_in_board(self, event: RunResults.OpenInBoard) -> None:
        await self.app.jump_to_board(event.board_id)

    @on(RunResults.DownloadRequested)
    @work(group="result-download", exit_on_error=False, description="download the result")
    async def _download_result(self, event: RunResults.DownloadRequested) -> None:
        folder = Path(self.app.settings.download_dir)
        files = self.client.video_repo if event.is_video else self.client.image_repo
        save = files.save_video_in_folder if event.is_video else files.save_image_in_folder
        self.last_download = await save(event.image_name, folder)
        self.notify(f"Saved {self.last_download}", timeout=5)
