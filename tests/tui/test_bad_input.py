"""Bad input, each with a clear message, no crash, nothing half-written: uploads of non-images and
unreadable paths; image names from the server with path separators, '..' or odd unicode when
downloading (never outside the chosen folder); HTML or garbage where JSON belongs; events with
unexpected payloads; bad field values in a workflow form."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from tests.support import rest as helpers
from invokeai_tui.client import AsyncInvokeAIClient, InvalidImageError, InvokeAIError
from invokeai_tui.client.events import EVENT_TYPES
from invokeai_tui.tui.screens.boards import BoardsScreen
from tests.support.app_driving import SIZE, open_boards, wait_for
from tests.support.app_probes import NotificationLog, client_factory, make_app, responsive
from tests.support.figures import record
from tests.support.faults.transports import CorruptingTransport, RenamingTransport
from tests.support.workflow_screen import open_path, open_workflows, write_connector_workflow

pytestmark = pytest.mark.faults


# -- uploads ------------------------------------------------------------------------------------
def bad_upload_paths(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        "missing": folder / "no-such-file.png",
        "folder": folder / "a-folder.png",
        "empty": folder / "empty.png",
        "text": folder / "notes.png",
        "html": folder / "page.png",
        "pdf": folder / "doc.png",
        "zip": folder / "archive.png",
        "unreadable-device-file": Path("/proc/self/mem"),
        "fifo": folder / "pipe.png",
        "dangling-link": folder / "dangling.png",
        "png-magic-only": folder / "truncated.png",
    }
    paths["folder"].mkdir()
    paths["empty"].write_bytes(b"")
    paths["text"].write_text("just some text\n")
    paths["html"].write_text("<!doctype html><html><body>hi</body></html>")
    paths["pdf"].write_bytes(b"%PDF-1.4\n%...")
    paths["zip"].write_bytes(b"PK\x03\x04" + b"\0" * 40)
    os.mkfifo(paths["fifo"])
    paths["dangling-link"].symlink_to(folder / "gone.png")
    paths["png-magic-only"].write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 20)
    return paths


async def test_client_refuses_bad_uploads_with_clear_messages(server_url, board, tmp_path):
    paths = bad_upload_paths(tmp_path / "uploads")
    async with AsyncInvokeAIClient.from_url(server_url) as client:
        for kind, path in paths.items():
            with pytest.raises(InvokeAIError) as info:
                await client.image_repo.upload_image(path, board_id=board)
            message = str(info.value)
            assert "Traceback" not in message and len(message) < 400, (kind, message)
            if kind != "png-magic-only":  # that one only the server can judge
                assert isinstance(info.value, InvalidImageError), (kind, message)
                assert str(path) in message or path.name in message, (kind, message)
    assert helpers.board_image_names(server_url, board) == []
    record("bad uploads tried (client)", len(paths))


async def test_app_reports_bad_uploads_and_keeps_going(server_url, board, tui_settings, tmp_path):
    paths = bad_upload_paths(tmp_path / "uploads")
    app = make_app(tui_settings, server_url)
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        screen = await open_boards(pilot, board_id=board)
        for kind, path in paths.items():
            count = len(log.seen)
            screen.upload_file(str(path))
            await wait_for(pilot, lambda: len(log.seen) > count, timeout=20, what=f"a message about {kind}")
            said = log.seen[-1]
            assert "Traceback" not in said and ("upload" in said.lower() or "image" in said.lower()), (kind, said)
        await responsive(pilot)
        assert isinstance(app.screen, BoardsScreen)
        good = tmp_path / "good.png"
        good.write_bytes(helpers.png_bytes())
        screen.upload_file(str(good))  # and a real image still goes through
        await wait_for(pilot, lambda: len(helpers.board_image_names(server_url, board)) == 1, what="the good upload")


# -- downloads with names the server cannot make ----------------------------------------------------
ODD_NAMES = [
    "../../escape.png", "..", ".", "/etc/passwd", "a/b/c.png", "..\\..\\windows.png", "C:\\temp\\x.png",
    "evil\u202egnp.exe", "bell\x07\x1b[2J.png", "new\nline.png", ".hidden.png", "é🤖 東京.png",
    "a" * 300 + ".png", "   ", "con", "%2e%2e%2fpct.png", "name\x00nul.png", "~/home.png",
]


async def test_odd_image_names_never_escape_the_download_folder(server_url, board, tui_settings, tmp_path):
    real = [helpers.upload_png(server_url, board, color=(i * 10, 0, 0))["image_name"] for i in range(len(ODD_NAMES))]
    transport = RenamingTransport(dict(zip(real, ODD_NAMES)))
    tui_settings.download_dir = tmp_path / "work" / "downloads"
    app = make_app(tui_settings, server_url, client_factory=client_factory(transport=transport))
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        screen = await open_boards(pilot, board_id=board)
        await wait_for(pilot, lambda: screen.table.total == len(ODD_NAMES), what="the board")
        shown = {screen.table.record_at(i).image_name for i in range(len(ODD_NAMES))
                 if screen.table.record_at(i) is not None}
        assert shown <= set(ODD_NAMES)  # the table got (and drew) the odd names
        for name in ODD_NAMES:
            count = len(log.seen)
            screen.download_images([name])
            await wait_for(pilot, lambda: len(log.seen) > count, timeout=20, what=f"saving {name!r}")
            assert "Saved" in log.seen[-1], (name, log.seen[-1])
        await responsive(pilot)
    downloads = tui_settings.download_dir
    files = [p for p in (tmp_path / "work").rglob("*") if p.is_file()]
    assert all(downloads in p.parents and p.parent == downloads for p in files), files
    assert len(files) == len(ODD_NAMES)
    assert not [p for p in files if p.name.startswith((".partial-", "."))]
    for path in files:
        assert path.read_bytes().startswith(b"\x89PNG")  # whole images, not parts
        assert len(path.name.encode()) <= 255 and "\x00" not in path.name and "\n" not in path.name
    # No request left the image routes through a dot segment.
    assert not any(seg in ("..", ".") for p in transport.paths_seen for seg in p.split("?")[0].split("/"))
    # Nothing appeared beside the work folder either.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["config", "work"]) or \
        set(p.name for p in tmp_path.iterdir()) <= {"config", "work"}
    record("odd image names downloaded", len(ODD_NAMES))


# -- HTML or garbage where JSON belongs -------------------------------------------------------------
def _path_is(prefix: str, method: str = "GET"):
    return lambda r: r.method == method and r.url.path.startswith(prefix)


GARBAGE = {
    "boards-html": (_path_is("/api/v1/boards/"), b"<!doctype html><title>proxy login</title>", "text/html"),
    "boards-not-json": (_path_is("/api/v1/boards/"), b"{\"board_id\": ", "application/json"),
    "boards-wrong-shape": (_path_is("/api/v1/boards/"), b"{\"boards\": 5}", "application/json"),
    "boards-list-of-junk": (_path_is("/api/v1/boards/"), b"[1, \"two\", null]", "application/json"),
    "images-garbage": (_path_is("/api/v1/images/"), b"\x00\xff\xfe garbage", "application/json"),
    "images-wrong-shape": (_path_is("/api/v1/images/"), b"{\"items\": \"none\"}", "application/json"),
    "models-html": (_path_is("/api/v2/models/"), b"<html>502 Bad Gateway</html>", "text/html"),
    "models-wrong-shape": (_path_is("/api/v2/models/"), b"{\"models\": [{\"key\": 1}]}", "application/json"),
    "queue-status-null": (_path_is("/api/v1/queue/default/status"), b"null", "application/json"),
    "workflows-text": (_path_is("/api/v1/workflows/"), b"Service Unavailable", "text/plain"),
    "thumbnail-html": (lambda r: r.url.path.endswith("/thumbnail"), b"<html>login</html>", "text/html"),
}


@pytest.mark.parametrize("case", sorted(GARBAGE))
async def test_garbage_answers_are_explained_without_a_crash(case, server_url, tui_settings, board):
    helpers.upload_png(server_url, board)
    matches, body, ctype = GARBAGE[case]
    transport = CorruptingTransport(matches, body, ctype)
    app = make_app(tui_settings, server_url, client_factory=client_factory(transport=transport, max_retries=0))
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        await wait_for(pilot, lambda: isinstance(app.screen, BoardsScreen), timeout=30, what="connected")
        screen = app.screen
        if not case.startswith(("boards", "images")):  # those two break the boards list itself
            await wait_for(pilot, lambda: screen.boards, what="boards")
            screen.select_board(board)
            await pilot.pause(0.5)
        if case.startswith("models"):
            await app.action_mode("models")
        if case.startswith("workflows"):
            await app.action_mode("workflows")
        await wait_for(pilot, lambda: transport.hits and (log.seen or case.startswith("thumbnail")), timeout=20,
                       what="the bad answer noticed")
        await pilot.pause(0.5)
        for said in log.seen:
            assert "Traceback" not in said and len(said) < 700, said
        if not case.startswith("thumbnail"):
            assert any(w in log.text().lower() for w in ("json", "expected", "shape", "server")), log.text()
        await responsive(pilot)
        assert app.is_running


# -- events with unexpected payloads -----------------------------------------------------------------
WEIRD_PAYLOADS = [None, [], "x", 5, 1.5, True, {}, {"item_id": "abc"}, {"item_id": -1, "status": 7},
                  {"item_id": 10**30, "status": "completed", "status_sequence": "x"},
                  {"queue_id": None, "batch_id": 3, "origin": []}, {"percentage": "half", "image": "not an image"},
                  {"image": {"dataURL": "data:image/png;base64,!!!!", "width": -5, "height": 1e9}},
                  {"message": "m" * 100000}, {"nested": [[[[[[[[{}]]]]]]]]}, {"status": "\x1b[2J"},
                  {"queue_status": {"pending": "many"}, "batch_status": []}, {"result": {"image": None}}]


async def test_events_with_unexpected_payloads_are_survived(server_url, tui_settings):
    app = make_app(tui_settings, server_url)
    async with app.run_test(size=SIZE) as pilot:
        log = NotificationLog(app)
        await open_boards(pilot)
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.connection_state == "live", timeout=30, what="live")
        names = sorted(EVENT_TYPES) + ["no_such_event", "", "connect", "disconnect"]
        fed = 0
        for name in names:
            for payload in WEIRD_PAYLOADS:
                app.client.events.feed(name, payload)
                fed += 1
            await pilot.pause(0.01)
        await pilot.pause(1.0)
        await responsive(pilot)
        assert app.connection_state in ("live", "polling")
        # Still following the real queue afterwards.
        item_id = helpers.enqueue_graph(server_url, helpers.blank_blur_graph(None), origin="after-weird")["item_ids"][0]
        helpers.wait_for_item(server_url, item_id)
        from invokeai_tui.tui.widgets.queue_pane import QueuePane
        from invokeai_tui.tui.widgets.queue_view import QueueTable

        table = app.screen.query_one(QueuePane).query_one(QueueTable)
        await wait_for(pilot, lambda: item_id in table.shown_ids and "completed" in " ".join(
            str(c) for c in table.get_row(str(item_id))), timeout=20, what="the real item completed")
        assert "Traceback" not in log.text()
        record("weird events fed", fed)


# -- bad field values --------------------------------------------------------------------------------
BAD_VALUES = {0: ["abc", "-5", "1e999", "9" * 40, "", "0x10", "4.5", " ", "NaN"],  # width (int, 8..512)
              2: ["fast", "-1", "inf", "1e309", "", "nan"],  # radius (float)
              3: ["#zzzzzz", "red-ish", "#12", "", "rgb(1,2)"]}  # colour


async def test_bad_field_values_are_marked_and_block_submit(server_url, tui_settings, tmp_path):
    path = write_connector_workflow(tmp_path)
    app = make_app(tui_settings, server_url)
    tried = 0
    async with app.run_test(size=(150, 45)) as pilot:
        log = NotificationLog(app)
        screen = await open_workflows(pilot)
        await open_path(pilot, screen, str(path))
        before = set(helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"])
        for index, values in BAD_VALUES.items():
            editor = screen.form.editor(index)
            good = editor.query_one("Input").value
            for value in values:
                editor.query_one("Input").value = value
                await wait_for(pilot, lambda: editor.invalid, timeout=5, what=f"{value!r} marked bad in #{index}")
                problem = str(editor.query_one(".field-error").render())
                assert problem and "Traceback" not in problem, (value, problem)
                count = len(log.seen)
                screen.action_submit()
                await wait_for(pilot, lambda: len(log.seen) > count, timeout=5, what="submit refused")
                assert "Fix these fields" in log.seen[-1]
                tried += 1
            editor.query_one("Input").value = good
            await wait_for(pilot, lambda: not editor.invalid, timeout=5, what="the field good again")
        runs = screen.query_one("#wf-runs")
        for value in ("0", "-3", "x", "100001", ""):
            runs.value = value
            count = len(log.seen)
            screen.action_submit()
            await wait_for(pilot, lambda: len(log.seen) > count, timeout=5, what="runs refused")
            assert "Runs must be" in log.seen[-1]
            tried += 1
        after = set(helpers.api(server_url, "GET", "/api/v1/queue/default/item_ids")["item_ids"])
        assert after == before  # nothing was enqueued
    record("bad field values tried (form)", tried)
