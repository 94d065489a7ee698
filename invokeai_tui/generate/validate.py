"""Bad input, caught before anything is sent: each check raises `GenerateInputError` with a sentence a
person can act on. The checks are the web UI's (its readiness reasons) plus what the server would
fail on (a value out of a node's range, a size off the base's grid, an image it does not have).
The base table (`controls.BASES`) is the one the app and the builders read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .builders import BUILDERS
from .controls import BASES, INIT_IMAGE, LORAS, MIN_SIDE, VAE, BaseControls
from .params import GenerateParams, ModelRef

# The web UI expands a prompt only when it matches this (`getShouldProcessPrompt`).
DYNAMIC_PROMPT = re.compile(r".*\{[\s\S]*\}.*", re.DOTALL)
SERVER_MAX_PROMPTS = 10000  # the dynamicprompts route's `max_prompts` upper bound

# Node fields people know by another name (the graph's `num_steps` is the Steps control).
FIELD_LABELS = {"steps": "Steps", "num_steps": "Steps", "cfg_scale": "CFG scale", "guidance": "Guidance",
                "cfg_rescale_multiplier": "CFG rescale", "skipped_layers": "CLIP skip", "strength": "Strength",
                "width": "Width", "height": "Height", "denoising_start": "Strength", "weight": "LoRA weight"}


class GenerateInputError(ValueError):
    """The parameters cannot be generated; the message is a sentence for the user. Nothing was sent."""


def label(model: ModelRef) -> str:
    return f"{model.name or model.key!r} ({model.base})"


def base_label(base: str) -> str:
    controls = BASES.get(base)
    return controls.label if controls else base


def is_dynamic(prompt: str) -> bool:
    return bool(DYNAMIC_PROMPT.match(prompt))


def check_model(params: GenerateParams, models: Iterable[ModelRef]) -> BaseControls:
    """A main model is chosen, installed, and of a base that can be generated with here."""
    models = list(models)
    mains = [m for m in models if m.type == "main"]
    if params.model is None:
        if not mains:
            raise GenerateInputError("No main model is installed on the server: install one on the Models screen.")
        raise GenerateInputError("Choose a model first.")
    model = params.model
    if model.type != "main":
        raise GenerateInputError(f"{label(model)} is a {model.type} model, not a main model: choose a main model.")
    installed = {m.key for m in mains}
    if model.key not in installed:
        same_base = [m for m in mains if m.base == model.base]
        hint = (f" Installed {base_label(model.base)} models: {', '.join(m.name for m in same_base)}." if same_base
                else f" No {base_label(model.base)} main model is installed.")
        raise GenerateInputError(f"Model {label(model)} is not installed on the server.{hint}")
    controls = BASES.get(model.base)
    if controls is None or model.base not in BUILDERS:
        raise GenerateInputError(f"Generating with {base_label(model.base)} models is not supported here yet.")
    return controls


def check_addons(params: GenerateParams, models: Iterable[ModelRef], controls: BaseControls) -> None:
    """LoRAs and the VAE: installed, and of the main model's base (the web UI lists only those)."""
    assert params.model is not None
    installed = {m.key for m in models}
    enabled = [lora for lora in params.loras if lora.enabled]
    if enabled and not (controls.has(LORAS) and controls.wires_loras):
        raise GenerateInputError(f"{controls.label} models take no LoRAs here: remove LoRA {label(enabled[0].model)}.")
    for lora in enabled:
        _check_addon("LoRA", lora.model, params.model, controls, installed,
                     f"remove the LoRA or choose a {base_label(lora.model.base)} model")
    if params.vae is not None:
        if not controls.has(VAE):
            raise GenerateInputError(f"{controls.label} models take no separate VAE: clear the VAE.")
        _check_addon("VAE", params.vae, params.model, controls, installed,
                     f"clear the VAE or choose a {controls.label} VAE")


def _check_addon(kind: str, addon: ModelRef, model: ModelRef, controls: BaseControls, installed: set[str],
                 fix: str) -> None:
    if addon.base != model.base:
        raise GenerateInputError(f"{kind} {label(addon)} is for {base_label(addon.base)} models; "
                                 f"the model {label(model)} is {controls.label}: {fix}.")
    if addon.key not in installed:
        raise GenerateInputError(f"{kind} {label(addon)} is not installed on the server.")


