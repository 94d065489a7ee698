"""`invokeai-tui run` as a subprocess against the real server: a default library workflow by name with
the tiny SD-1 model, a sweep of two values, --out with whole files (twice, never overwriting),
--list-inputs --json equal to the engine's list_inputs(), a JSON file and a PNG with its embedded
workflow; bad input exits 2 with nothing sent, a dead server exits 3 in one line."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import signal
import socket
import subprocess
import sys
import threading

import httpx
from PIL import Image

from invokeai_tui.pyclient import AsyncInvokeAIClient
from tests.support import rest
from tests.support import workflow_builders as wb

SD15 = "Text to Image - SD1.5"
SD15_ID = "default_7dde3e36-d78f-4152-9eea-00ef9c8124ed"
# 64×64 px, 2 steps (not an input of the form: set as NODE.FIELD) with the tiny model.
TINY = ["--set", "Model=tiny-sd15", "--set", "Width=64", "--set", "Height=64", "--set", "denoise_latents.steps=2"]


def run_cli(server_url: str, tmp_path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "invokeai_tui.cli", "run", *args, "--url", server_url,
               "--config", str(tmp_path / "no-config.toml")]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def queue_total(server_url: str) -> int:
    return rest.api(server_url, "GET", "/api/v1/queue/default/status")["queue"]["total"]


def prompts_of(server_url: str, item_id: int) -> dict[str, str]:
    """The prompt of each compel node the item ran, by the node's label."""
    nodes = rest.get_item(server_url, item_id)["session"]["graph"]["nodes"].values()
    return {n["id"]: n["prompt"] for n in nodes if n["type"] == "compel"}


def assert_whole_png(path, server_url: str) -> None:
    with Image.open(path) as image:
        image.load()  # a cut-short file fails here
        assert image.format == "PNG"
    name = path.name
    assert path.read_bytes() == httpx.get(f"{server_url}/api/v1/images/i/{name}/full", timeout=30).content


