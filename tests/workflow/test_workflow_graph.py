"""Graph and batch building as the web UI does it, and output mapping (offline)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support import workflow_builders as wb
from tests.support.paths import FIXTURES as FIXTURES_DIR

from invokeai_tui.workflow import (  # noqa: E402
    InvocationSchemas,
    WorkflowBuildError,
    WorkflowDefinition,
    WorkflowHandle,
    build_graph,
    map_outputs_to_images,
)

DATA = Path(__file__).resolve().parent.parent / "data"
FIXTURES = FIXTURES_DIR


@pytest.fixture(scope="module")
def schemas():
    return InvocationSchemas.from_openapi(json.loads((DATA / "openapi-6.14.2.json").read_text()))


def test_connectors_notes_and_collapsed_edges(schemas):
    d = WorkflowDefinition.from_dict(wb.connector_workflow())
    graph = build_graph(d, schemas=schemas)
    assert set(graph["nodes"]) == {"blank", "blur", "save"}
    assert graph["edges"] == [
        {"source": {"node_id": "blank", "field": "image"}, "destination": {"node_id": "blur", "field": "image"}},
        {"source": {"node_id": "blur", "field": "image"}, "destination": {"node_id": "save", "field": "image"}},
    ]
    save = graph["nodes"]["save"]
    assert save["use_cache"] is False and save["is_intermediate"] is False
    assert graph["nodes"]["blank"]["is_intermediate"] is True
    assert "board" not in save  # "auto" with no auto-add board: left out (uncategorized)
    assert build_graph(d, schemas=schemas, auto_board_id="B")["nodes"]["save"]["board"] == {"board_id": "B"}
    assert "image" not in graph["nodes"]["blur"] and "image" not in save


def test_board_sentinels(schemas):
    data = wb.connector_workflow()
    save = next(n for n in data["nodes"] if n["id"] == "save")
    save["data"]["inputs"]["board"]["value"] = "none"
    assert "board" not in build_graph(WorkflowDefinition.from_dict(data), schemas=schemas, auto_board_id="B")[
        "nodes"]["save"]
    save["data"]["inputs"]["board"]["value"] = {"board_id": "X"}
    assert build_graph(WorkflowDefinition.from_dict(data), schemas=schemas)["nodes"]["save"]["board"] == {
        "board_id": "X"}
    del save["data"]["inputs"]["board"]["value"]  # no value at all (the Wan 2.2 defaults): "auto", as the web UI
    assert build_graph(WorkflowDefinition.from_dict(data), schemas=schemas, auto_board_id="B")["nodes"]["save"][
        "board"] == {"board_id": "B"}
    assert "board" not in build_graph(WorkflowDefinition.from_dict(data), schemas=schemas)["nodes"]["save"]


def test_unconnected_connector_and_connector_loop(schemas):
    data = wb.connector_workflow()
    data["edges"] = [e for e in data["edges"] if e["source"] != "blank" or e["target"] != "c1"]
    graph = build_graph(WorkflowDefinition.from_dict(data), schemas=schemas)
    assert [(e["source"]["node_id"], e["destination"]["node_id"]) for e in graph["edges"]] == [("blur", "save")]
    data = wb.connector_workflow()
    data["edges"].append(wb.edge("c2", "out", "c1", "in"))
    data["edges"] = [e for e in data["edges"] if not (e["source"] == "blank" and e["target"] == "c1")]
    with pytest.raises(WorkflowBuildError, match="loop of connectors"):
        build_graph(WorkflowDefinition.from_dict(data), schemas=schemas)


def test_inputs_unknown_to_the_schema_are_dropped(schemas):
    data = wb.connector_workflow()
    next(n for n in data["nodes"] if n["id"] == "blur")["data"]["inputs"]["stale_field"] = {"name": "x", "value": 1}
    graph = build_graph(WorkflowDefinition.from_dict(data), schemas=schemas)
    assert "stale_field" not in graph["nodes"]["blur"]
    assert "stale_field" in build_graph(WorkflowDefinition.from_dict(data))["nodes"]["blur"]  # offline: kept


def test_batch_nodes_become_batch_data(schemas):
    nodes = [
        wb.inv("sb", "string_batch", {"strings": ["a", "b"], "batch_group_id": "None"}),
        wb.inv("ib", "integer_batch", {"integers": [8, 16], "batch_group_id": "Group 1"}),
        wb.inv("gen", "integer_generator", {"generator": {"type": "integer_generator_arithmetic_sequence",
                                                          "start": 1, "step": 2, "count": 2}}),
        wb.inv("ib2", "integer_batch", {"integers": None, "batch_group_id": "Group 1"}),
        wb.inv("cat", "string_join", {"string_left": "x", "string_right": "y"}),
        wb.inv("blank", "blank_image", {"width": 8, "height": 8}, intermediate=False),
    ]
    edges = [wb.edge("sb", "value", "cat", "string_left"), wb.edge("ib", "value", "blank", "width"),
             wb.edge("gen", "value", "ib2", "integers"), wb.edge("ib2", "value", "blank", "height")]
    h = WorkflowHandle(None, WorkflowDefinition.from_dict(wb.workflow(nodes, edges)), schemas)
    body = h.build_batch(runs=3, prepend=True, origin="o", destination="d")
    batch = body["batch"]
    assert set(batch["graph"]["nodes"]) == {"cat", "blank"}
    assert batch["graph"]["edges"] == []
    assert "string_left" not in batch["graph"]["nodes"]["cat"] and "width" not in batch["graph"]["nodes"]["blank"]
    assert batch["data"] == [
        [{"node_path": "cat", "field_name": "string_left", "items": ["a", "b"]}],
        [{"node_path": "blank", "field_name": "width", "items": [8, 16]},
         {"node_path": "blank", "field_name": "height", "items": [1, 3]}],
    ]
    assert batch["runs"] == 3 and body["prepend"] is True and (batch["origin"], batch["destination"]) == ("o", "d")
    assert h.count_sessions(runs=3) == 12


def test_sweeps_zip_and_product(schemas):
    h = WorkflowHandle(None, WorkflowDefinition.from_dict(wb.connector_workflow()), schemas)
    body = h.build_batch(sweeps={0: [16, 24], 2: [1, 2]})
    assert body["batch"]["data"] == [[
        {"node_path": "blank", "field_name": "width", "items": [16, 24]},
        {"node_path": "blur", "field_name": "radius", "items": [1.0, 2.0]}]]
    body = h.build_batch(sweeps={0: [16, 24], ("blur", "radius"): [1, 2, 3]}, sweep_mode="product")
    assert [len(g) for g in body["batch"]["data"]] == [1, 1]
    assert h.count_sessions(sweeps={0: [16, 24], 2: [1, 2, 3]}, sweep_mode="product") == 6
    with pytest.raises(WorkflowBuildError, match="same number"):
        h.build_batch(sweeps={0: [16, 24], 2: [1, 2, 3]})
    with pytest.raises(Exception, match="at most 512"):
        h.build_batch(sweeps={0: [16, 1000]})  # each value is validated like a field value
    with pytest.raises(WorkflowBuildError, match="fed by a connection"):
        h.build_batch(sweeps={("blur", "image"): ["x.png"]})
    with pytest.raises(WorkflowBuildError, match="must be a list"):
        h.build_batch(sweeps={0: "16"})


def test_embedded_workflow_has_current_values_and_no_id(schemas):
    h = WorkflowHandle(None, WorkflowDefinition.from_dict(wb.connector_workflow()), schemas)
    h.set_input_value(0, 64)
    workflow = h.build_batch()["batch"]["workflow"]
    assert "id" not in workflow
    blank = next(n for n in workflow["nodes"] if n["id"] == "blank")
    assert blank["data"]["inputs"]["width"]["value"] == 64
    assert h.definition.id == "wf-test-id"  # the handle's own definition keeps its id
    assert WorkflowDefinition.from_dict(workflow).name == "connector test"


def test_output_mapping_from_the_captured_queue_item():
    item = json.loads((FIXTURES / "queue-items" / "sdxl-text-to-image-completed-queue-item.json").read_text())
    outputs = map_outputs_to_images(item)
    assert [(o.node_id, o.image_names) for o in outputs] == [
        ("canvas_output:JbPTiAJ26r", ["fe4089fd-1187-4883-b180-8aaf2fc317ba.png"])]
    assert outputs[0]["node_type"] == "l2i" and outputs[0].get("image_names") == outputs[0].image_names


def test_output_mapping_fan_out_and_intermediates():
    item = {"item_id": 7, "session": {
        "graph": {"nodes": {"blank": {"id": "blank", "type": "blank_image", "is_intermediate": False,
                                      "board": {"board_id": "B"}},
                            "tmp": {"id": "tmp", "type": "img_blur", "is_intermediate": True},
                            "prim": {"id": "prim", "type": "image", "is_intermediate": False}}},
        "results": {"p1": {"type": "image_output", "image": {"image_name": "1.png"}},
                    "p2": {"type": "image_output", "image": {"image_name": "2.png"}},
                    "p3": {"type": "image_output", "image": {"image_name": "t.png"}},
                    "p4": {"type": "image_output", "image": {"image_name": "in.png"}},
                    "p5": {"type": "integer_output", "value": 3}},
        "prepared_source_mapping": {"p1": "blank", "p2": "blank", "p3": "tmp", "p4": "prim", "p5": "blank"}}}
    outputs = map_outputs_to_images(item, node_labels={"blank": "Blank"})
    assert [(o.node_id, o.label, o.board_id, o.image_names, o.item_id) for o in outputs] == [
        ("blank", "Blank", "B", ["1.png", "2.png"], 7)]
