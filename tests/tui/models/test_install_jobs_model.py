"""The headless install jobs model (client/install_jobs_model.py) and the pane's text, offline: events
and REST lists folded in, speed and time left, finished jobs collected once, a server restart."""

from __future__ import annotations

from invokeai_tui.client.events import parse_event
from invokeai_tui.client.install_jobs_model import LOST, InstallChange, InstallJobsModel
from invokeai_tui.client.records import ModelInstallJob
from invokeai_tui.tui.widgets.install_jobs import progress_bar, row_cells, time_left_text

URL = "http://example.test/model.safetensors"


def job(job_id=1, status="waiting", source=None, **kw) -> ModelInstallJob:
    return ModelInstallJob(id=job_id, status=status, source=source or {"type": "url", "url": URL}, **kw)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def progress(job_id, done, total):
    return parse_event("model_install_download_progress",
                       {"id": job_id, "source": URL, "bytes": done, "total_bytes": total, "parts": []})


def test_progress_events_give_bytes_speed_and_time_left():
    clock = Clock()
    model = InstallJobsModel(clock=clock)
    assert model.apply_snapshot([job()]) & InstallChange.ROWS
    assert model.apply(progress(1, 1_000_000, 10_000_000)) == InstallChange.ROWS
    clock.now += 2
    model.apply(progress(1, 3_000_000, 10_000_000))
    row = model.row(1)
    assert row.status == "downloading" and row.speed == 1_000_000 and row.seconds_left == 7
    cells = [str(c) for c in row_cells(row)]
    assert cells[:3] == ["1", URL, "downloading"] and "30%" in cells[3]
    assert cells[4] == "3.0 MB / 10.0 MB" and cells[5] == "1.0 MB/s" and cells[6] == "7 s"


def test_download_events_are_matched_by_url():
    model = InstallJobsModel(clock=Clock())
    model.apply_snapshot([job()])
    model.apply(parse_event("download_progress", {"source": URL, "current_bytes": 50, "total_bytes": 200}))
    assert (model.row(1).status, model.row(1).job.bytes, model.row(1).job.total_bytes) == ("downloading", 50, 200)
    other = parse_event("download_progress", {"source": "http://elsewhere/x", "current_bytes": 5, "total_bytes": 9})
    assert model.apply(other) == InstallChange.NONE


def test_an_unknown_job_is_drawn_from_its_event_and_read_again():
    model = InstallJobsModel(clock=Clock())
    model.apply_snapshot([])
    changes = model.apply(progress(7, 10, 100))
    assert InstallChange.NEEDS_RESYNC in changes and model.row(7).source == URL and model.row(7).job.bytes == 10


def test_finished_jobs_are_collected_once_and_late_events_ignored():
    model = InstallJobsModel(clock=Clock())
    model.apply_snapshot([job(status="completed")])
    assert not model.has_news  # finished before the app looked: no pane for it
    model.apply_snapshot([job(status="completed"), job(2, "downloading")])
    assert model.take_finished() == [] and model.has_news  # done before the first read: not news
    changes = model.apply(parse_event("model_install_error", {"id": 2, "source": URL, "error_type": "HTTPError",
                                                              "error": "404 Client Error: Not Found"}))
    assert InstallChange.FINISHED in changes
    [row] = model.take_finished()
    assert row.id == 2 and "404" in row.error_text
    assert model.apply(progress(2, 1, 2)) == InstallChange.NONE
    assert model.take_finished() == []
    # A job over before its first event was read is news after the first read.
    model.apply_snapshot([job(status="completed"), job(2, "error"), job(3, "completed")])
    assert [r.id for r in model.take_finished()] == [3]


def test_a_restarted_server_loses_the_running_job_and_prune_forgets_it():
    model = InstallJobsModel(clock=Clock())
    model.apply_snapshot([job(1, "completed"), job(2, "downloading")])
    changes = model.apply_snapshot([])  # the restarted server knows no jobs
    assert InstallChange.FINISHED in changes and [r.id for r in model.take_finished()] == [2]
    [lost] = model.shown_rows()
    assert lost.key == "lost-2" and lost.status == LOST and model.row_by_key("lost-2") is lost
    assert "no longer knows" in lost.error_text
    other = ModelInstallJob(id=2, status="waiting", source={"type": "url", "url": "http://other.test/x"})
    model.apply_snapshot([other])  # the new server gives the id to another job: both are shown
    assert [r.key for r in model.shown_rows()] == ["2", "lost-2"] and model.row(2).status == "waiting"
    assert model.has_finished_rows
    model.apply_snapshot([])
    assert model.forget_finished() == InstallChange.ROWS and model.shown_rows() == []


def test_a_download_the_restarted_server_brought_back_paused():
    model = InstallJobsModel(clock=Clock())
    model.apply_snapshot([job(5, "downloading")])
    changes = model.apply_snapshot([job(0, "paused"), job(5, "completed", source={"type": "local", "path": "/m/x"})])
    assert [r.id for r in model.take_finished()] == [5]  # a new job over before it was seen; 5 was not lost
    restored = model.row(0)
    assert restored.restored_from == 5 and "paused" in restored.note and "job 5" in restored.note
    assert restored.error_text is None and model.row(5).source == "/m/x"


def test_the_pane_texts():
    assert "50%" in str(progress_bar(0.5)) and str(progress_bar(None)).strip("·") == ""
    model = InstallJobsModel(clock=Clock())
    model.apply_snapshot([job()])
    assert time_left_text(model.row(1)) == ""
