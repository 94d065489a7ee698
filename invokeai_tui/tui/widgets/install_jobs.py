"""The model install jobs, live, under the model table of the Models screen.

Shown once a job runs while the app watches (finished ones stay until pruned), or after `j` asked
for it (then with the jobs that had finished before the app started too). Per
job: source, state, a progress bar with bytes and total, speed and time left while downloading; the
selected job's error (the server's words) or note below the list. With the list focused, c cancels
the selected job, r resumes a paused one and p prunes the finished ones. Everything comes from the app's live-server service
(``app.live.install_jobs``); when a job installs a model the pane tells its screen
(``InstallJobsPane.ModelsInstalled``) so the model list is read again.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.filesize import decimal as size_text
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from ...client.install_jobs_model import JobRow
from ..messages import InstallJobsChanged, InstallJobsFinished

BAR_WIDTH = 16
# The least width of the columns whose text changes while a job runs (so the row is not redrawn
# whole each time a figure grows a digit).
MIN_WIDTHS = {"state": 11, "progress": BAR_WIDTH + 5, "bytes": 19, "speed": 10, "left": 10}
STATE_STYLES = {
    "completed": "green", "error": "bold red", "cancelled": "yellow", "lost": "bold yellow",
    "downloading": "cyan", "running": "cyan", "downloads_done": "cyan", "paused": "yellow",
}
COLUMNS = (("id", "id"), ("source", "source"), ("state", "state"), ("progress", "progress"),
           ("bytes", "bytes"), ("speed", "speed"), ("left", "left"))


def progress_bar(fraction: float | None, width: int = BAR_WIDTH) -> Text:
    """A bar of block characters and the percentage; dots while the size is unknown."""
    if fraction is None:
        return Text("·" * width, style="dim")
    filled = round(max(0.0, min(1.0, fraction)) * width)
    bar = Text("█" * filled, style="cyan")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {int(fraction * 100):3d}%")
    return bar


def bytes_text(row: JobRow) -> str:
    job = row.job
    if job.total_bytes:
        return f"{size_text(job.bytes)} / {size_text(job.total_bytes)}"
    return size_text(job.bytes) if job.bytes else ""


def speed_text(row: JobRow) -> str:
    speed = row.speed
    return f"{size_text(int(speed))}/s" if speed else ""


def time_left_text(row: JobRow) -> str:
    seconds = row.seconds_left
    if seconds is None:
        return ""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


def shortened(text: str, width: int) -> str:
    """At most `width` characters, the middle elided (a URL's or path's end names the file)."""
    if len(text) <= width:
        return text
    head = max(1, width // 3)
    return text[:head] + "…" + text[len(text) - (width - head - 1):]


def row_cells(row: JobRow, source_width: int = 60) -> tuple:
    progress = row.job.progress if not row.lost else None
    return (str(row.id), shortened(row.source, source_width), Text(row.status, style=STATE_STYLES.get(row.status, "")),
            progress_bar(progress), bytes_text(row), speed_text(row), time_left_text(row))


class InstallJobsPane(Vertical):
    DEFAULT_CSS = """
    InstallJobsPane { height: auto; max-height: 14; border-top: solid $panel-lighten-2; display: none; }
    InstallJobsPane.-shown { display: block; }
    InstallJobsPane #install-jobs-title { text-style: bold; padding: 0 1; background: $boost; width: 1fr; }
    InstallJobsPane #install-jobs-table { height: auto; max-height: 8; overflow-x: hidden; }
    InstallJobsPane #install-job-detail { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    InstallJobsPane #install-job-detail.-error { color: $error; }
    """
    BINDINGS = [
        Binding("c", "cancel_job", "Cancel job", id="models.jobs.cancel"),
        Binding("p", "prune_jobs", "Prune finished", id="models.jobs.prune"),
        Binding("r", "resume_job", "Resume job", id="models.jobs.resume"),
    ]
    HINT = "c cancel the selected job · r resume a paused one · p prune finished jobs · j back to the models"

    class ModelsInstalled(Message):
        """A job installed a model: the screen reads its model list again."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.pinned = False  # shown on request even without jobs
        self._drawn_width = 0

    def compose(self) -> ComposeResult:
        yield Static("Install jobs", id="install-jobs-title")
        table = DataTable(id="install-jobs-table", cursor_type="row", zebra_stripes=True)
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        yield table
        yield Static(self.HINT, id="install-job-detail")

    def on_mount(self) -> None:
        self.live = self.app.live
        self.live.subscribe(self)
        self.refresh_jobs()

    def on_unmount(self) -> None:
        self.live.unsubscribe(self)

    @property
    def table(self) -> DataTable:
        return self.query_one("#install-jobs-table", DataTable)

    @property
    def rows(self) -> list[JobRow]:
        return self.live.install_jobs.shown_rows()

    def selected(self) -> JobRow | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return self.live.install_jobs.row_by_key(key)

    # -- drawing -----------------------------------------------------------------------------------
    def on_install_jobs_changed(self, _message: InstallJobsChanged | None = None) -> None:
        self.refresh_jobs()

    def on_install_jobs_finished(self, message: InstallJobsFinished) -> None:
        if message.installed_any:
            self.post_message(InstallJobsPane.ModelsInstalled())

    def refresh_jobs(self) -> None:
        rows = self.rows
        self.set_class(self.live.install_jobs.has_news or self.pinned, "-shown")
        self._fill(rows)
        running = sum(1 for row in rows if not row.is_done)
        title = f"Install jobs · {len(rows)}" + (f" · {running} running" if running else "")
        self.query_one("#install-jobs-title", Static).update(title)
        self._show_detail()

    def _fill(self, rows: list[JobRow]) -> None:
        table = self.table
        keys = [row.key for row in rows]
        width = self._source_width(rows)
        if keys == [key.value for key in table.rows] and width == self._drawn_width:
            # Same jobs: updated in place, the cursor stays.
            for row in rows:
                for (_label, column), value in zip(COLUMNS, row_cells(row, width)):
                    table.update_cell(row.key, column, value, update_width=True)
            return
        selected = self.selected()
        self._drawn_width = width
        table.clear()
        for row in rows:
            table.add_row(*row_cells(row, width), key=row.key)
        if selected is not None and selected.key in keys:
            table.move_cursor(row=keys.index(selected.key))

    def _source_width(self, rows: list[JobRow]) -> int:
        # The whole row fits the pane: the source gives way (a table wider than the pane scrolls).
        cells = [row_cells(row) for row in rows]
        others = 0
        for index, (label, column) in enumerate(COLUMNS):
            if column != "source":
                widest = max(cell_len(str(cell)) for cell in [label, *(row[index] for row in cells)])
                others += max(widest, MIN_WIDTHS.get(column, 0)) + 2  # each cell's padding
        return max(16, (self.size.width or 120) - others - 3)

    def on_resize(self) -> None:
        if self.rows:
            self._fill(self.rows)

    def _show_detail(self) -> None:
        detail = self.query_one("#install-job-detail", Static)
        error = self.live.install_jobs_error
        row = self.selected()
        text = error or (row.error_text if row is not None else None)
        note = self.live.install_jobs_refused or (row.note if row is not None and not text else None)
        detail.set_class(bool(text), "-error")
        detail.update(Text(text or note) if text or note else self.HINT)

    @on(DataTable.RowHighlighted, "#install-jobs-table")
    def _highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    # -- keys ----------------------------------------------------------------------------------------
    def toggle_focus(self, table_focused: bool) -> bool:
        """`j` on the screen: focus the jobs list (showing it even when empty), or leave it.
        Returns True when the list has the focus now."""
        if table_focused:
            self.pinned = False
            self.refresh_jobs()
            return False
        self.pinned = True
        self.refresh_jobs()
        running = next((i for i, row in enumerate(self.rows) if not row.is_done), None)
        if running is not None:  # the job one most likely wants to act on
            self.table.move_cursor(row=running)
        self.table.focus()
        return True

    def action_cancel_job(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.is_done:
            self.app.notify(f"Job {row.id} is already {row.status}.", severity="warning", timeout=3)
            return
        self.live.cancel_install_job(row.id)

    def action_resume_job(self) -> None:
        row = self.selected()
        if row is None or row.lost or row.job.status != "paused":
            self.app.notify("Only a paused job can be resumed.", severity="warning", timeout=3)
            return
        self.live.resume_install_job(row.id)

    def action_prune_jobs(self) -> None:
        if not self.live.install_jobs.has_finished_rows:
            self.app.notify("No finished jobs to prune.", timeout=3)
            return
        self.live.prune_install_jobs()
