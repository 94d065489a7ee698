"""`invokeai-tui generate` as a subprocess against the real server: --json, --print-graph sends
nothing, --out downloads whole files, a generation the server fails exits 1, bad input exits 2 with
nothing sent, a dead server exits 3."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import uuid

import httpx
import pytest

from tests.support import rest

FAST = ["--width", "64", "--height", "64", "--steps", "2"]


def generate(server_url: str, tmp_path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "invokeai_tui.cli", "generate", *args, "--url", server_url,
               "--config", str(tmp_path / "no-config.toml")]
    # stdin is not a terminal, as from a script: a multi-user server's login is never asked for
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def queue_total(server_url: str) -> int:
    return rest.api(server_url, "GET", "/api/v1/queue/default/status")["queue"]["total"]


def test_json_names_the_images_and_queue_items_on_the_board(server_url, tmp_path):
    name = f"cli-{uuid.uuid4().hex[:8]}"
    board_id = rest.api(server_url, "POST", "/api/v1/boards/", params={"board_name": name})["board_id"]
    try:
        done = generate(server_url, tmp_path, "a {red|blue} ball", *FAST, "--seed", "9", "--board", name,
                        "--model", "tiny-sd15", "--json")
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        assert len(answer["images"]) == 2 and len(answer["item_ids"]) == 2
        assert answer["seeds"] == [9] and answer["prompts"] == ["a red ball", "a blue ball"]
        assert sorted(rest.board_image_names(server_url, board_id)) == sorted(answer["images"])
        for item_id in answer["item_ids"]:
            assert rest.get_item(server_url, item_id)["origin"] == "invokeai-tui"
        assert "queued 2 item(s)" in done.stderr
    finally:
        rest.delete_board(server_url, board_id)


@pytest.mark.parametrize("model", ["tiny-sd15", "tiny-sdxl", "tiny-sd3", "tiny-z-image", "tiny-flux2-klein",
                                   "tiny-cogview4"])
def test_text_to_image_for_every_base_with_a_tiny_model(server_url, tmp_path, model):
    done = generate(server_url, tmp_path, "a red fox", *FAST, "--model", model, "--seed", "4", "--json")
    assert done.returncode == 0, done.stderr
    [image] = json.loads(done.stdout)["images"]
    metadata = rest.api(server_url, "GET", f"/api/v1/images/i/{image}/metadata")
    assert metadata["model"]["name"] == model and metadata["seed"] == 4
    assert metadata["positive_prompt"] == "a red fox" and metadata["generation_mode"].endswith("txt2img")


def test_print_graph_prints_the_request_and_sends_nothing(server_url, tmp_path):
    before = queue_total(server_url)
    done = generate(server_url, tmp_path, "a lighthouse", *FAST, "--seed", "5", "--iterations", "3",
                    "--negative", "blurry", "--print-graph")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert body["prepend"] is False and body["batch"]["origin"] == "invokeai-tui"
    seeds = [d for group in body["batch"]["data"] for d in group if d["node_path"].startswith("seed:")]
    assert seeds[0]["items"] == [5, 6, 7]
    assert queue_total(server_url) == before


def test_recall_starts_from_an_images_parameters_and_flags_override(server_url, tmp_path):
    done = generate(server_url, tmp_path, "a recalled fox", *FAST, "--seed", "21", "--negative", "blurry", "--json")
    assert done.returncode == 0, done.stderr
    image = json.loads(done.stdout)["images"][0]
    again = generate(server_url, tmp_path, "a new prompt", "--recall", image, "--steps", "3", "--print-graph")
    assert again.returncode == 0, again.stderr
    body = json.loads(again.stdout)
    nodes = body["batch"]["graph"]["nodes"].values()
    denoise = next(n for n in nodes if n["type"] == "denoise_latents")
    noise = next(n for n in nodes if n["type"] == "noise")
    assert denoise["steps"] == 3 and (noise["width"], noise["height"]) == (64, 64)
    data = {d["node_path"].split(":")[0]: d["items"] for group in body["batch"]["data"] for d in group}
    assert data["seed"] == [21] and data["positive_prompt"] == ["a new prompt"]
    assert data["negative_prompt"] == ["blurry"]
    missing = generate(server_url, tmp_path, "x", "--recall", "no-such-image.png")
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_out_downloads_whole_files(server_url, tmp_path):
    out = tmp_path / "images"
    done = generate(server_url, tmp_path, "a red fox", *FAST, "--out", str(out))
    assert done.returncode == 0, done.stderr
    files = done.stdout.split()
    assert len(files) == 1 and files[0].startswith(str(out))
    saved = (out / files[0].rsplit("/", 1)[1]).read_bytes()
    name = files[0].rsplit("/", 1)[1]
    assert saved == httpx.get(f"{server_url}/api/v1/images/i/{name}/full", timeout=30).content


def test_a_generation_the_server_fails_exits_1_with_its_error(server_url, tmp_path):
    """tiny-sdxl's own VAE is 2x: it encodes a 64×64 init image to latents four times the noise's size and
    the server's denoise node fails. With the testbed's 8x sdxl VAE the same command succeeds."""
    init = tmp_path / "init.png"
    init.write_bytes(rest.png_bytes(64, 64, (200, 60, 30)))
    command = ["a red fox", *FAST, "--model", "tiny-sdxl", "--init-image", str(init), "--strength", "0.6"]
    failed = generate(server_url, tmp_path, *command, "--json")
    assert failed.returncode == 1, failed.stderr
    assert "Incompatible 'noise' and 'latents' shapes" in failed.stderr and failed.stdout == ""
    done = generate(server_url, tmp_path, *command, "--vae", "tiny-vae-sdxl", "--json")
    assert done.returncode == 0, done.stderr
    [image] = json.loads(done.stdout)["images"]
    assert rest.api(server_url, "GET", f"/api/v1/images/i/{image}/metadata")["generation_mode"] == "sdxl_img2img"


def test_bad_input_exits_2_and_sends_nothing(server_url, tmp_path):
    not_an_image = tmp_path / "notes.png"
    not_an_image.write_text("not an image")
    before = queue_total(server_url)
    cases = {
        ("--width", "100"): "Width 100 does not fit",
        ("--model", "no-such-model"): "No main model named 'no-such-model'",
        ("--lora", "tiny-embedding-sd1"): "No LoRA named",
        ("--init-image", str(not_an_image)): "is not an image",
        ("--init-image", "no-such-image.png"): "does not exist on the server",
        ("--board", "no-such-board-here"): "no board named",
        ("--steps", "0"): "Steps 0 is out of range",
    }
    for args, message in cases.items():
        done = generate(server_url, tmp_path, "a red fox", "--width", "64", "--height", "64", *args)
        assert done.returncode == 2, (args, done.stderr)
        assert message in done.stderr and done.stdout == "", (args, done.stderr)
    done = generate(server_url, tmp_path, "a {red} {blue", *FAST)
    assert done.returncode == 2 and "cannot be expanded" in done.stderr
    assert queue_total(server_url) == before


def test_a_dead_server_exits_3(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens there
    done = generate(f"http://127.0.0.1:{port}", tmp_path, "a red fox", timeout=60)
    assert done.returncode == 3 and "cannot connect" in done.stderr and done.stdout == ""


def test_a_multiuser_server_needs_the_saved_login(multiuser_server, tmp_path):
    from invokeai_tui.client import AsyncInvokeAIClient
    from invokeai_tui.config.token_store import save_token

    url = multiuser_server["url"]
    done = generate(url, tmp_path, "a red fox")
    assert done.returncode == 3 and "needs a login" in done.stderr
    admin = multiuser_server["admin"]
    token = rest.api(url, "POST", "/api/v1/auth/login",
                     json={"email": admin["email"], "password": admin["password"]})["token"]
    save_token(AsyncInvokeAIClient.from_url(url).root_url, token, folder=tmp_path / "tokens")
    done = generate(url, tmp_path, "a red fox")  # logged in: this server has no models
    assert done.returncode == 2 and "No main model is installed" in done.stderr
