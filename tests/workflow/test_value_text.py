"""Typed text into workflow values by kind (workflow/value_text.py), offline: what `invokeai-tui run
--set/--sweep` and the form's list inputs read."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from invokeai_tui.workflow import FieldValueError
from invokeai_tui.workflow.fields import make_field
from invokeai_tui.workflow.schema import FieldTemplate
from invokeai_tui.workflow.value_text import (
    apply_text,
    parse_list_text,
    split_values_text,
    value_from_text,
    value_text,
    values_from_texts,
)


def model(name, key, base="sd-1", type="main"):  # noqa: A002
    record = SimpleNamespace(name=name, key=key, base=base, type=type, hash=f"blake3:{key}")
    record.identifier = lambda: {"key": key, "hash": record.hash, "name": name, "base": base, "type": type}
    return record


MODELS = [model("tiny-sd15", "k1"), model("tiny-sdxl", "k2", base="sdxl"), model("twin", "k3"), model("twin", "k4")]
BOARDS = [SimpleNamespace(board_id="b1", board_name="Foxes"), SimpleNamespace(board_id="b2", board_name="Owls")]


def field(kind, value=None, **template):
    return make_field(FieldTemplate(name="f", title=template.pop("title", "Thing"), kind=kind, **template), value)


def test_lists_as_json_or_commas():
    assert parse_list_text("[1, 2]") == [1, 2]
    assert parse_list_text("1, 2") == [1, 2]
    assert parse_list_text("a cat, a dog") == ["a cat", "a dog"]
    assert parse_list_text("  ") is None
    assert split_values_text('["a, b", "c"]') == ["a, b", "c"]
    assert split_values_text("1,2") == ["1", "2"]  # text: the field reads it by its kind


def test_models_by_key_or_name_among_those_that_fit():
    loader = field("model", model_bases=["sd-1"], model_types=["main"], title="Model")
    apply_text(loader, "tiny-sd15", models=MODELS)
    assert loader.get()["key"] == "k1"
    apply_text(loader, "TINY-SD15", models=MODELS)  # any case
    with pytest.raises(FieldValueError, match="is for sdxl"):
        apply_text(loader, "tiny-sdxl", models=MODELS)
    with pytest.raises(FieldValueError, match=r"several models are named 'twin': give a key \(k3 \(sd-1\), k4"):
        apply_text(loader, "twin", models=MODELS)
    apply_text(loader, "k4", models=MODELS)
    assert loader.get()["key"] == "k4" and value_text(loader) == "twin"
    with pytest.raises(FieldValueError, match="named 'nope' \\(fitting: tiny-sd15, twin\\)"):
        apply_text(loader, "nope", models=MODELS)


def test_boards_by_name_or_id_and_the_sentinels():
    board = field("board", title="Board")
    assert value_from_text(board, "Foxes", boards=BOARDS) == "b1"
    assert value_from_text(board, "b2", boards=BOARDS) == "b2"
    assert value_from_text(board, "uncategorized", boards=BOARDS) == "none"
    assert value_from_text(board, "auto", boards=BOARDS) == "auto"
    with pytest.raises(FieldValueError, match="no board named 'Cats' \\(boards: 'Foxes', 'Owls'"):
        value_from_text(board, "Cats", boards=BOARDS)


def test_images_by_local_path_or_server_name(tmp_path):
    image = field("image", title="Image")
    local = tmp_path / "in.png"
    local.write_bytes(b"x")
    apply_text(image, str(local))
    assert image.needs_upload and image.local_path == local
    apply_text(image, "abc.png")
    assert image.get() == {"image_name": "abc.png"} and not image.needs_upload
    assert isinstance(value_from_text(image, str(local)), Path)


def test_other_kinds_are_read_and_checked_by_the_field():
    width = field("integer", minimum=0, multiple_of=8, title="Width")
    apply_text(width, "64")
    assert width.get() == 64
    with pytest.raises(FieldValueError, match="Width: must be a multiple of 8"):
        apply_text(width, "65")
    color = field("color", title="Colour")
    apply_text(color, "#ff8800")
    assert color.get() == {"r": 255, "g": 136, "b": 0, "a": 255} and value_text(color) == "#ff8800ff"
    flag = field("boolean", title="Flag")
    apply_text(flag, "yes")
    assert flag.get() is True
    numbers = field("collection", item_kind="integer", title="Numbers")
    apply_text(numbers, "[1, 2, 3]")
    assert numbers.get() == [1, 2, 3]
    prompt = field("string", "a long\nprompt", title="Prompt")
    assert value_text(prompt, width=6) == "a lon…"


def test_sweep_values_are_checked_and_leave_the_field_alone(tmp_path):
    width = field("integer", 512, minimum=0, multiple_of=8, title="Width")
    assert values_from_texts(width, ["64", 72]) == [64, 72]
    assert width.get() == 512
    with pytest.raises(FieldValueError, match="multiple of 8"):
        values_from_texts(width, ["64", "65"])
    board = field("board", title="Board")
    assert values_from_texts(board, ["Foxes", "none"], boards=BOARDS) == ["b1", "none"]
    loader = field("model", model_bases=["sd-1"], model_types=["main"], title="Model")
    assert [m["key"] for m in values_from_texts(loader, ["tiny-sd15", "k3"], models=MODELS)] == ["k1", "k3"]
    local = tmp_path / "in.png"
    local.write_bytes(b"x")
    with pytest.raises(FieldValueError, match="server image names, not local files"):
        values_from_texts(field("image", title="Image"), [str(local)])


def test_a_video_by_server_name_or_local_mp4(tmp_path: Path):
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")
    video = field("video")
    apply_text(video, "a.mp4")
    assert video.get() == {"video_name": "a.mp4"} and value_text(video) == "a.mp4"
    apply_text(video, str(clip))
    assert video.needs_upload and value_text(video) == str(clip)
    assert values_from_texts(video, ["a.mp4", "b.mp4"]) == ["a.mp4", "b.mp4"]
    with pytest.raises(FieldValueError, match="server video names"):
        values_from_texts(video, [str(clip)])


def test_loras_with_weights_by_name():
    wan = [model("tiny-wan-lora-high_noise", "h", base="wan", type="lora"),
           model("tiny-wan-lora-low_noise", "l", base="wan", type="lora"), model("odd:name", "o", "wan", "lora")]
    loras = field("lora_collection", model_bases=["wan"], model_types=["lora"])
    apply_text(loras, "tiny-wan-lora-high_noise:0.5, tiny-wan-lora-low_noise, odd:name", models=wan)
    assert [(i["lora"]["key"], i["weight"]) for i in loras.get()] == [("h", 0.5), ("l", 0.75), ("o", 0.75)]
    assert value_text(loras) == "tiny-wan-lora-high_noise:0.5, tiny-wan-lora-low_noise:0.75, odd:name:0.75"
    apply_text(loras, "", models=wan)
    assert loras.get() == []
    with pytest.raises(FieldValueError, match="no installed model"):
        apply_text(loras, "nope:1", models=wan)
