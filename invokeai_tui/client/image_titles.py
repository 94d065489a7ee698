"""What an image is, in words: its title (the first line of its prompt, else its file name), the
model and seed it was made with, its full date. Pure functions over an ``ImageRecord`` and the
metadata dict the server stores with it (``GET /api/v1/images/i/{name}/metadata``), any shape
InvokeAI has written: 3.x-6.x core metadata (``positive_prompt``), the 2.x ``image.prompt`` list,
and plain ``prompt`` keys. Shared by the image list, the grid's captions and compare."""

from __future__ import annotations

from typing import Any

from .records import ImageRecord


def _first_line(value: Any) -> str:
    if not isinstance(value, str):
        return ""
    for line in value.splitlines():
        if line.strip():
            return " ".join(line.split())
    return ""


def _prompt_text(value: Any) -> str:
    """A prompt as 2.x/3.x wrote it: a string, or a list of ``{"prompt": ..., "weight": ...}``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = [p.get("prompt") if isinstance(p, dict) else p for p in value]
        return " ".join(p for p in parts if isinstance(p, str))
    return ""


def prompt_of(metadata: dict[str, Any] | None) -> str:
    """The first non-empty line of the positive prompt, or "" when the metadata has none."""
    if not isinstance(metadata, dict):
        return ""
    candidates = [metadata.get("positive_prompt"), metadata.get("prompt"), metadata.get("ideogram4_caption")]
    image = metadata.get("image")
    if isinstance(image, dict):  # InvokeAI 2.x ("sd-metadata"): {"image": {"prompt": [...]}}
        candidates.append(image.get("prompt"))
    for candidate in candidates:
        line = _first_line(_prompt_text(candidate))
        if line:
            return line
    return ""


def image_title(record: ImageRecord, metadata: dict[str, Any] | None) -> str:
    """The image's one-line title: the first line of its prompt, or its file name (uploads)."""
    return prompt_of(metadata) or record.image_name


def model_of(metadata: dict[str, Any] | None) -> str:
    """The main model's name ("" when unknown)."""
    if not isinstance(metadata, dict):
        return ""
    model = metadata.get("model")
    if isinstance(model, dict):
        return str(model.get("name") or model.get("model_name") or model.get("key") or "")
    if isinstance(model, str):
        return model
    image = metadata.get("image")
    if isinstance(image, dict) and isinstance(image.get("model"), str):
        return image["model"]
    return ""


def seed_of(metadata: dict[str, Any] | None) -> str:
    """The seed as text ("" when unknown)."""
    if not isinstance(metadata, dict):
        return ""
    seed = metadata.get("seed")
    if seed is None and isinstance(metadata.get("image"), dict):
        seed = metadata["image"].get("seed")
    return "" if seed is None or isinstance(seed, bool) else str(seed)


def full_created(record: ImageRecord) -> str:
    """``YYYY-MM-DD HH:MM:SS`` from the server's ``created_at`` (ISO or space separated)."""
    value = (record.created_at or "").replace("T", " ")
    return value[:19]


def short_created(record: ImageRecord) -> str:
    """``MM-DD HH:MM`` for narrow tables: whole fields, never a cut one."""
    value = full_created(record)
    return value[5:16] if len(value) >= 16 else value
