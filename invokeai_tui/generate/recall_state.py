"""The state of one recall (the parameters being changed, what was restored, what was refused and
why) and the value checks the web UI's parsers make (`zParameter*` in `parameterSchemas.ts`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from .controls import fit_to_base
from .params import GenerateParams, ModelRef
from .recall_models import ModelLookup, Unresolved, describe, vae_bases_for

CLIP_SKIP_MAX = {"sd-1": 12, "sd-2": 24}  # modelSelected clamps clip skip to the new base's


class Refused(ValueError):
    """A metadata value this parameter cannot take; the message says why."""


def text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise Refused("not text")
    return raw


def boolean(raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise Refused("not true or false")
    return raw


def number(*, minimum: float | None = None, maximum: float | None = None,
           below: float | None = None) -> Callable[[Any], float]:
    def parse(raw: Any) -> float:
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            raise Refused("not a number")
        if minimum is not None and raw < minimum:
            raise Refused(f"below {minimum}")
        if maximum is not None and raw > maximum:
            raise Refused(f"above {maximum}")
        if below is not None and raw >= below:
            raise Refused(f"not below {below}")
        return raw
    return parse


def integer(*, minimum: int | None = None, maximum: int | None = None) -> Callable[[Any], int]:
    bounded = number(minimum=minimum, maximum=maximum)

    def parse(raw: Any) -> int:
        value = bounded(raw)
        if value != int(value):
            raise Refused("not a whole number")
        return int(value)
    return parse


def optional(parse: Callable[[Any], Any], *, auto: str | None = None) -> Callable[[Any], Any]:
    """None (and the builders' `'auto'` sentinel, when given) mean "the default": None."""
    def parse_optional(raw: Any) -> Any:
        if raw is None or (auto is not None and raw == auto):
            return None
        return parse(raw)
    return parse_optional


class Recall:
    """One recall's state: the parameters being changed, what was restored and what was refused, and
    which metadata keys a handler looked at (the others are named at the end)."""

    def __init__(self, metadata: dict[str, Any], current: GenerateParams, lookup: ModelLookup) -> None:
        self.metadata = metadata
        self.params = current.model_copy(deep=True)
        self.lookup = lookup
        self.restored: list[str] = []
        self.not_restored: list[str] = []
        self.seen: set[str] = set()
        raw_model = metadata.get("model")
        self.image_base: str | None = None  # the base the image was made with, resolved or not
        if isinstance(raw_model, dict):
            self.image_base = raw_model.get("base") or raw_model.get("base_model")
        self.image_model: ModelRef | None = None

    @property
    def base(self) -> str | None:
        return self.params.base

    def has(self, key: str) -> bool:
        self.seen.add(key)
        return key in self.metadata

    def get(self, key: str) -> Any:
        self.seen.add(key)
        return self.metadata.get(key)

    def set(self, name: str, value: Any) -> None:
        """Set a parameter (`refiner.steps` for the refiner's) and note it as restored."""
        if name.startswith("refiner."):
            setattr(self.params.refiner, name.split(".", 1)[1], value)
        else:
            setattr(self.params, name, value)
        if name not in self.restored:
            self.restored.append(name)

    def refuse(self, sentence: str) -> None:
        self.not_restored.append(sentence)

    def value(self, key: str, name: str, parse) -> None:
        """A plain value: parsed (a refusal names the key and why), then set."""
        if not self.has(key):
            return
        raw = self.get(key)
        try:
            self.set(name, parse(raw))
        except Refused as refused:
            self.refuse(f"{key} {raw!r}: {refused}")
        except ValidationError:  # a bound of GenerateParams the parser did not know
            self.refuse(f"{key} {raw!r}: out of range")

    async def model(self, key: str, label: str, types: tuple[str, ...] | None, raw: Any = None) -> ModelRef | None:
        """The installed model a reference means, of one of `types` (None: any); None and a sentence if not."""
        raw = self.get(key) if raw is None else raw
        try:
            ref = await self.lookup.resolve(raw, types[0] if types else "main")
        except Unresolved as unresolved:
            self.refuse(f"{label} {describe(raw)}: {unresolved}")
            return None
        if types and ref.type not in types:
            self.refuse(f"{label} {describe(raw)}: a {ref.type} model, not {' or '.join(types)}")
            return None
        return ref

    def select_model(self, model: ModelRef) -> None:
        """`modelSelected` (§5): on a change of base, other-base LoRAs are disabled, a VAE the new base
        cannot use is cleared, clip skip is clamped and the size is fitted to the new base."""
        previous = self.base
        self.set("model", model)
        if model.base == previous:
            return
        p = self.params
        p.loras = [lora if lora.model.base == model.base else lora.model_copy(update={"enabled": False})
                   for lora in p.loras]
        if p.vae is not None and p.vae.base not in vae_bases_for(model.base):
            p.vae = None
        if model.base in CLIP_SKIP_MAX:
            p.clip_skip = min(p.clip_skip, CLIP_SKIP_MAX[model.base])
        p.width, p.height = fit_to_base(model.base, p.width, p.height)


