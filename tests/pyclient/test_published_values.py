"""The published value objects offline: Ivk*Field classes, model conversion, field plugins, the
typed workflow JSON models, exceptions and the lenient enums."""

import pytest
from pydantic import ValidationError

from invokeai_tui.pyclient.dnn_model import BaseDnnModelType, DnnModel, DnnModelType
from invokeai_tui.pyclient.exceptions import InvokeAIError, ResourceNotFoundError, TimeoutError as IvkTimeout
from invokeai_tui.pyclient.ivk_fields import (
    IvkBoardField,
    IvkCollectionField,
    IvkColorField,
    IvkConditioningField,
    IvkFluxFillConditioningField,
    IvkImageField,
    IvkIntegerField,
    IvkModelIdentifierField,
    IvkSchedulerField,
    IvkStringField,
    IvkUNetField,
    SchedulerName,
)
from invokeai_tui.pyclient.ivk_fields.model_conversion import is_model_compatible, to_ivk_model_field
from invokeai_tui.pyclient.models import IvkDnnModel
from invokeai_tui.pyclient.workflow.field_plugins import (
    build_field,
    register_detection_rule,
    register_field_builder,
)
from invokeai_tui.pyclient.workflow.upstream_models import (
    enumerate_output_nodes,
    load_workflow_json,
    update_output_boards,
)


def test_primitive_fields_validate_and_convert():
    field = IvkIntegerField(value=7, minimum=0, maximum=10)
    assert field.to_api_format() == {"value": 7} and IvkIntegerField.from_api_format({"value": 3}).value == 3
    with pytest.raises(ValidationError):
        IvkIntegerField(value=11, maximum=10)
    with pytest.raises(ValidationError):
        field.value = -1
    assert IvkStringField.from_json_dict(IvkStringField(value="x").to_json_dict()).value == "x"


def test_resource_and_conditioning_fields_use_the_api_forms():
    assert IvkImageField(value="a.png").to_api_format() == {"value": {"image_name": "a.png"}, "type": "image"}
    assert IvkImageField.from_api_format({"value": {"image_name": "b.png"}}).value == "b.png"
    assert IvkBoardField.from_api_format({"value": {"board_id": "x"}}).to_api_format()["value"] == {"board_id": "x"}
    cond = IvkConditioningField(value="c1", mask="m1")
    assert cond.to_api_format()["value"] == {"conditioning_name": "c1", "mask": {"tensor_name": "m1"}}
    fill = IvkFluxFillConditioningField(image="i.png", mask="t")
    assert fill.value == {"image": {"image_name": "i.png"}, "mask": {"tensor_name": "t"}}


def test_complex_and_model_fields():
    color = IvkColorField()
    color.set_hex("#10203040")
    assert color.to_rgba() == (16, 32, 48, 64) and color.to_hex() == "#102030"
    collection = IvkCollectionField(item_type=int, max_length=2)
    collection.extend([1, 2])
    with pytest.raises(ValueError):
        collection.append(3)
    assert len(collection) == 2 and collection[1] == 2
    unet = IvkUNetField.from_api_format({"unet": {"key": "k"}, "loras": []})
    assert unet.unet_model == {"key": "k"} and unet.to_api_format()["unet"] == {"key": "k"}
    model = IvkModelIdentifierField(key="k", name="m", base="sdxl", type="main")
    assert model.base == BaseDnnModelType.StableDiffusionXL and model.to_api_format()["base"] == "sdxl"
    assert IvkSchedulerField(value="euler_ancestral").value == SchedulerName.EULER_A.value
    with pytest.raises(ValidationError):
        IvkSchedulerField(value="no-such-scheduler")


def test_models_keep_values_the_enums_do_not_know():
    data = {"key": "k", "name": "n", "type": "main", "base": "flux2", "format": "new-format", "hash": "h",
            "path": "/p", "description": None}
    model = DnnModel.from_api_response(data)
    assert model.base == "flux2" and model.type == DnnModelType.Main and model.description == ""
    assert model.get_category() == "Primary Diffusion Model" and model.identifier()["base"] == "flux2"
    assert IvkDnnModel.from_api_response(data).base == "flux2"
    assert to_ivk_model_field(model).key == "k" and is_model_compatible(model, "flux2", "main")


def test_field_plugins_detect_build_and_extend():
    assert build_field({"type": "noise"}, "width", {"value": 512, "minimum": 64, "maximum": 2048}).value == 512
    assert isinstance(build_field({"type": "x"}, "board", {"value": {"board_id": "b"}}), IvkBoardField)
    assert isinstance(build_field({"type": "x"}, "anything", {}), IvkStringField)
    register_detection_rule("seed", lambda n, f, i: f == "seed_for_test", priority=1, name="test_seed")
    register_field_builder("seed", lambda value, info: IvkIntegerField(value=int(value)))
    assert build_field({"type": "x"}, "seed_for_test", {"value": "5"}).value == 5


def test_upstream_models_find_and_point_output_boards():
    root = load_workflow_json({
        "nodes": [{"id": "s", "data": {"id": "s", "type": "save_image", "inputs": {"board": {"value": {"board_id": "auto"}}}}},
                  {"id": "n", "data": {"id": "n", "type": "noise", "inputs": {}}}],
        "edges": [],
        "form": {"elements": {"e": {"id": "e", "type": "node-field",
                                    "data": {"fieldIdentifier": {"nodeId": "s", "fieldName": "board"}}}}},
    })
    assert list(enumerate_output_nodes(root)) == [("s", "save_image", True)]
    assert update_output_boards(root, "b1") == 1
    assert root.nodes[0]["data"]["inputs"]["board"]["value"] == {"board_id": "b1"}
    assert root.get_typed_node("n").data.type == "noise"


def test_exceptions_work_and_keep_their_attributes():
    error = ResourceNotFoundError("board", "b1")
    assert isinstance(error, InvokeAIError) and error.status_code == 404 and "b1" in str(error)
    with pytest.raises(TimeoutError):  # the builtin catches the published one too
        raise IvkTimeout("slow", operation="wait", timeout=1.0)
