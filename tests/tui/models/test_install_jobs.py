"""The install jobs list of the Models screen against the real server: a loopback URL install shows
its download (bytes and total) and completes, and the model list then has the model; a throttled
download cancelled from the list; a URL answering 404 shows the server's error (and is announced on
another screen); prune; the list polled while the event socket is down. Every model installed here
is deleted again."""

from __future__ import annotations

import pytest
from rich.filesize import decimal as size_text

from invokeai_tui.client import AsyncInvokeAIClient
from invokeai_tui.tui.widgets.install_jobs import InstallJobsPane
from tests.support.app_driving import SIZE, open_models, wait_for
from tests.support.app_probes import NotificationLog
from tests.support.loopback_files import LoopbackFileServer, copy_tiny_model, models_deleted_afterwards

EMBEDDING = "tiny-embedding-sd1.safetensors"


@pytest.fixture
async def installed(server_url):
    """Keys of the models a test installed: deleted afterwards, with the finished jobs."""
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        async with models_deleted_afterwards(client) as keys:
            yield keys


def drawn_rows(pane: InstallJobsPane) -> list[list[str]]:
    """Every row the pane draws, as plain text cells, from now on."""
    drawn: list[list[str]] = []
    fill = pane._fill

    def spy(rows):
        fill(rows)
        drawn.extend([str(cell) for cell in pane.table.get_row(str(row.id))] for row in rows)

    pane._fill = spy
    return drawn


def select(pane: InstallJobsPane, job_id: int) -> None:
    pane.table.move_cursor(row=[key.value for key in pane.table.rows].index(str(job_id)))


def cells(pane: InstallJobsPane, job_id: int) -> list[str]:
    return [str(cell) for cell in pane.table.get_row(str(job_id))]


async def test_a_url_install_shows_its_download_and_the_model_appears(make_app, installed, tmp_path):
    copy = copy_tiny_model(EMBEDDING, tmp_path)
    size = copy.stat().st_size
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_models(pilot)
        pane = screen.query_one(InstallJobsPane)
        assert not pane.has_class("-shown")  # nothing ran yet (the server's own start-up installs do not count)
        drawn = drawn_rows(pane)
        with LoopbackFileServer(tmp_path) as files:
            url = files.paced_url(copy.name)
            handle = await app.client.model_manager.install_url(url)
            row = await wait_for(pilot, lambda: (r := app.live.install_jobs.row(handle.id)) and r.job.is_completed and r,
                                 timeout=60, what="the job completed")
        installed.append(row.job.model_key)
        await wait_for(pilot, lambda: cells(pane, handle.id)[2] == "completed", what="the row completed")
        assert pane.has_class("-shown")
        shown = cells(pane, handle.id)
        assert url.endswith(shown[1].split("…")[-1]) and shown[2] == "completed" and "100%" in shown[3]
        assert shown[4] == f"{size_text(size)} / {size_text(size)}"
        downloading = [r for r in drawn if r[0] == str(handle.id) and r[2] == "downloading"]
        assert downloading, drawn
        assert all(r[1] == shown[1] and r[4].endswith(f"/ {size_text(size)}") for r in downloading)
        # The model list read itself again.
        await wait_for(pilot, lambda: any(m.key == row.job.model_key for m in screen.models), what="the new model")
        assert any(m.name == copy.stem for m in screen.shown)


