"""Videos through `invokeai-tui run` and `queue --watch`, as subprocesses against the real server with the
tiny Wan 2.2 models (scripts/tiny_models_wan.py): the Wan text to video and image to video default
workflows run at a small size and `--out` downloads the MP4 whole (H.264, the frame count asked for);
a video input naming a video the server lacks, or a local MP4 it would refuse, exits 2 with nothing
queued; `queue --watch` announces the saved video."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.support import rest
from tests.support.cli_run import Running, cli
from tests.support.mp4_frames import describe_mp4
from tests.support.tiny_graphs import wan_text_to_video_graph
from tests.support.video_media import clip
from tests.support.wan_workflows import (
    EXTEND_VIDEO,
    EXTEND_VIDEO_SETTINGS,
    FRAMES,
    IMAGE_LABEL,
    IMAGE_TO_VIDEO,
    IMAGE_TO_VIDEO_SETTINGS,
    TEXT_TO_VIDEO,
    TEXT_TO_VIDEO_SETTINGS,
    VIDEO_LABEL,
)


def set_flags(settings: list[tuple[str, object]]) -> list[str]:
    """--set LABEL=VALUE for each (label, value); "@model:NAME" is the model NAME."""
    return [arg for label, value in settings for arg in ("--set", f"{label}={str(value).removeprefix('@model:')}")]


def test_run_downloads_a_wan_text_to_video_mp4_whole(server_url, tmp_path, board):
    """Text to Video - Wan 2.2 Lightning (the A14B pipeline, tiny) at 64x64, 9 frames, 2 steps; the frame
    rate set on its wan_l2v node as NODE.FIELD."""
    sets = set_flags(TEXT_TO_VIDEO_SETTINGS)
    folder = tmp_path / "out"
    done = cli(server_url, tmp_path, "run", TEXT_TO_VIDEO, *sets, "--set", "wan_l2v.fps=8", "--board", board,
               "--out", str(folder), "--json", timeout=300)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    [video] = answer["videos"]
    assert answer["images"] == [] and answer["files"] == [str(folder / video)]
    assert [(o["kind"], o["video_name"], o["board_id"]) for o in answer["outputs"]] == [("video", video, board)]
    assert f"video {video} from " in done.stderr
    data = (folder / video).read_bytes()
    assert data == httpx.get(f"{server_url}/api/v1/videos/i/{video}/full", timeout=30).content  # whole
    assert describe_mp4(data) == (["avc1"], [FRAMES])  # H.264, the frame count asked for
    record = rest.api(server_url, "GET", f"/api/v1/videos/i/{video}")
    assert (record["width"], record["height"], record["board_id"]) == (64, 64, board)
    assert record["fps"] == pytest.approx(8)


def test_run_refuses_a_video_input_the_server_would_not_have_with_nothing_sent(server_url, tmp_path):
    queued = rest.api(server_url, "GET", "/api/v1/queue/default/status")["queue"]["total"]
    for video, reason in (("no-such-video.mp4", "there is no video 'no-such-video.mp4' on the server"),
                          (str(clip("mpeg4-128x96")), "MPEG-4 Part 2")):
        done = cli(server_url, tmp_path, "run", EXTEND_VIDEO, *set_flags(EXTEND_VIDEO_SETTINGS),
                   "--set", f"{VIDEO_LABEL}={video}")
        assert done.returncode == 2 and done.stdout == "" and reason in done.stderr, done.stderr
        assert ".." not in done.stderr
    assert rest.api(server_url, "GET", "/api/v1/queue/default/status")["queue"]["total"] == queued


def test_run_downloads_a_wan_image_to_video_mp4_from_a_local_image(server_url, tmp_path, board):
    """Image to Video - Wan 2.2 Lightning (tiny I2V A14B): a local 64x64 PNG uploaded on submit; the sizing
    node's smallest target (480p) makes the clip 480x480."""
    picture = tmp_path / "start.png"
    picture.write_bytes(rest.png_bytes(64, 64, (20, 140, 60)))
    folder = tmp_path / "out"
    done = cli(server_url, tmp_path, "run", IMAGE_TO_VIDEO, *set_flags(IMAGE_TO_VIDEO_SETTINGS),
               "--set", f"{IMAGE_LABEL}={picture}", "--board", board, "--out", str(folder), timeout=300)
    assert done.returncode == 0, done.stderr
    [path] = done.stdout.splitlines()  # plain: the saved file's path only
    video = path.rsplit("/", 1)[1]
    assert path == str(folder / video) and video.endswith(".mp4")
    data = (folder / video).read_bytes()
    assert data == httpx.get(f"{server_url}/api/v1/videos/i/{video}/full", timeout=30).content
    assert describe_mp4(data) == (["avc1"], [FRAMES])
    record = rest.api(server_url, "GET", f"/api/v1/videos/i/{video}")
    assert (record["width"], record["height"], record["board_id"]) == (480, 480, board)


def test_queue_watch_announces_a_saved_video(server_url, tmp_path, board):
    watching = Running(server_url, tmp_path, "queue", "--watch", "--json")
    try:
        assert json.loads(watching.next_line())["event"] == "queue_status"
        graph = wan_text_to_video_graph(rest.model_by_name(server_url, "tiny-wan-ti2v"), board, steps=2)
        [item_id] = rest.enqueue_graph(server_url, graph)["item_ids"]
        seen: list[dict] = []
        while not any(d["event"] == "item_status" and d["item_id"] == item_id and d["status"] == "completed"
                      for d in seen):
            seen.append(json.loads(watching.next_line(timeout=120)))
        [video] = [d for d in seen if d.get("item_id") == item_id and d["event"] == "video"]
        assert video["node_id"] and video["video_name"].endswith(".mp4")
        assert rest.api(server_url, "GET", f"/api/v1/videos/i/{video['video_name']}")["board_id"] == board
        code, _ = watching.interrupt()
        assert code == 130
    finally:
        watching.kill()
