"""Typed text into workflow values, and values back into text: what a form field, a sweep dialog or
a command line (`--set LABEL=VALUE`) reads and shows.

Headless and offline: the server's models and boards are passed in (lists of records with `.key
.name .base .type` / `.board_id .board_name`). A value that does not fit raises `FieldValueError`
(the field's label and the problem), before anything is sent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import FieldValueError
from .fields import BOARD_SENTINELS, WorkflowField

UNCATEGORIZED_NAMES = ("none", "uncategorized")


def parse_list_text(text: str) -> list[Any] | None:
    """A list typed as JSON (`[1, 2]`, `["a, b", "c"]`) or as comma-separated values (`a cat, a dog`);
    None when empty."""
    text = text.strip()
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        try:
            value = json.loads(f"[{text}]")
        except ValueError:
            value = [part.strip() for part in text.split(",") if part.strip()]
    return value if isinstance(value, list) else [value]


def split_values_text(text: str) -> list[Any]:
    """The values of a sweep: a JSON list keeps its items as they are (numbers, text with commas);
    otherwise the comma-separated parts, as text for the field to read."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            value = json.loads(stripped)
        except ValueError:
            value = None
        if isinstance(value, list):
            return value
    return [part.strip() for part in stripped.split(",") if part.strip()]


def find_model(field: WorkflowField, text: str, models: Sequence[Any]) -> Any:
    """The installed model a text names for a model input: its key, else its name (any case) among
    the models that fit the input. Several of that name, or none, is a FieldValueError."""
    wanted = text.strip()
    by_key = [m for m in models if m.key == wanted]
    if by_key:
        return by_key[0]  # field.set() then says when it does not fit
    fitting = [m for m in models if field.fits(m)]
    named = [m for m in fitting if m.name.lower() == wanted.lower()]
    if len(named) == 1:
        return named[0]
    if named:
        keys = ", ".join(f"{m.key} ({m.base})" for m in named)
        raise FieldValueError(field.label, f"several models are named {wanted!r}: give a key ({keys})")
    others = [m for m in models if m.name.lower() == wanted.lower()]
    if others:  # installed, but for another base or type: the field says which it takes
        return others[0]
    names = ", ".join(sorted({m.name for m in fitting})) or "none installed"
    raise FieldValueError(field.label, f"no installed model fitting this input is named {wanted!r} "
                                       f"(fitting: {names})")


def find_board(field: WorkflowField, text: str, boards: Sequence[Any]) -> str:
    """'auto', 'none' (also 'uncategorized'), or the id of the board with that name (or id)."""
    wanted = text.strip()
    if wanted.lower() in BOARD_SENTINELS or wanted.lower() in UNCATEGORIZED_NAMES:
        return "auto" if wanted.lower() == "auto" else "none"
    named = [b for b in boards if b.board_name == wanted]
    if len(named) > 1:
        ids = ", ".join(b.board_id for b in named)
        raise FieldValueError(field.label, f"several boards are named {wanted!r}: give an id ({ids})")
    if named:
        return named[0].board_id
    if any(b.board_id == wanted for b in boards):
        return wanted
    names = ", ".join(repr(b.board_name) for b in boards) or "none"
    raise FieldValueError(field.label, f"there is no board named {wanted!r} (boards: {names}; or auto, none)")


def value_from_text(field: WorkflowField, text: str, *, models: Sequence[Any] = (),
                    boards: Sequence[Any] = ()) -> Any:
    """What `field.set()` takes for a typed text, by the field's kind: a model by key or name, a
    board by name or id, an image by local path (uploaded on submit) or server image name, a colour
    as hex, a collection as JSON (or comma-separated). Numbers, booleans and choices are read and
    checked by the field itself."""
    kind = field.kind
    if kind == "model":
        return find_model(field, text, models)
    if kind == "board":
        return find_board(field, text, boards)
    if kind in ("image", "video"):
        path = Path(text).expanduser()
        return path if path.is_file() else text.strip()
    if kind == "lora_collection":
        return lora_list_from_text(field, text, models)
    if kind == "collection":
        return parse_list_text(text)
    if kind == "other":
        try:
            return json.loads(text)
        except ValueError:
            return text
    return text  # string, integer, float, boolean, enum, color: the field reads the text


