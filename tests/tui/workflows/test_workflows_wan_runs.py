"""Wan 2.2 text to video and image to video run end to end through the Workflows screen with the tiny
Wan models: the form filled as a person would, f5, the MP4 listed in the run's results (marked as a
video, its poster previewed), w saves it whole: H.264, the frames asked for."""

from __future__ import annotations

import httpx

from tests.support import rest as helpers
from tests.support.app_driving import SIZE, wait_for
from tests.support.mp4_frames import describe_mp4
from tests.support.wan_workflows import (
    FRAMES,
    IMAGE_LABEL,
    IMAGE_TO_VIDEO,
    IMAGE_TO_VIDEO_SETTINGS,
    TEXT_TO_VIDEO,
    TEXT_TO_VIDEO_SETTINGS,
    input_index,
)
from tests.support.workflow_screen import open_workflows
from invokeai_tui.tui.widgets.form_fields import EnumEditor, ImageEditor, ModelEditor
from invokeai_tui.tui.widgets.run_results import VIDEO_MARK

from .test_workflows_defaults import open_by_id


async def fill(pilot, screen, settings, server_url: str) -> None:
    """Each setting through its editor: models and choices picked in their selects, text and numbers typed."""
    handle = screen.handle
    for label, value in settings:
        editor = screen.form.editor(input_index(handle, label))
        if isinstance(editor, ModelEditor):
            key = helpers.model_by_name(server_url, value.removeprefix("@model:"))["key"]
            editor.query_one("Select").value = key
            await wait_for(pilot, lambda: (editor.field.get() or {}).get("key") == key, what=f"{label} chosen")
            continue
        if isinstance(editor, EnumEditor):
            editor.query_one("Select").value = value
        else:
            widget = editor.query_one("Input, TextArea")
            widget.focus()
            widget.clear()
            await pilot.press(*str(value))
        await wait_for(pilot, lambda: editor.field.get() == value and not editor.invalid, what=f"{label} set")


async def run_and_download(pilot, screen, server_url: str):
    """f5, then the run's one result: a video, listed and previewed; w saves it. Returns (name, MP4 bytes)."""
    await pilot.press("f5")
    title = screen.query_one("#wf-results-title")
    await wait_for(pilot, lambda: "Completed" in str(title.render()) and screen.results, timeout=180,
                   what="the run's results")
    assert "1 item(s): 1 video(s) ·" in str(title.render())
    [(name, _board)] = screen.results
    assert screen.run_results.videos == {name}
    listing = screen.query_one("#wf-result-list")
    assert str(listing.get_option_at_index(0).prompt).startswith(f"{VIDEO_MARK} {name}")
    preview = screen.query_one("#wf-result-preview")
    await wait_for(pilot, lambda: preview.showing == name and preview.kind == "poster", what="the poster shown")
    listing.focus()
    await pilot.press("w")
    await wait_for(pilot, lambda: getattr(screen, "last_download", None), what="the download")
    data = screen.last_download.read_bytes()
    full = httpx.get(f"{server_url}/api/v1/videos/i/{name}/full", timeout=60)
    assert data == full.content  # the whole file
    return name, data


async def test_text_to_video_through_the_app(make_app, server_url):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        await open_by_id(pilot, screen, TEXT_TO_VIDEO)
        await fill(pilot, screen, TEXT_TO_VIDEO_SETTINGS, server_url)
        name, data = await run_and_download(pilot, screen, server_url)
    assert describe_mp4(data) == (["avc1"], [FRAMES])  # H.264, the frames asked for
    record = helpers.api(server_url, "GET", f"/api/v1/videos/i/{name}")
    assert (record["width"], record["height"]) == (64, 64)


async def test_image_to_video_through_the_app(make_app, server_url, tmp_path):
    image = tmp_path / "start.png"
    image.write_bytes(helpers.png_bytes(64, 64))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_workflows(pilot)
        await open_by_id(pilot, screen, IMAGE_TO_VIDEO)
        await fill(pilot, screen, IMAGE_TO_VIDEO_SETTINGS, server_url)
        image_editor = screen.form.editor(input_index(screen.handle, IMAGE_LABEL))
        assert isinstance(image_editor, ImageEditor)
        image_editor.choose(str(image))  # what the File… dialog does: a local file, uploaded on submit
        assert image_editor.field.needs_upload
        name, data = await run_and_download(pilot, screen, server_url)
        assert image_editor.field.image_name  # uploaded
    assert describe_mp4(data) == (["avc1"], [FRAMES])
    record = helpers.api(server_url, "GET", f"/api/v1/videos/i/{name}")
    assert (record["width"], record["height"]) == (480, 480)  # the sizing node's smallest target
