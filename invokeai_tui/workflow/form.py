"""Flatten a workflow's form into an ordered list, as the web UI renders it.

The UI renders the form tree depth-first from `form.rootElementId`, each container's
children in order. A workflow whose form is empty gets one field per `exposedFields` entry
under the root (`validateWorkflow.ts`), and form fields whose node or input no longer exists
are dropped. Headings, text and dividers are layout: they are kept but take no input index.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .definition import WorkflowDefinition

GENERATED_ROOT_ID = "root"


@dataclass(frozen=True)
class FormElement:
    """One element of the flattened form, in reading order."""

    element_id: str
    type: str  # container | node-field | heading | text | divider
    depth: int  # 0 for the root container
    parent_id: str | None
    layout: str | None = None  # "row" | "column" for containers
    content: str | None = None  # heading / text
    node_id: str | None = None  # node-field
    field_name: str | None = None
    settings: dict[str, Any] | None = None
    show_description: bool = True
    input_index: int | None = None  # node-field: its index among the inputs


@dataclass(frozen=True)
class InputPlacement:
    """Where an input sits in the form: its container and the heading above it."""

    element_id: str
    container_id: str | None
    container_layout: str | None
    row_id: str | None  # nearest enclosing container laid out as a row
    heading: str | None  # the last heading seen before it within its enclosing containers
    depth: int
    settings: dict[str, Any] | None = None
    show_description: bool = True


@dataclass
class FlatForm:
    elements: list[FormElement] = field(default_factory=list)
    placements: list[InputPlacement] = field(default_factory=list)  # one per input, index order
    generated_from_exposed_fields: bool = False


def _form_is_empty(form: dict[str, Any] | None) -> bool:
    """The web UI's getIsFormEmpty: no root container, or a root alone with no children."""
    if not form:
        return True
    elements = form.get("elements") or {}
    root = elements.get(form.get("rootElementId"))
    if not isinstance(root, dict) or root.get("type") != "container":
        return True
    return len(elements) == 1 and not root.get("data", {}).get("children")


def flatten_form(
    definition: WorkflowDefinition, field_exists: Callable[[str, str], bool] | None = None
) -> FlatForm:
    """The form in reading order, plus the placement of every input.

    `field_exists(node_id, field_name)` says whether an exposed field still exists (the UI
    asks its node templates); by default an exposed field exists when the node has that input.
    """

    def node_has_input(node_id: str, field_name: str) -> bool:
        return definition.node_input(node_id, field_name) is not None

    if field_exists is None:
        field_exists = node_has_input

    form = definition.form
    if _form_is_empty(form):
        return _from_exposed_fields(definition, field_exists, node_has_input)
    return _walk(form, node_has_input)  # type: ignore[arg-type]


def _from_exposed_fields(definition, field_exists, node_has_input) -> FlatForm:
    flat = FlatForm(generated_from_exposed_fields=True)
    flat.elements.append(FormElement(GENERATED_ROOT_ID, "container", 0, None, layout="column"))
    seen: set[tuple[str, str]] = set()
    for item in definition.exposed_fields:
        key = (item["nodeId"], item["fieldName"])
        if key in seen or not field_exists(*key) or not node_has_input(*key):
            continue
        seen.add(key)
        index = len(flat.placements)
        element_id = f"node-field-{key[0]}-{key[1]}"
        flat.elements.append(
            FormElement(element_id, "node-field", 1, GENERATED_ROOT_ID, node_id=key[0], field_name=key[1],
                        show_description=False, input_index=index)
        )
        flat.placements.append(
            InputPlacement(element_id, GENERATED_ROOT_ID, "column", None, None, 1, None, False)
        )
    return flat


def _walk(form: dict[str, Any], node_has_input) -> FlatForm:
    flat = FlatForm()
    elements: dict[str, Any] = form["elements"]
    visited: set[str] = set()

    # Each frame: (element id, depth, parent id, enclosing containers [(id, layout)])
    def visit(element_id: str, depth: int, parent_id: str | None, containers: list[tuple[str, str]],
              headings: list[str | None]) -> None:
        if element_id in visited:  # the loader rejects cycles; this guards hand-made dicts
            return
        visited.add(element_id)
        element = elements.get(element_id)
        if not isinstance(element, dict):
            return  # stale child id
        kind = element.get("type")
        data = element.get("data") if isinstance(element.get("data"), dict) else {}
        if kind == "container":
            layout = data.get("layout") if data.get("layout") in ("row", "column") else "column"
            flat.elements.append(FormElement(element_id, "container", depth, parent_id, layout=layout))
            inner = containers + [(element_id, layout)]
            headings.append(None)  # a heading inside this container applies to what follows in it
            for child in data.get("children", []):
                visit(child, depth + 1, element_id, inner, headings)
            headings.pop()
        elif kind == "node-field":
            ident = data.get("fieldIdentifier") or {}
            node_id, field_name = ident.get("nodeId"), ident.get("fieldName")
            if not node_has_input(node_id, field_name):
                return  # the node or its input is gone: the UI drops the element
            index = len(flat.placements)
            settings = data.get("settings") if isinstance(data.get("settings"), dict) else None
            show = data.get("showDescription", True) is not False
            flat.elements.append(
                FormElement(element_id, "node-field", depth, parent_id, node_id=node_id, field_name=field_name,
                            settings=settings, show_description=show, input_index=index)
            )
            row_id = next((cid for cid, lay in reversed(containers) if lay == "row"), None)
            heading = next((h for h in reversed(headings) if h is not None), None)
            container_id, container_layout = containers[-1] if containers else (None, None)
            flat.placements.append(
                InputPlacement(element_id, container_id, container_layout, row_id, heading, depth, settings, show)
            )
        elif kind in ("heading", "text"):
            content = data.get("content") if isinstance(data.get("content"), str) else ""
            flat.elements.append(FormElement(element_id, kind, depth, parent_id, content=content))
            if kind == "heading":
                headings[-1] = content
        elif kind == "divider":
            flat.elements.append(FormElement(element_id, "divider", depth, parent_id))

    visit(form["rootElementId"], 0, None, [], [None])
    return flat