def test_library_workflow_by_name_with_a_sweep_downloads_whole_files_and_never_overwrites(server_url, tmp_path,
                                                                                          board):
    board_name = rest.api(server_url, "GET", f"/api/v1/boards/{board}")["board_name"]
    out = tmp_path / "images"
    done = run_cli(server_url, tmp_path, SD15, *TINY, "--set", "Positive Prompt=a red fox",
                   "--sweep", "Negative Prompt=blurry,dark", "--board", board_name, "--out", str(out), "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["workflow"] == SD15 and len(answer["item_ids"]) == 2
    assert len(answer["images"]) == 2 and len(set(answer["images"])) == 2
    assert sorted(rest.board_image_names(server_url, board)) == sorted(answer["images"])
    assert [o["board_id"] for o in answer["outputs"]] == [board, board]
    negatives = sorted(p for item in answer["item_ids"] for p in prompts_of(server_url, item).values()
                       if p != "a red fox")
    assert negatives == ["blurry", "dark"]
    assert "queued 2 item(s)" in done.stderr and "image " in done.stderr
    files = sorted(out.iterdir())
    assert [str(f) for f in files] == sorted(answer["files"])
    for path in files:
        assert_whole_png(path, server_url)
    first = {f.name: f.read_bytes() for f in files}

    again = run_cli(server_url, tmp_path, SD15, *TINY, "--set", "Positive Prompt=a blue fox", "--out", str(out))
    assert again.returncode == 0, again.stderr
    [line] = again.stdout.splitlines()  # plain: one line per image, the file it went to
    assert line.startswith(str(out)) and line.rsplit("/", 1)[1] not in first
    assert {f.name: f.read_bytes() for f in out.iterdir() if f.name in first} == first  # untouched
    assert len(list(out.iterdir())) == 3


def test_list_inputs_json_equals_the_engines_list_inputs(server_url, tmp_path):
    async def engine_inputs():
        async with AsyncInvokeAIClient.from_url(server_url) as client:
            handle = await client.workflow_repo.create_workflow_from_library(SD15_ID)
            return [i.to_dict() for i in handle.list_inputs()]

    expected = json.loads(json.dumps(asyncio.run(engine_inputs())))
    before = queue_total(server_url)
    listed = run_cli(server_url, tmp_path, SD15, "--list-inputs", "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout) == expected
    by_id = run_cli(server_url, tmp_path, SD15_ID, "--list-inputs", "--json")
    assert json.loads(by_id.stdout) == expected
    table = run_cli(server_url, tmp_path, SD15, "--list-inputs", "--set", "Width=64", "--set", "0=tiny-sd15")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["#", "LABEL", "KIND", "VALUE"] and len(lines) == 1 + len(expected)
    assert lines[1].split() == ["0", "Model", "model", "tiny-sd15"]
    assert lines[4].split() == ["3", "Width", "integer", "64"]
    slashed = run_cli(server_url, tmp_path, "Text to Video - Wan 2.2 Lightning w/ Concept LoRAs", "--list-inputs")
    assert slashed.returncode == 0 and slashed.stdout.splitlines()[1].split()[:3] == ["0", "Prompt", "string"]
    assert queue_total(server_url) == before


def test_a_json_file_and_a_png_with_its_embedded_workflow(server_url, tmp_path):
    workflow = rest.api(server_url, "GET", f"/api/v1/workflows/i/{SD15_ID}")["workflow"]
    path = tmp_path / "sd15.json"
    path.write_text(json.dumps(workflow))
    out = tmp_path / "out"
    done = run_cli(server_url, tmp_path, str(path), *TINY, "--set", "1=a fox from a file", "--out", str(out),
                   "--json")
    assert done.returncode == 0, done.stderr
    [png] = json.loads(done.stdout)["files"]
    # The PNG carries the workflow with the values it ran with (2 steps too): run it again as it is.
    again = run_cli(server_url, tmp_path, png, "--json")
    assert again.returncode == 0, again.stderr
    [item_id] = json.loads(again.stdout)["item_ids"]
    assert "a fox from a file" in prompts_of(server_url, item_id).values()


def test_a_model_this_server_lacks_is_refused_unless_synced(server_url, tmp_path):
    workflow = rest.api(server_url, "GET", f"/api/v1/workflows/i/{SD15_ID}")["workflow"]
    loader = next(n for n in workflow["nodes"] if n["data"]["type"] == "main_model_loader")
    loader["data"]["inputs"]["model"]["value"] = {"key": "not-here", "hash": "blake3:0", "name": "tiny-sd15",
                                                  "base": "sd-1", "type": "main"}
    path = tmp_path / "elsewhere.json"
    path.write_text(json.dumps(workflow))
    before = queue_total(server_url)
    refused = run_cli(server_url, tmp_path, str(path), "--set", "Width=64", "--set", "Height=64")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "names 'tiny-sd15', which is not installed here: --set 0=NAME or --sync-models" in refused.stderr
    synced = run_cli(server_url, tmp_path, str(path), "--sync-models", "--list-inputs", "--json")
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)[0]["value"]["key"] == rest.model_by_name(server_url, "tiny-sd15")["key"]
    assert "model tiny-sd15 -> tiny-sd15" in synced.stderr
    assert queue_total(server_url) == before


def test_bad_input_exits_2_names_what_fits_and_sends_nothing(server_url, tmp_path):
    before = queue_total(server_url)
    cases = {
        ("--set", "Prompt=x"): "has no input 'Prompt'. Its inputs: 0 'Model', 1 'Positive Prompt', "
                               "2 'Negative Prompt', 3 'Width', 4 'Height', 5 'Board'",
        ("--set", "Width=wide"): "input 3 'Width' takes integer",
        ("--set", "Height=65"): "input 4 'Height' takes integer",
        ("--set", "Model=tiny-sdxl"): "input 0 'Model' takes model",
        ("--set", "Model=no-such-model"): "no installed model fitting this input is named 'no-such-model'",
        ("--sweep", "Width=64,wide"): "--sweep: input 3 'Width' takes integer",
        ("--set", "Board=no-such-board"): "input 5 'Board' takes board",
        ("--board", "no-such-board"): "there is no board named 'no-such-board'",
        ("--set", "Width"): "write INPUT=VALUE",
        ("--set", "denoise_latents.steps=0.5"): "denoise_latents.steps takes integer",
        ("--set", "noise.seed=3"): "fed by a connection",
        ("--set", "denoise_latents.stepz=3"): "that node has no input 'stepz'",
    }
    for args, message in cases.items():
        done = run_cli(server_url, tmp_path, SD15, *TINY, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr and done.stdout == "", (args, done.stderr)
    no_model = run_cli(server_url, tmp_path, SD15)
    assert no_model.returncode == 2 and "Input 0 ('Model') has no model: --set 0=NAME" in no_model.stderr
    ambiguous = run_cli(server_url, tmp_path, "SD1.5", "--list-inputs")
    assert ambiguous.returncode == 2 and "'Text to Image - SD1.5, LoRA'" in ambiguous.stderr
    missing = run_cli(server_url, tmp_path, str(tmp_path / "missing.json"))
    assert missing.returncode == 2 and "There is no workflow file" in missing.stderr
    assert queue_total(server_url) == before


def test_a_dead_server_exits_3_in_one_line(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens there
    done = run_cli(f"http://127.0.0.1:{port}", tmp_path, SD15, timeout=60)
    assert done.returncode == 3 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and "cannot connect" in done.stderr


def blur_workflow(tmp_path, *, size: int = 0, radius: int = 2):
    """A model-free workflow: an image (an input, or a blank one of `size` px) blurred and saved."""
    nodes = [wb.inv("blur", "img_blur", {"image": (None, "Image"), "radius": (radius, "Radius")}, intermediate=False,
                    use_cache=False)]
    edges, exposed = [], [("blur", "image"), ("blur", "radius")]
    if size:
        nodes.append(wb.inv("blank", "blank_image", {"width": size, "height": size, "mode": "RGB"},
                            use_cache=False))
        edges, exposed = [wb.edge("blank", "image", "blur", "image")], [("blur", "radius")]
    path = tmp_path / "blur.json"
    path.write_text(json.dumps(wb.workflow(nodes, edges, exposed=exposed, name="blur")))
    return str(path)


def test_a_local_image_is_uploaded_and_a_run_the_server_fails_exits_1(server_url, tmp_path):
    workflow = blur_workflow(tmp_path)
    local = tmp_path / "in.png"
    local.write_bytes(rest.png_bytes(32, 24))
    done = run_cli(server_url, tmp_path, workflow, "--set", f"Image={local}", "--json")
    assert done.returncode == 0, done.stderr
    [image] = json.loads(done.stdout)["images"]
    assert rest.api(server_url, "GET", f"/api/v1/images/i/{image}")["width"] == 32
    missing = run_cli(server_url, tmp_path, workflow, "--set", "Image=does-not-exist.png")
    assert missing.returncode == 2 and "there is no image 'does-not-exist.png' on the server" in missing.stderr
    # An integer division by zero passes every check and fails on the server.
    division = tmp_path / "div.json"
    division.write_text(json.dumps(wb.workflow([wb.inv("div", "div", {"a": (1, "A"), "b": (0, "B")})], [],
                                               exposed=[("div", "a"), ("div", "b")], name="divide")))
    failed = run_cli(server_url, tmp_path, str(division), "--set", "B=0", "--json")
    assert failed.returncode == 1 and failed.stdout == "", failed.stderr
    assert "Workflow 'divide' failed (queue item" in failed.stderr and "ZeroDivisionError" in failed.stderr


def test_ctrl_c_stops_waiting_says_what_stays_queued_and_cancels_nothing(server_url, tmp_path):
    workflow = blur_workflow(tmp_path, size=4096, radius=60)  # several seconds on 2 cores
    command = [sys.executable, "-m", "invokeai_tui.cli", "run", workflow, "--runs", "2", "--url", server_url,
               "--config", str(tmp_path / "no-config.toml")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               stdin=subprocess.DEVNULL)
    first = process.stderr.readline()
    batch_id = first.rsplit("batch ", 1)[-1].strip()
    try:
        assert "queued 2 item(s)" in first, first
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        assert process.returncode == 130, err
        assert out == "" and "still queued on the server, not canceled" in err
        status = rest.api(server_url, "GET", f"/api/v1/queue/default/b/{batch_id}/status")
        assert status["canceled"] == 0 and status["pending"] + status["in_progress"] + status["completed"] == 2
    finally:
        process.kill()
        httpx.put(f"{server_url}/api/v1/queue/default/cancel_by_batch_ids", json={"batch_ids": [batch_id]},
                  timeout=30)


def test_on_a_terminal_the_progress_is_drawn_on_stderr_and_stdout_keeps_only_the_data(server_url, tmp_path):
    """rich's live display would take stdout's lines into the bar unless told not to."""
    master, slave = pty.openpty()
    drawn = bytearray()
    reader = threading.Thread(target=lambda: drain(master, drawn), daemon=True)
    reader.start()
    command = [sys.executable, "-m", "invokeai_tui.cli", "run", SD15, *TINY, "--url", server_url,
               "--config", str(tmp_path / "no-config.toml")]
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=slave, stdin=subprocess.DEVNULL, text=True,
                              timeout=180)
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    assert done.returncode == 0, drawn.decode(errors="replace")
    [image] = done.stdout.splitlines()
    assert image.endswith(".png") and image.encode() in drawn  # said on stderr ("image NAME from ...") too
    assert b"1 image(s) saved" in drawn


def drain(fd: int, into: bytearray) -> None:
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the other end closed
            return
        if not chunk:
            return
        into.extend(chunk)
