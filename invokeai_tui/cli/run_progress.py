"""A workflow run's progress on stderr: a rich spinner with the images and videos saved so far when
stderr is a terminal, one plain line per saved image or video otherwise (a log file or a pipe)."""

from __future__ import annotations

import sys
from typing import Callable, TextIO

from ..workflow import OutputImages


def describe_output(output: OutputImages, name: str, kind: str = "image") -> str:
    return f"{kind} {name} from {output.label} (queue item {output.item_id})"


class PlainProgress:
    def __init__(self, say: Callable[[str], None]) -> None:
        self._say = say

    def saved(self, output: OutputImages, name: str, kind: str = "image") -> None:
        self._say(describe_output(output, name, kind))

    def close(self) -> None:
        pass


class SpinnerProgress:
    """What is running and how many images and videos are saved, with the time spent."""

    def __init__(self, stream: TextIO, title: str, items: int) -> None:
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._title = f"{title}: {items} queue item(s)"
        self._counts = {"image": 0, "video": 0}
        self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                                  console=Console(file=stream), transient=False,
                                  redirect_stdout=False, redirect_stderr=False)  # stdout is the data: never into the bar
        self._task = self._progress.add_task(self._title, total=None)
        self._progress.start()

    def saved(self, output: OutputImages, name: str, kind: str = "image") -> None:
        self._counts[kind] += 1
        self._progress.console.print(describe_output(output, name, kind), markup=False, highlight=False)
        videos = f", {self._counts['video']} video(s)" if self._counts["video"] else ""
        self._progress.update(self._task, description=f"{self._title}, {self._counts['image']} image(s){videos} saved")

    def close(self) -> None:
        self._progress.stop()


def progress_for(say: Callable[[str], None], title: str, items: int,
                 stream: TextIO | None = None) -> PlainProgress | SpinnerProgress:
    stream = stream or sys.stderr
    if stream.isatty():
        return SpinnerProgress(stream, title, items)
    return PlainProgress(say)
