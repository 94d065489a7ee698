"""The Wan 2.2 default workflows in the app: every input has an editor (a video input takes a server
video name or a local MP4, the concept LoRAs are a LoRA list), none is left read-only."""

from __future__ import annotations

from tests.support import rest as helpers
from tests.support.app_driving import SIZE, wait_for
from tests.support.workflow_screen import open_workflows
from invokeai_tui.tui.widgets.form_fields import LoRACollectionEditor, OtherEditor, VideoEditor

from .test_workflows_defaults import open_by_id

MP4_HEAD = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2"  # an MP4's first box: enough for the form


def wan_workflow_ids(server_url: str) -> list[str]:
    defaults = helpers.api(server_url, "GET", "/api/v1/workflows/", params={"categories": "default", "per_page": 100})
    return sorted(w["workflow_id"] for w in defaults["items"] if w["workflow_id"].startswith("default_wan22_"))


async def test_every_wan_workflow_opens_with_every_input_editable(make_app, server_url):
    wan_ids = wan_workflow_ids(server_url)
    assert len(wan_ids) == 12
    app = make_app()
    seen: dict[str, int] = {}
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        for workflow_id in wan_ids:
            handle = await open_by_id(pilot, screen, workflow_id)
            editors = screen.form.editors
            assert len(editors) == len(handle.inputs) > 0
            for editor in editors:
                kind = editor.winput.kind
                assert not isinstance(editor, OtherEditor), (workflow_id, editor.winput.label, kind)
                assert not editor.invalid, (workflow_id, editor.winput.label, editor.problem)
                assert isinstance(editor, VideoEditor) == (kind == "video")
                assert isinstance(editor, LoRACollectionEditor) == (kind == "lora_collection")
                seen[kind] = seen.get(kind, 0) + 1
    assert seen["video"] == 3 and seen["lora_collection"] == 3


async def test_a_video_input_takes_a_local_mp4_or_a_server_name(make_app, server_url, tmp_path):
    clip, still = tmp_path / "clip.mp4", tmp_path / "still.mp4"
    clip.write_bytes(MP4_HEAD)
    still.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        await open_by_id(pilot, screen, "default_wan22_extend_video_lightning")
        editor = next(e for e in screen.form.editors if isinstance(e, VideoEditor))
        assert editor.winput.label == "Initial Video"
        entry = editor.query_one("Input")
        for text, check in (
            (str(clip), lambda: editor.field.needs_upload and editor.field.local_path == clip and not editor.invalid),
            (str(still), lambda: editor.invalid and "not an MP4" in editor.problem),
            ("a-server-video.mp4", lambda: editor.field.get() == {"video_name": "a-server-video.mp4"}
             and not editor.invalid),
        ):
            entry.focus()
            entry.value = ""
            await pilot.press(*text)
            await wait_for(pilot, check, what=f"the video input after typing {text!r}")
        entry.value = str(clip)
        await wait_for(pilot, lambda: "uploaded on submit" in str(editor.query_one(".video-note").render()),
                       what="the local file noted")
        await pilot.press("f4")  # reset: back to the workflow's (empty) value
        await wait_for(pilot, lambda: entry.value == "" and not editor.field.needs_upload, what="reset")


async def test_concept_loras_are_picked_with_their_weights(make_app, server_url):
    low = helpers.model_by_name(server_url, "tiny-wan-lora-low_noise")
    sdxl_lora = helpers.model_by_name(server_url, "tiny-lora-sdxl")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        await open_by_id(pilot, screen, "default_wan22_t2v_lightning_concept")
        editor = next(e for e in screen.form.editors if isinstance(e, LoRACollectionEditor))
        picker = editor.query_one("#lora-add")
        offered = [value for _label, value in picker._options if isinstance(value, str)]
        assert low["key"] in offered and sdxl_lora["key"] not in offered  # Wan LoRAs only
        editor.scroll_visible()
        picker.value = low["key"]
        await wait_for(pilot, lambda: [i["lora"]["key"] for i in editor.field.get()] == [low["key"]],
                       what="the LoRA added")
        assert editor.field.get()[0]["weight"] == 0.75  # the web UI's default weight
        weight = editor.query_one(".lora-weight")
        weight.focus()
        weight.clear()
        await pilot.press(*"0.4")
        await wait_for(pilot, lambda: editor.field.get()[0]["weight"] == 0.4, what="the weight typed")
        weight.clear()
        await pilot.press("x")
        await wait_for(pilot, lambda: editor.invalid, what="a bad weight marked")
        assert "must be a number" in editor.problem
        weight.clear()
        await pilot.press("1")
        await wait_for(pilot, lambda: not editor.invalid and editor.field.get()[0]["weight"] == 1.0, what="fixed")
        editor.query_one(".lora-remove").press()
        await wait_for(pilot, lambda: editor.field.get() == [], what="the LoRA removed")


async def test_a_local_clip_the_server_would_refuse_is_named_on_submit(make_app, server_url):
    from tests.support.video_media import clip

    app = make_app()
    said = []
    original_notify = app.notify

    def notify(message, *, title="", severity="information", **kw):
        said.append((severity, f"{title}: {message}"))
        return original_notify(message, title=title, severity=severity, **kw)

    app.notify = notify
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        handle = await open_by_id(pilot, screen, "default_wan22_extend_video_lightning")
        editor = next(e for e in screen.form.editors if isinstance(e, VideoEditor))
        editor.query_one("Input").value = str(clip("mpeg4-128x96"))  # an MP4, but MPEG-4 Part 2
        await wait_for(pilot, lambda: editor.field.needs_upload and not editor.invalid, what="the local clip")
        await pilot.press("f5")
        await wait_for(pilot, lambda: any(s == "error" and "MPEG-4 Part 2" in text for s, text in said),
                       what="the refusal shown")
        assert handle.last_run is None  # nothing was enqueued


async def test_a_board_video_is_picked_with_its_poster(make_app, server_url, board):
    import httpx

    from tests.support.video_media import clip
    from invokeai_tui.tui.screens.workflow_dialogs import VideoPickDialog

    source = clip("h264-128x96")
    uploaded = httpx.post(f"{server_url}/api/v1/videos/upload", timeout=60,
                          params={"video_category": "user", "is_intermediate": "false", "board_id": board},
                          files={"file": (source.name, source.read_bytes(), "video/mp4")}).json()["video_name"]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        await open_by_id(pilot, screen, "default_wan22_extend_video_lightning")
        editor = next(e for e in screen.form.editors if isinstance(e, VideoEditor))
        editor.query_one("#pick-video").press()
        dialog = await wait_for(pilot, lambda: isinstance(app.screen, VideoPickDialog) and app.screen,
                                what="the video picker")
        boards = dialog.query_one("#pick-boards")
        boards.highlighted = next(i for i in range(boards.option_count) if boards.get_option_at_index(i).id == board)
        videos = dialog.query_one("#pick-images")
        await wait_for(pilot, lambda: videos.option_count == 1, what="the board's video listed")
        assert "128×96 · 2.0 s · 8 fps" in str(videos.get_option_at_index(0).prompt)
        preview = dialog.query_one("#pick-preview")
        await wait_for(pilot, lambda: preview.showing == uploaded and preview.kind == "poster", what="its poster")
        videos.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: editor.field.get() == {"video_name": uploaded}, what="the video picked")
        assert editor.query_one("Input").value == uploaded and not editor.field.needs_upload
