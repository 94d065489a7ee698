"""The seed document's board, model, health, version and Socket.IO examples, run against the real
server through InvokeAIClient with only the import line changed."""

import asyncio

from tests.support import rest as helpers
from invokeai_tui.pyclient import InvokeAIClient


def test_basic_connection_and_probe(server_url, capsys):
    # 1) Using URL helper (recommended)
    client = InvokeAIClient.from_url(server_url)
    # Quick probe
    if client.health_check():
        print("InvokeAI reachable")
    # Read version (raw request)
    resp = client._make_request("GET", "/app/version")
    print(resp.json())
    client.close()
    out = capsys.readouterr().out
    assert "InvokeAI reachable" in out and "{'version': '6.14.2'}" in out


def test_explicit_host_port(server_url):
    from urllib.parse import urlparse

    parsed = urlparse(server_url)
    # 2) Or explicit host/port (base_path defaults to /api/v1)
    client = InvokeAIClient(host=parsed.hostname, port=parsed.port)
    try:
        assert client.health_check() is True
    finally:
        client.close()


def test_boards_and_images_example(server_url, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    uploaded = helpers.upload_png(server_url, None, 20, 10)["image_name"]  # something uncategorized
    try:
        with InvokeAIClient.from_url(server_url) as client:
            # List boards
            boards = client.board_repo.list_boards(include_uncategorized=True)
            lines = []
            for b in boards:
                lines.append((getattr(b, "board_id", "?"), getattr(b, "board_name", "")))
            # Get a handle and download an image (by name)
            bh = client.board_repo.get_board_handle("none")  # uncategorized
            names = bh.list_images(limit=10)
            if names:
                data = bh.download_image(names[0], full_resolution=True)
                with open(names[0], "wb") as f:
                    f.write(data)
        assert lines[0] == ("none", "Uncategorized")
        assert uploaded in names
        assert (tmp_path / names[0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    finally:
        helpers.api(server_url, "DELETE", f"/api/v1/images/i/{uploaded}")


def test_dnn_models_example(server_url):
    with InvokeAIClient.from_url(server_url) as client:
        # List models (fresh API call)
        models = client.dnn_model_repo.list_models()
        print(f"Total models: {len(models)}")
        sdxl_models = [m for m in models if m.base == "sdxl"]
    assert len(models) >= 5 and sdxl_models


def test_socketio_example(server_url):
    statuses = []

    async def main():
        client = InvokeAIClient.from_url(server_url)
        async with client.socketio_session() as sio:
            await sio.emit("subscribe_queue", {"queue_id": "default"})

            @sio.on("queue_item_status_changed")
            async def on_status(evt):
                statuses.append(evt.get("status"))

            # Submit work (sync), then wait using your own logic
            item = await asyncio.to_thread(helpers.enqueue_graph, server_url, helpers.blank_blur_graph(None, 8, 8))
            for _ in range(100):
                if "completed" in statuses:
                    break
                await asyncio.sleep(0.1)
            await sio.emit("unsubscribe_queue", {"queue_id": "default"})
        client.close()
        return item

    item = asyncio.run(main())
    assert item["enqueued"] == 1
    assert statuses[:1] == ["in_progress"] and "completed" in statuses


def test_a_script_that_never_closes_its_client_still_exits(server_url, tmp_path):
    """The seed's examples never call close(). At interpreter shutdown the client's loop thread is
    frozen, so closing then waited forever; unclosed clients are closed at exit instead."""
    import subprocess
    import sys

    script = tmp_path / "unclosed.py"
    script.write_text(
        "import sys\n"
        "from invokeai_tui.pyclient import InvokeAIClient\n"
        "client = InvokeAIClient.from_url(sys.argv[1])\n"
        "print(client.health_check(), len(client.board_repo.list_boards(include_uncategorized=True)) >= 1)\n"
    )
    done = subprocess.run([sys.executable, str(script), server_url], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "True"]
