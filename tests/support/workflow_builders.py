"""Small hand-made workflow JSON for the workflow engine's tests (model-free nodes only)."""

from __future__ import annotations

from typing import Any


def inv(node_id: str, node_type: str, inputs: dict[str, Any] | None = None, *, label: str = "",
        intermediate: bool = True, use_cache: bool = True) -> dict[str, Any]:
    """An invocation node; inputs maps field name -> value (or (value, label))."""
    node_inputs = {}
    for name, spec in (inputs or {}).items():
        value, field_label = spec if isinstance(spec, tuple) else (spec, "")
        entry: dict[str, Any] = {"name": name, "label": field_label, "description": ""}
        if value is not None:
            entry["value"] = value
        node_inputs[name] = entry
    return {"id": node_id, "type": "invocation", "position": {"x": 0, "y": 0},
            "data": {"id": node_id, "type": node_type, "version": "1.0.0", "label": label, "notes": "",
                     "isOpen": True, "isIntermediate": intermediate, "useCache": use_cache, "inputs": node_inputs}}


def notes(node_id: str, text: str = "a note") -> dict[str, Any]:
    return {"id": node_id, "type": "notes", "position": {"x": 0, "y": 0},
            "data": {"id": node_id, "type": "notes", "label": "", "isOpen": True, "notes": text}}


def connector(node_id: str) -> dict[str, Any]:
    return {"id": node_id, "type": "connector", "position": {"x": 0, "y": 0},
            "data": {"id": node_id, "type": "connector", "label": "", "isOpen": True}}


def edge(source: str, source_handle: str, target: str, target_handle: str, edge_type: str = "default") -> dict:
    e = {"id": f"{source}.{source_handle}-{target}.{target_handle}", "type": edge_type, "source": source,
         "target": target}
    if edge_type == "default":
        e.update(sourceHandle=source_handle, targetHandle=target_handle)
    return e


def field_el(element_id: str, node_id: str, field_name: str, parent: str, settings: dict | None = None) -> dict:
    data: dict[str, Any] = {"fieldIdentifier": {"nodeId": node_id, "fieldName": field_name}, "showDescription": False}
    if settings:
        data["settings"] = settings
    return {"id": element_id, "type": "node-field", "parentId": parent, "data": data}


def container(element_id: str, children: list[str], layout: str = "column", parent: str | None = None) -> dict:
    el: dict[str, Any] = {"id": element_id, "type": "container", "data": {"layout": layout, "children": children}}
    if parent:
        el["parentId"] = parent
    return el


def workflow(nodes: list[dict], edges: list[dict], *, form_elements: list[dict] | None = None,
             root: str | None = None, exposed: list[tuple[str, str]] | None = None, version: str = "4.0.0",
             name: str = "test workflow") -> dict[str, Any]:
    form = None
    if form_elements is not None:
        form = {"elements": {e["id"]: e for e in form_elements}, "rootElementId": root or form_elements[0]["id"]}
    return {"id": "wf-test-id", "name": name, "author": "tests", "description": "", "version": "1.0.0",
            "contact": "", "tags": "test", "notes": "",
            "exposedFields": [{"nodeId": n, "fieldName": f} for n, f in exposed or []],
            "meta": {"version": version, "category": "user"}, "nodes": nodes, "edges": edges, "form": form}


def connector_workflow(*, width: int = 48, height: int = 32) -> dict[str, Any]:
    """v4: blank_image -> connector -> connector -> img_blur -> save_image, a notes node, nested rows."""
    nodes = [
        inv("blank", "blank_image", {"width": (width, "Width"), "height": height, "mode": "RGB",
                                     "color": {"r": 200, "g": 40, "b": 40, "a": 255}}),
        connector("c1"),
        connector("c2"),
        inv("blur", "img_blur", {"image": None, "radius": 1.5, "blur_type": "gaussian"}),
        inv("save", "save_image", {"image": None, "board": "auto"}, label="Output", intermediate=False,
            use_cache=False),
        notes("note1", "connectors route blank -> blur"),
    ]
    edges = [edge("blank", "image", "c1", "in"), edge("c1", "out", "c2", "in"), edge("c2", "out", "blur", "image"),
             edge("blur", "image", "save", "image"), edge("blank", "", "save", "", edge_type="collapsed")]
    elements = [
        container("root-x", ["row-1", "heading-1", "row-2"]),
        container("row-1", ["col-1", "f-radius"], layout="row", parent="root-x"),
        container("col-1", ["f-width", "f-height"], parent="row-1"),
        field_el("f-width", "blank", "width", "col-1", {"type": "integer-field-config", "component": "number-input",
                                                         "min": 8, "max": 512}),
        field_el("f-height", "blank", "height", "col-1"),
        field_el("f-radius", "blur", "radius", "row-1"),
        {"id": "heading-1", "type": "heading", "parentId": "root-x", "data": {"content": "Output"}},
        container("row-2", ["f-color", "divider-1", "f-board"], layout="row", parent="root-x"),
        field_el("f-color", "blank", "color", "row-2"),
        {"id": "divider-1", "type": "divider", "parentId": "row-2"},
        field_el("f-board", "save", "board", "row-2"),
    ]
    return workflow(nodes, edges, form_elements=elements, root="root-x", name="connector test")


def fan_out_workflow(count: int = 3) -> dict[str, Any]:
    """range -> iterate -> blank_image (saved, not intermediate): one node, `count` images."""
    nodes = [
        inv("rng", "range", {"start": 16, "stop": 16 + 8 * count, "step": 8}),
        inv("it", "iterate", {"collection": None}),
        inv("blank", "blank_image", {"width": None, "height": (16, "Height"), "mode": "RGB",
                                     "color": {"r": 0, "g": 0, "b": 255, "a": 255}, "board": "auto"},
            intermediate=False, use_cache=False),
    ]
    edges = [edge("rng", "collection", "it", "collection"), edge("it", "item", "blank", "width")]
    return workflow(nodes, edges, exposed=[("blank", "height"), ("blank", "board")], name="fan out")
