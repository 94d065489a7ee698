"""Named sets of form values per workflow, kept as JSON files in the config folder.

One file per workflow (``presets/<workflow key>.json``), holding ``{"presets": {name: {"values":
{"<node id>.<field name>": value}}}}``. Values are keyed by node and field rather than by input
index, so a preset survives the form being rearranged. Files are written atomically: a crash
never leaves half a file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .. import atomic_files
from ..workflow.errors import FieldValueError
from ..workflow.fields import MediaField

FORMAT_VERSION = 1


class PresetError(Exception):
    """A preset file cannot be read or a preset does not exist; the message says which."""


def workflow_key(definition: Any) -> str:
    """A file-name-safe key for a workflow: its library id, else its name."""
    raw = definition.id or f"file-{definition.name or 'untitled'}"
    return re.sub(r"[^A-Za-z0-9._-]+", "_", raw).strip("._")[:120] or "untitled"


def capture(handle: Any) -> dict[str, Any]:
    """The form's values, keyed "<node id>.<field name>" (local files are left out: not portable)."""
    values = {}
    for winput in handle.inputs:
        field = winput.field
        if isinstance(field, MediaField) and field.needs_upload:
            continue
        values[f"{winput.node_id}.{winput.field_name}"] = field.to_json_value()
    return values


def apply(handle: Any, values: dict[str, Any]) -> list[str]:
    """Set the handle's inputs from a preset; returns the problems (fields gone or values refused)."""
    problems = []
    by_key = {f"{i.node_id}.{i.field_name}": i for i in handle.inputs}
    for key, value in values.items():
        winput = by_key.get(key)
        if winput is None:
            problems.append(f"{key}: no such input in this workflow any more")
            continue
        try:
            winput.field.set(value)
        except FieldValueError as exc:
            problems.append(str(exc))
    return problems


class PresetStore:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def _read(self, key: str) -> dict[str, Any]:
        path = self.path_for(key)
        if not path.exists():
            return {"version": FORMAT_VERSION, "presets": {}}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise PresetError(f"Cannot read the presets file {path}: {exc}") from exc
        except ValueError as exc:
            raise PresetError(f"The presets file {path} is not valid JSON: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("presets"), dict):
            raise PresetError(f"The presets file {path} does not hold presets")
        return data

    def names(self, key: str) -> list[str]:
        return sorted(self._read(key)["presets"])

    def load(self, key: str, name: str) -> dict[str, Any]:
        preset = self._read(key)["presets"].get(name)
        if not isinstance(preset, dict) or not isinstance(preset.get("values"), dict):
            raise PresetError(f"There is no preset {name!r} for this workflow")
        return preset["values"]

    def save(self, key: str, name: str, values: dict[str, Any], workflow_name: str = "") -> Path:
        if not name.strip():
            raise PresetError("A preset needs a name")
        data = self._read(key)
        data["version"] = FORMAT_VERSION
        if workflow_name:
            data["workflow_name"] = workflow_name
        data["presets"][name.strip()] = {"values": values}
        return self._write(key, data)

    def delete(self, key: str, name: str) -> None:
        data = self._read(key)
        if data["presets"].pop(name, None) is None:
            raise PresetError(f"There is no preset {name!r} for this workflow")
        self._write(key, data)

    def _write(self, key: str, data: dict[str, Any]) -> Path:
        return atomic_files.write_text(self.path_for(key), json.dumps(data, indent=2, ensure_ascii=False), mode=0o600)
