"""`WorkflowDefinition`: a workflow JSON held as data, loaded from anywhere it can come from."""

from __future__ import annotations

import copy
import json
import os
from typing import Any

from .. import atomic_files
from .errors import WorkflowLoadError
from .loader import check_workflow_dict, parse_version, parse_workflow_text, read_workflow_file


class WorkflowDefinition:
    """A checked workflow. `raw` is this object's own deep copy of the JSON; edit values
    through a `WorkflowHandle` rather than by hand."""

    def __init__(self, data: dict[str, Any], *, source: str = "a workflow object") -> None:
        self.raw: dict[str, Any] = check_workflow_dict(copy.deepcopy(data), source)
        self.raw.setdefault("edges", [])
        if self.raw.get("exposedFields") is None:
            self.raw["exposedFields"] = []
        self.source = source

    # --- constructors ---------------------------------------------------------------
    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> WorkflowDefinition:
        """A workflow JSON file (as exported by the web UI), or a PNG made by InvokeAI."""
        source = os.fspath(path)
        try:
            with open(source, "rb") as fh:
                head = fh.read(8)
        except OSError as exc:
            raise WorkflowLoadError(source, f"the file cannot be read ({exc.strerror or exc})") from None
        if head.startswith(b"\x89PNG"):
            return cls.from_image_file(source)
        return cls(read_workflow_file(source), source=source)

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "a workflow object") -> WorkflowDefinition:
        if not isinstance(data, dict):
            raise WorkflowLoadError(source, f"expected a JSON object, got {type(data).__name__}")
        return cls(data, source=source)

    @classmethod
    def from_json(cls, text: str | bytes, *, source: str = "JSON text") -> WorkflowDefinition:
        return cls(parse_workflow_text(text, source), source=source)

    @classmethod
    def from_library_record(cls, record: Any) -> WorkflowDefinition:
        """A record from GET /workflows/i/{id} (a `WorkflowRecord` or its dict)."""
        if hasattr(record, "model_dump"):
            record = record.model_dump()
        if not isinstance(record, dict):
            raise WorkflowLoadError("a library record", f"expected an object, got {type(record).__name__}")
        workflow_id = record.get("workflow_id") or "?"
        source = f"library workflow {record.get('name') or workflow_id!r} ({workflow_id})"
        body = record.get("workflow")
        if isinstance(body, str):
            return cls(parse_workflow_text(body, source), source=source)
        if not isinstance(body, dict):
            raise WorkflowLoadError(source, "the record carries no workflow body")
        return cls(body, source=source)

    @classmethod
    def from_image_workflow(cls, payload: Any, *, image_name: str = "?") -> WorkflowDefinition:
        """The answer of GET /images/i/{name}/workflow: {"workflow": "<json>"|null, "graph": ...}.

        A bare workflow string or dict is accepted too."""
        source = f"image {image_name}"
        if isinstance(payload, dict) and "nodes" not in payload and "workflow" in payload:
            payload = payload.get("workflow")
            if payload is None:
                raise WorkflowLoadError(source, "the image carries no workflow (only a graph, or nothing)")
        if isinstance(payload, (str, bytes)):
            return cls(parse_workflow_text(payload, source), source=source)
        if isinstance(payload, dict):
            return cls(payload, source=source)
        raise WorkflowLoadError(source, "the image carries no workflow")

    @classmethod
    def from_image_file(cls, path: str | os.PathLike[str]) -> WorkflowDefinition:
        """The workflow InvokeAI writes into a PNG's `invokeai_workflow` text chunk."""
        source = os.fspath(path)
        try:
            from PIL import Image

            with Image.open(source) as image:
                text = (getattr(image, "text", None) or image.info).get("invokeai_workflow")
        except Exception as exc:  # PIL raises many types for a bad image
            raise WorkflowLoadError(source, f"the image cannot be read ({exc})") from None
        if not text:
            raise WorkflowLoadError(source, "the image has no embedded workflow")
        return cls(parse_workflow_text(text, source), source=source)

    # --- plain attributes ------------------------------------------------------------
    @property
    def id(self) -> str | None:
        return self.raw.get("id")

    @property
    def name(self) -> str:
        return self.raw.get("name") or ""

    @property
    def description(self) -> str:
        return self.raw.get("description") or ""

    @property
    def notes(self) -> str:
        return self.raw.get("notes") or ""

    @property
    def author(self) -> str:
        return self.raw.get("author") or ""

    @property
    def tags(self) -> list[str]:
        tags = self.raw.get("tags") or ""
        if isinstance(tags, list):
            return [str(t).strip() for t in tags if str(t).strip()]
        return [t.strip() for t in tags.split(",") if t.strip()]

    @property
    def version(self) -> str:
        """The workflow schema version (meta.version), e.g. '3.0.0'."""
        return str(self.raw["meta"]["version"])

    @property
    def schema_major(self) -> int:
        return parse_version(self.version)[0]  # type: ignore[index]

    @property
    def category(self) -> str:
        return self.raw["meta"].get("category") or "user"

    @property
    def nodes(self) -> list[dict[str, Any]]:
        return self.raw["nodes"]

    @property
    def edges(self) -> list[dict[str, Any]]:
        return self.raw["edges"]

    @property
    def form(self) -> dict[str, Any] | None:
        return self.raw.get("form")

    @property
    def exposed_fields(self) -> list[dict[str, str]]:
        return self.raw.get("exposedFields") or []

    def get_node(self, node_id: str) -> dict[str, Any] | None:
        for node in self.raw["nodes"]:
            if node.get("id") == node_id:
                return node
        return None

    def invocation_nodes(self) -> list[dict[str, Any]]:
        return [n for n in self.raw["nodes"] if n.get("type") == "invocation"]

    def node_input(self, node_id: str, field_name: str) -> dict[str, Any] | None:
        """The input instance {name, label, value?} of an invocation node, if it exists."""
        node = self.get_node(node_id)
        if node is None or node.get("type") != "invocation":
            return None
        field = node["data"].get("inputs", {}).get(field_name)
        return field if isinstance(field, dict) else None

    # --- output ---------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self.raw)

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.raw, indent=indent, ensure_ascii=False)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the JSON atomically (temp file + rename): never a half-written file."""
        atomic_files.write_text(path, self.to_json())

    def for_embedding(self) -> dict[str, Any]:
        """The workflow as the server stores it with a batch: no id, every required key present."""
        data = self.to_dict()
        data.pop("id", None)
        for key in ("name", "author", "description", "version", "contact", "notes"):
            if not isinstance(data.get(key), str):
                data[key] = ""
        if isinstance(data.get("tags"), list):
            data["tags"] = ", ".join(str(t) for t in data["tags"])
        elif not isinstance(data.get("tags"), str):
            data["tags"] = ""
        data.setdefault("exposedFields", [])
        data["meta"].setdefault("category", "user")
        return data

    def __repr__(self) -> str:
        return f"WorkflowDefinition(name={self.name!r}, version={self.version!r}, nodes={len(self.nodes)})"