async def test_a_throttled_download_is_cancelled_from_the_list_then_pruned(make_app, installed, tmp_path, server_url):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_models(pilot)
        pane = screen.query_one(InstallJobsPane)
        with LoopbackFileServer(tmp_path) as files:
            handle = await app.client.model_manager.install_url(files.slow_url(2_000_000))
            await wait_for(pilot, lambda: (r := app.live.install_jobs.row(handle.id)) and r.status == "downloading"
                           and 0 < r.job.bytes < r.job.total_bytes, timeout=30, what="downloading")
            await pilot.press("j")
            assert pane.table.has_focus
            select(pane, handle.id)
            await wait_for(pilot, lambda: cells(pane, handle.id)[2] == "downloading", what="the row downloading")
            shown = cells(pane, handle.id)
            assert shown[4].endswith(f"/ {size_text(2_000_000)}")
            await wait_for(pilot, lambda: cells(pane, handle.id)[5].endswith("/s") and cells(pane, handle.id)[6],
                           timeout=15, what="speed and time left")
            await pilot.press("c")
            await wait_for(pilot, lambda: cells(pane, handle.id)[2] == "cancelled", timeout=30, what="cancelled")
            await pilot.pause(0.5)  # the server's download thread sees the cancel at its next chunk
            assert (await app.client.model_manager.get_install_job(handle.id)).is_cancelled
        await pilot.press("p")
        await wait_for(pilot, lambda: str(handle.id) not in [k.value for k in pane.table.rows], timeout=15,
                       what="pruned")
        assert not [j for j in await app.client.model_manager.list_install_jobs() if j.is_done]
        await pilot.press("j")  # back to the model table; the empty pane hides
        assert screen.query_one("#model-table").has_focus and not pane.has_class("-shown")


async def test_a_url_answering_404_shows_the_servers_error_and_is_announced(make_app, installed, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        screen = await open_models(pilot)
        pane = screen.query_one(InstallJobsPane)
        await pilot.press("2")  # on another screen (Boards) when it fails
        await wait_for(pilot, lambda: app.current_mode == "boards", what="the boards screen")
        with LoopbackFileServer(tmp_path) as files:
            handle = await app.client.model_manager.install_url(files.url("missing.safetensors"))
            await wait_for(pilot, lambda: (r := app.live.install_jobs.row(handle.id)) and r.is_done, timeout=60,
                           what="the job failed")
        await wait_for(pilot, lambda: log.has("missing.safetensors", "failed", "404"), what="announced")
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen is screen, what="the models screen")
        assert cells(pane, handle.id)[2] == "error"
        pane.table.focus()
        select(pane, handle.id)
        await pilot.pause(0.1)
        detail = str(pane.query_one("#install-job-detail").render())
        server_error = (await app.client.model_manager.get_install_job(handle.id)).error
        assert "404" in detail and "not found" in detail.lower() and server_error


async def test_without_the_event_socket_the_list_is_polled(make_app, installed, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_models(pilot)
        pane = screen.query_one(InstallJobsPane)
        app.live.stop_events()
        await app.client.events.stop()  # no socket: the app polls the server every 2 s
        await wait_for(pilot, lambda: not app.live.socket_live, what="the socket closed")
        with LoopbackFileServer(tmp_path) as files:
            handle = await app.client.model_manager.install_url(files.slow_url(2_000_000))
            await wait_for(pilot, lambda: cells(pane, handle.id)[2] == "downloading"
                           and not cells(pane, handle.id)[4].startswith("0 bytes"), timeout=20,
                           what="the download seen by polling")
            first = cells(pane, handle.id)[4]
            await wait_for(pilot, lambda: cells(pane, handle.id)[4] != first, timeout=10, what="a later poll")
            assert app.connection_state == "polling"
            await pilot.press("j")
            select(pane, handle.id)
            await pilot.press("c")
            await wait_for(pilot, lambda: cells(pane, handle.id)[2] == "cancelled", timeout=20, what="cancelled")
            await pilot.pause(0.5)


async def test_a_download_that_stops_midway_shows_the_servers_error_as_a_sentence(make_app, installed, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_models(pilot)
        pane = screen.query_one(InstallJobsPane)
        with LoopbackFileServer(tmp_path) as files:
            handle = await app.client.model_manager.install_url(files.truncated_url(400_000))
            await wait_for(pilot, lambda: (r := app.live.install_jobs.row(handle.id)) and r.is_done, timeout=60,
                           what="the job failed")
        await wait_for(pilot, lambda: cells(pane, handle.id)[2] == "error", what="the row failed")
        pane.table.focus()
        select(pane, handle.id)
        await pilot.pause(0.1)
        detail = str(pane.query_one("#install-job-detail").render())
        assert "the download stopped midway" in detail and "after 200,000 of 400,000 bytes" in detail
        assert "install it again" in detail and "Traceback" not in detail
