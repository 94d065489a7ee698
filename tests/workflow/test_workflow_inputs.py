"""Indexed inputs, form layout, typed fields and validation (offline; the server's saved OpenAPI)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from tests.support import workflow_builders as wb
from tests.support.paths import WORKFLOW_FIXTURES

from invokeai_tui.workflow import (  # noqa: E402
    BoardField,
    ColorField,
    EnumField,
    FieldValueError,
    FloatField,
    ImageField,
    InputIndexError,
    IntegerField,
    InvocationSchemas,
    ModelField,
    StringField,
    WorkflowDefinition,
    WorkflowHandle,
)

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = WORKFLOW_FIXTURES


@pytest.fixture(scope="module")
def schemas():
    return InvocationSchemas.from_openapi(json.loads((DATA / "openapi-6.14.2.json").read_text()))


def handle_for(data, schemas=None):
    return WorkflowHandle(None, WorkflowDefinition.from_dict(data), schemas)


def test_schema_has_every_invocation(schemas):
    assert len(schemas) > 250
    noise = schemas.get("noise")
    assert noise.inputs["width"].kind == "integer" and noise.inputs["width"].multiple_of == 8
    assert noise.inputs["width"].exclusive_minimum == 0
    denoise = schemas.get("denoise_latents")
    assert denoise.inputs["cfg_scale"].kind == "float" and denoise.inputs["cfg_scale"].is_collection_or_scalar
    assert denoise.inputs["scheduler"].kind == "enum" and "euler" in denoise.inputs["scheduler"].options
    assert denoise.inputs["unet"].kind == "other" and denoise.inputs["unet"].input == "connection"
    l2i = schemas.get("l2i")
    assert l2i.inputs["board"].kind == "board" and l2i.has_board  # field_kind "internal" is an input
    assert schemas.field("sdxl_model_loader", "model").model_bases == ["sdxl"]
    assert schemas.field("main_model_loader", "model").model_bases == ["sd-1", "sd-2"]
    assert schemas.field("blank_image", "color").kind == "color"
    assert schemas.field("integer_collection", "collection").kind == "collection"
    assert schemas.field("integer_collection", "collection").item_kind == "integer"
    assert schemas.field("image_batch", "images").item_kind == "image"


def test_form_order_uses_root_element_id_and_nested_containers(schemas):
    h = handle_for(wb.connector_workflow(), schemas)
    inputs = h.list_inputs()
    assert [(i.input_index, i.node_id, i.field_name) for i in inputs] == [
        (0, "blank", "width"), (1, "blank", "height"), (2, "blur", "radius"), (3, "blank", "color"), (4, "save", "board")]
    assert [e.type for e in h.form_elements()] == [
        "container", "container", "container", "node-field", "node-field", "node-field", "heading", "container",
        "node-field", "divider", "node-field"]
    assert inputs[1].label == "Height"  # no label in the workflow: the schema's title
    assert inputs[0].label == "Width"  # the input's own label
    assert inputs[4].node_label == "Output" and inputs[2].node_label == "img_blur"


def test_flux_fixture_uses_form_not_exposed_fields(schemas):
    h = handle_for(json.loads((FIXTURES / "flux-image-to-image.json").read_text()), schemas)
    assert len(h.list_inputs()) == 10  # the form's 10 fields, not the 6 exposedFields
    assert not h.form.generated_from_exposed_fields


def test_exposed_fields_fallback_and_stale_fields_dropped(schemas):
    data = wb.fan_out_workflow()
    data["exposedFields"] += [{"nodeId": "ghost", "fieldName": "x"}, {"nodeId": "blank", "fieldName": "nope"}]
    h = handle_for(data, schemas)
    assert [i.field_name for i in h.list_inputs()] == ["height", "board"]
    assert h.form.generated_from_exposed_fields


def test_stale_form_field_is_dropped_and_indices_stay_dense(schemas):
    data = wb.connector_workflow()
    data["form"]["elements"]["f-height"]["data"]["fieldIdentifier"]["fieldName"] = "gone"
    data["form"]["elements"]["row-1"]["data"]["children"].insert(0, "missing-element")
    h = handle_for(data, schemas)
    assert [i.field_name for i in h.list_inputs()] == ["width", "radius", "color", "board"]
    assert [i.input_index for i in h.list_inputs()] == [0, 1, 2, 3]


def test_index_errors_are_clear(schemas):
    h = handle_for(wb.connector_workflow(), schemas)
    with pytest.raises(InputIndexError, match="5 inputs"):
        h.get_input(5)
    with pytest.raises(InputIndexError):
        h.get_input(-1)
    with pytest.raises(InputIndexError, match="no input"):
        h.get_field("blank", "nonexistent")
    assert h.find_input("blur", "radius").input_index == 2


def test_field_kinds_and_validation(schemas, tmp_path):
    h = handle_for(wb.connector_workflow(), schemas)
    width, _, radius, color, board = (i.field for i in h.list_inputs())
    assert isinstance(width, IntegerField) and isinstance(radius, FloatField)
    assert isinstance(color, ColorField) and isinstance(board, BoardField)
    width.value = "64"
    assert width.value == 64
    width.value = 64.0
    assert width.value == 64 and isinstance(width.value, int)
    for bad, words in ((7.5, "whole number"), ("abc", "whole number"), (True, "whole"),
                       (1024, "at most 512"), (0, "at least 8")):
        with pytest.raises(FieldValueError, match=words):
            width.value = bad
    radius.value = 3
    assert radius.value == 3.0 and isinstance(radius.value, float)
    with pytest.raises(FieldValueError, match="number"):
        radius.value = "wide"
    with pytest.raises(FieldValueError, match="finite"):
        radius.value = float("nan")
    color.value = "#102030"
    assert color.value == {"r": 16, "g": 32, "b": 48, "a": 255}
    with pytest.raises(FieldValueError, match="0..255"):
        color.value = {"r": 300, "g": 0, "b": 0}
    board.value = "none"
    assert board.value == "none" and board.board_id is None
    board.value = "b-123"
    assert board.value == {"board_id": "b-123"} and board.board_id == "b-123"
    board.value = None
    assert board.value == "auto"
    with pytest.raises(FieldValueError, match="board"):
        board.value = 5


def test_a_float_written_as_seven_is_a_float(schemas):
    data = json.loads((FIXTURES / "sdxl-text-to-image.json").read_text())
    node = next(n for n in data["nodes"] if n["data"]["type"] == "denoise_latents")
    node["data"]["inputs"]["cfg_scale"]["value"] = 7
    h = handle_for(data, schemas)
    cfg = h.get_input_value(6)
    assert isinstance(cfg, FloatField) and cfg.value == 7.0 and isinstance(cfg.value, float)
    cfg.value = 7.5
    assert h.build_graph()["nodes"][node["id"]]["cfg_scale"] == 7.5
    # without a server, the JSON 7 would look like an integer; the known-name table keeps it a float
    offline = handle_for(data, None)
    assert offline.get_input_value(6).kind == "float"


def test_enum_scheduler_and_string_fields(schemas):
    h = handle_for(json.loads((FIXTURES / "sdxl-text-to-image.json").read_text()), schemas)
    scheduler = h.get_input_value(7)
    assert isinstance(scheduler, EnumField) and "euler" in scheduler.options
    scheduler.value = "euler"
    with pytest.raises(FieldValueError, match="not one of the choices"):
        scheduler.value = "warp-speed"
    prompt = h.get_input_value(1)
    assert isinstance(prompt, StringField)
    with pytest.raises(FieldValueError, match="expected text"):
        prompt.value = 12


def test_dropdown_and_textarea_settings_refine_string_fields(schemas):
    data = wb.workflow([wb.inv("s", "string", {"value": "b"}), wb.inv("t", "string", {"value": "x"})], [],
                       form_elements=[
                           wb.container("root", ["f1", "f2"]),
                           wb.field_el("f1", "s", "value", "root", {"type": "string-field-config", "component": "dropdown",
                                                                    "options": [{"label": "Apple", "value": "a"},
                                                                                {"label": "Banana", "value": "b"}]}),
                           wb.field_el("f2", "t", "value", "root", {"type": "string-field-config",
                                                                    "component": "textarea"}),
                       ])
    h = handle_for(data, schemas)
    choice, text = h.get_input_value(0), h.get_input_value(1)
    assert choice.kind == "enum" and choice.options == ["a", "b"]
    choice.value = "Apple"  # a displayed label is accepted
    assert choice.value == "a"
    assert text.kind == "string" and text.multiline


def test_model_fields_know_what_fits(schemas):
    h = handle_for(json.loads((FIXTURES / "sdxl-text-to-image.json").read_text()), schemas)
    model = h.get_input_value(0)
    assert isinstance(model, ModelField) and model.bases == ["sdxl"] and model.types == ["main"]
    sdxl = {"key": "k1", "hash": "h", "name": "tiny-sdxl", "base": "sdxl", "type": "main"}
    assert model.fits(sdxl)
    assert not model.fits({**sdxl, "base": "sd-1"})
    assert not model.fits({**sdxl, "type": "lora"})
    with pytest.raises(FieldValueError, match="not a string"):
        model.model = "tiny-sdxl"
    # Like the seed's model identifier field, a model input has no `.value` to put a prompt in.
    assert not hasattr(model, "value")
    with pytest.raises(AttributeError, match="model input"):
        model.value = sdxl
    assert not model.user_set
    model.model = sdxl
    assert model.model == sdxl and model.get() == sdxl and model.key == "k1" and model.user_set


def test_image_field_takes_names_and_local_files(schemas, tmp_path):
    h = handle_for(json.loads((FIXTURES / "save-image-copy-to-board.json").read_text()), schemas)
    image = h.get_input_value(0)
    assert isinstance(image, ImageField)
    image.value = "abc.png"
    assert image.value == {"image_name": "abc.png"} and not image.needs_upload
    local = tmp_path / "x.png"
    local.write_bytes(b"\x89PNG")
    image.value = local
    assert image.needs_upload and image.value is None
    with pytest.raises(FieldValueError, match="does not exist"):
        image.value = tmp_path / "missing.png"
    with pytest.raises(Exception, match="uploaded on submit"):
        h.build_graph()


def test_offline_fallback_kinds():
    h = handle_for(json.loads((FIXTURES / "sdxl-text-to-image.json").read_text()), None)
    assert [i.kind for i in h.list_inputs()] == [
        "model", "string", "string", "integer", "integer", "integer", "float", "string", "board"]


def test_index_map_export_and_verify(schemas, tmp_path):
    h = handle_for(wb.connector_workflow(), schemas)
    path = tmp_path / "map.json"
    saved = h.export_input_index_map(path)
    assert json.loads(path.read_text()) == saved
    assert h.verify_input_index_map(path)["ok"]
    data = wb.connector_workflow()
    children = data["form"]["elements"]["col-1"]["data"]["children"]
    children.reverse()  # height now comes before width
    data["form"]["elements"]["row-2"]["data"]["children"].remove("f-color")
    moved = handle_for(data, schemas).verify_input_index_map(path)
    assert not moved["ok"]
    assert {(m["field_name"], m["old_index"], m["new_index"]) for m in moved["moved"]} >= {
        ("width", 0, 1), ("height", 1, 0)}
    assert [m["field_name"] for m in moved["missing"]] == ["color"]


def test_definition_round_trip_and_atomic_save(tmp_path):
    d = WorkflowDefinition.from_file(FIXTURES / "sdxl-text-to-image.json")
    target = tmp_path / "out.json"
    d.save(target)
    again = WorkflowDefinition.from_file(target)
    assert again.to_dict() == d.to_dict()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".workflow-")]
    record = {"workflow_id": "w1", "name": "x", "workflow": d.to_dict()}
    assert WorkflowDefinition.from_library_record(record).name == d.name
    assert WorkflowDefinition.from_image_workflow({"workflow": json.dumps(d.to_dict()), "graph": None}).name == d.name
    embedded = d.for_embedding()
    assert "id" not in embedded and isinstance(embedded["tags"], str)


def test_png_with_embedded_workflow_loads(tmp_path):
    from PIL import Image, PngImagePlugin

    d = WorkflowDefinition.from_file(FIXTURES / "sdxl-text-to-image.json")
    info = PngImagePlugin.PngInfo()
    info.add_text("invokeai_workflow", d.to_json())
    path = tmp_path / "image.png"
    Image.new("RGB", (4, 4)).save(path, pnginfo=info)
    assert WorkflowDefinition.from_file(path).name == "sdxl-text-to-image"
    plain = tmp_path / "plain.png"
    Image.new("RGB", (4, 4)).save(plain)
    from invokeai_tui.workflow import WorkflowLoadError

    with pytest.raises(WorkflowLoadError, match="no embedded workflow"):
        WorkflowDefinition.from_file(plain)


def test_loading_does_not_mutate_the_callers_dict():
    data = wb.connector_workflow()
    snapshot = copy.deepcopy(data)
    h = handle_for(data)
    h.set_input_value(0, 16)
    h.build_graph()
    assert data == snapshot