def lora_list_from_text(field: WorkflowField, text: str, models: Sequence[Any]) -> list[Any]:
    """LoRAs typed as `NAME[:WEIGHT], ...` (by name or key among the installed LoRAs that fit; weight
    0.75 when left out), or as the JSON list the server takes; empty = no LoRAs."""
    stripped = text.strip()
    if not stripped:
        return []
    if stripped.startswith("["):
        return parse_list_text(stripped) or []
    items = []
    for part in (p.strip() for p in stripped.split(",") if p.strip()):
        name, _, weight = part.rpartition(":")
        try:
            number = float(weight) if name else None
        except ValueError:  # no number after the last colon: it is part of the name
            number = None
        items.append(find_model(field, part, models) if number is None else (find_model(field, name, models), number))
    return items


def apply_text(field: WorkflowField, text: str, *, models: Sequence[Any] = (), boards: Sequence[Any] = ()) -> None:
    """Set a field from typed text (FieldValueError when it does not fit; the field is unchanged)."""
    field.set(value_from_text(field, text, models=models, boards=boards))


def values_from_texts(field: WorkflowField, values: Sequence[Any], *, models: Sequence[Any] = (),
                      boards: Sequence[Any] = ()) -> list[Any]:
    """Sweep values for a field, each checked as `field.set()` would: text is read by the field's
    kind, other JSON values are taken as they are. The field itself is not changed."""
    out = []
    for value in values:
        if isinstance(value, str):
            value = value_from_text(field, value, models=models, boards=boards)
            if isinstance(value, os.PathLike):
                raise FieldValueError(field.label,
                                      f"a sweep takes server {field.kind} names, not local files ({value})")
        if field.kind == "model":  # the engine wants the identifier, not the record
            value = value.identifier() if hasattr(value, "identifier") else value
        checked = _check(field, value)
        out.append(checked)
    return out


def _check(field: WorkflowField, value: Any) -> Any:
    """The value as the field normalizes it, without changing the field."""
    normalized = field.validate(value)
    if field.kind == "board":  # the engine's sweeps take 'auto', 'none' or a board id
        return normalized.get("board_id") if isinstance(normalized, dict) else normalized
    if field.kind in ("image", "video") and isinstance(normalized, dict):
        return normalized[f"{field.kind}_name"]
    return normalized


def value_text(field: WorkflowField, *, width: int | None = None) -> str:
    """A field's current value as one line of text (a model by name, a colour as hex)."""
    value = field.get()
    if value is None:
        text = "" if getattr(field, "local_path", None) is None else str(field.local_path)
    elif field.kind == "model" and isinstance(value, dict):
        text = str(value.get("name") or value.get("key"))
    elif field.kind == "board" and isinstance(value, dict):
        text = str(value.get("board_id"))
    elif field.kind in ("image", "video") and isinstance(value, dict):
        text = str(value.get(f"{field.kind}_name"))
    elif field.kind == "lora_collection" and isinstance(value, list):
        text = ", ".join(f"{(item.get('lora') or {}).get('name')}:{item.get('weight'):g}"
                         for item in value if isinstance(item, dict))
    elif field.kind == "color" and isinstance(value, dict) and {"r", "g", "b"} <= set(value):
        text = "#{:02x}{:02x}{:02x}{:02x}".format(value["r"], value["g"], value["b"], value.get("a", 255))
    elif isinstance(value, str):
        text = value
    else:
        text = json.dumps(value)
    text = " ".join(text.split())  # one line
    if width is not None and len(text) > width:
        text = text[: max(width - 1, 0)] + "…"
    return text
