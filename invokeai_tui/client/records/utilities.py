"""Records of the server's utilities: dynamic prompt expansion and the devices it generates on."""

from __future__ import annotations

from pydantic import Field

from .base import Record


class DynamicPrompts(Record):
    """`POST /api/v1/utilities/dynamicprompts`: the expansions, and the server's error text when the
    prompt could not be parsed (then `prompts` is the prompt itself, unexpanded)."""

    prompts: list[str] = Field(default_factory=list)
    error: str | None = None


class GenerationDevice(Record):
    """One of `GET /api/v1/app/generation_device_options`: `device` is what graphs use ('cuda', 'mps',
    'cpu', 'cuda:1'…), `name` a label for people."""

    device: str
    name: str = ""