def nearest_sides(controls: BaseControls, side: int) -> list[int]:
    """The sizes the base takes around `side`: the grid multiples below and above (at least 64)."""
    grid = controls.grid
    low = max(MIN_SIDE, side // grid * grid)
    high = max(MIN_SIDE, -(-side // grid) * grid)
    if low == high:
        high = low + grid
    return [low] if side <= MIN_SIDE else [low, high]


def check_size(params: GenerateParams, controls: BaseControls, init_image_size: tuple[int, int] | None) -> None:
    """Width and height on the base's grid and at least 64; for image to image the init image's size
    (the denoise size, reference §3.4)."""
    sizes = [("Width", params.width), ("Height", params.height)]
    where = ""
    if params.init_image and init_image_size is not None:
        sizes = [("The init image's width", init_image_size[0]), ("The init image's height", init_image_size[1])]
        where = " (image to image works at the init image's size)"
    for name, side in sizes:
        if side < MIN_SIDE or side % controls.grid:
            nearest = " or ".join(str(s) for s in nearest_sides(controls, side))
            raise GenerateInputError(f"{name} {side} does not fit {controls.label}: it takes multiples of "
                                     f"{controls.grid} from {MIN_SIDE}{where}; the nearest are {nearest}.")


def check_init_image(params: GenerateParams, controls: BaseControls) -> None:
    """What can be said of image to image without the server: the base takes one, strength in 0–1."""
    if not params.init_image:
        return
    if not controls.has(INIT_IMAGE):
        raise GenerateInputError(f"{controls.label} models take no init image: clear it to generate from the prompt.")
    if not 0.0 <= params.strength <= 1.0:
        raise GenerateInputError(f"Strength {params.strength:g} is out of range: it goes from 0 to 1.")


def init_image_missing(name: str) -> GenerateInputError:
    return GenerateInputError(f"Init image {name!r} does not exist on the server: choose an image from a board "
                              "or upload a file.")


def check_expansions(params: GenerateParams, prompts: list[str], error: str | None) -> list[str]:
    """The server's answer for a dynamic prompt: an error, nothing, or more than `max_prompts` is refused."""
    if error:
        raise GenerateInputError(f"The dynamic prompt cannot be expanded: {error}")
    prompts = [p for p in prompts]
    if not prompts or prompts == [""]:
        raise GenerateInputError("The dynamic prompt expands to no prompt at all: check its {…} choices.")
    if len(prompts) > params.max_prompts:
        raise GenerateInputError(f"The dynamic prompt expands to more than {params.max_prompts} prompts (the limit): "
                                 "use fewer {…} choices or raise the limit.")
    return prompts


def node_schemas(openapi: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Invocation schemas of the server's OpenAPI document, by node type (`properties.type.default`)."""
    found: dict[str, dict[str, Any]] = {}
    for schema in openapi.get("components", {}).get("schemas", {}).values():
        props = schema.get("properties") if isinstance(schema, dict) else None
        node_type = (props or {}).get("type", {}).get("default") if isinstance(props, dict) else None
        if isinstance(node_type, str) and "id" in props:
            found[node_type] = props
    return found


def _bounds(prop: Mapping[str, Any]) -> dict[str, float]:
    keys = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
    bounds = {k: prop[k] for k in keys if isinstance(prop.get(k), (int, float))}
    for option in prop.get("anyOf", ()):
        if isinstance(option, dict):
            bounds.update({k: option[k] for k in keys if isinstance(option.get(k), (int, float))})
    return bounds


def _range_text(bounds: Mapping[str, float]) -> str:
    parts = []
    if "minimum" in bounds:
        parts.append(f"at least {bounds['minimum']:g}")
    if "exclusiveMinimum" in bounds:
        parts.append(f"more than {bounds['exclusiveMinimum']:g}")
    if "maximum" in bounds:
        parts.append(f"at most {bounds['maximum']:g}")
    if "exclusiveMaximum" in bounds:
        parts.append(f"less than {bounds['exclusiveMaximum']:g}")
    return " and ".join(parts)


def _outside(value: float, bounds: Mapping[str, float]) -> bool:
    return (("minimum" in bounds and value < bounds["minimum"])
            or ("maximum" in bounds and value > bounds["maximum"])
            or ("exclusiveMinimum" in bounds and value <= bounds["exclusiveMinimum"])
            or ("exclusiveMaximum" in bounds and value >= bounds["exclusiveMaximum"]))


def check_node_ranges(graph: Mapping[str, Any], schemas: Mapping[str, Mapping[str, Any]]) -> None:
    """Every number the graph sets inline is inside its node field's range on this server (steps,
    CFG, guidance…): the server would refuse the whole batch otherwise."""
    for node in graph.get("nodes", {}).values():
        props = schemas.get(node.get("type", ""))
        if not props:
            continue
        for field, value in node.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)) or field not in props:
                continue
            bounds = _bounds(props[field])
            if bounds and _outside(value, bounds):
                name = FIELD_LABELS.get(field, field.replace("_", " ").capitalize())
                raise GenerateInputError(f"{name} {value:g} is out of range: it must be {_range_text(bounds)}.")
