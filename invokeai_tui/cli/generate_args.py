"""`invokeai-tui generate`'s flags, and the parameters they make against one server: names of
models and boards are looked up there, so a name that is not installed is bad input (exit 2)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from ..generate.controls import BASES, CFG, GUIDANCE, NEGATIVE, STEPS, fit_to_base, model_controls
from ..generate.params import GenerateParams, LoraParam, ModelRef
from ..generate.service import Generator
from ..generate.validate import GenerateInputError, label
from .connect import add_server_flags


def build_generate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="invokeai-tui generate",
        description="Generate images from a prompt, as the web UI's Generate tab does, and wait for them.",
        epilog="Exit codes: 0 done, 1 the server failed the generation, 2 bad input (nothing sent), "
        "3 cannot reach the server or not logged in, 130 interrupted (what is queued stays queued).",
    )
    parser.add_argument("prompt", help="the prompt; {a|b} alternatives make one image per expansion")
    parser.add_argument("--negative", help="the negative prompt")
    parser.add_argument("--model", help="a main model's name or key (default: the first installed)")
    parser.add_argument("--width", type=int, help="width in pixels (default: the model's usual size)")
    parser.add_argument("--height", type=int, help="height in pixels (default: the model's usual size)")
    parser.add_argument("--steps", type=int)
    parser.add_argument("--cfg", type=float, help="CFG scale")
    parser.add_argument("--guidance", type=float, help="guidance (FLUX)")
    parser.add_argument("--scheduler", help="a scheduler the model's family offers")
    parser.add_argument("--seed", type=int, help="a fixed seed (default: random)")
    parser.add_argument("--iterations", type=int, help="how many times to run each prompt")
    parser.add_argument("--lora", action="append", default=[], metavar="NAME[:WEIGHT]",
                        help="a LoRA by name, weight 0.75 unless given (repeatable)")
    parser.add_argument("--vae", metavar="NAME", help="a separate VAE by name")
    parser.add_argument("--board", metavar="NAME", help="the board to save on (name or id; default: uncategorized)")
    parser.add_argument("--init-image", metavar="PATH|IMAGE_NAME",
                        help="image to image: a local file (uploaded) or an image already on the server")
    parser.add_argument("--strength", type=float, help="image to image strength, 0 to 1 (default 0.75)")
    parser.add_argument("--recall", metavar="IMAGE_NAME", help="start from an image's parameters; flags override")
    parser.add_argument("--out", type=Path, metavar="DIR", help="download the images into DIR (never overwrites)")
    parser.add_argument("--json", action="store_true", help="print one JSON object: images, queue items, seeds")
    parser.add_argument("--print-graph", action="store_true", help="print the enqueue request and send nothing (a local init image is "
                        "shown as <upload of PATH>)")
    add_server_flags(parser)
    return parser


@dataclass
class InitImage:
    """The init image flag: a local file to upload, or an image name on the server."""

    local_path: Path | None = None
    image_name: str | None = None
    size: tuple[int, int] | None = None  # a local file's, read here


def read_init_image(text: str) -> InitImage:
    """A path that exists is a local file (it must be an image); anything else is a server image name."""
    path = Path(text).expanduser()
    if not path.exists():
        return InitImage(image_name=text)
    if not path.is_file():
        raise GenerateInputError(f"Init image {text!r} is not a file.")
    from PIL import Image, UnidentifiedImageError  # only when a local image is used

    try:
        with Image.open(path) as image:
            size = image.size
    except (UnidentifiedImageError, OSError):
        raise GenerateInputError(f"Init image {text!r} is not an image PIL can read (PNG, JPEG, WebP…).") from None
    return InitImage(local_path=path, size=size)


async def choose_model(generator: Generator, text: str | None, start: ModelRef | None) -> ModelRef:
    if text:
        model = await generator.find_model(text)
        if model is None:
            names = ", ".join(m.name for group in (await generator.main_models()).values() for m in group)
            raise GenerateInputError(f"No main model named {text!r} is installed (installed: {names or 'none'}).")
        return model
    if start is not None:
        return start
    groups = await generator.main_models()
    for base in BASES:  # the families in the reference's order
        if groups.get(base):
            return groups[base][0]
    raise GenerateInputError("No main model is installed on the server: install one first.")


async def find_addon(generator: Generator, name: str, type: str) -> ModelRef:  # noqa: A002
    model = await generator.find_model(name, type=type)
    if model is None:
        raise GenerateInputError(f"No {'LoRA' if type == 'lora' else type.upper()} named {name!r} is installed.")
    return model


def parse_lora(text: str) -> tuple[str, float]:
    name, sep, weight = text.rpartition(":")
    if not sep:
        return text, 0.75
    try:
        return name, float(weight)
    except ValueError:
        return text, 0.75  # a name with a colon in it


async def board_id_for(generator: Generator, text: str) -> str:
    if text.lower() in ("none", "uncategorized"):
        return "none"
    repo = generator.client.board_repo
    named = await repo.get_boards_by_name(text)
    if named:
        return named[0].board_id
    if await repo.get_board_by_id(text) is not None:
        return text
    raise GenerateInputError(f"There is no board named {text!r}.")


async def params_from_args(args: argparse.Namespace, generator: Generator,
                           start: GenerateParams | None = None) -> GenerateParams:
    """The parameters: `start` (a recalled image's) or the defaults, then every flag given."""
    params = start.model_copy(deep=True) if start is not None else GenerateParams()
    model = await choose_model(generator, args.model, params.model)
    values: dict = {"positive_prompt": args.prompt, "model": model}
    if args.model and params.model is not None and model.base != params.model.base:
        values.update(vae=None, loras=[])  # the recalled add-ons belong to another base
    width, height = args.width, args.height
    if start is None and width is None and height is None:
        width, height = fit_to_base(model.base, params.width, params.height)
    values.update({k: v for k, v in (("width", width), ("height", height)) if v is not None})
    refuse_flags_the_model_ignores(args, model)
    if args.negative is not None:
        values["negative_prompt"] = args.negative
    for flag, field in (("steps", "steps"), ("cfg", "cfg_scale"), ("guidance", "guidance"),
                        ("iterations", "iterations"), ("strength", "strength")):
        if getattr(args, flag) is not None:
            values[field] = getattr(args, flag)
    if args.seed is not None:
        values.update(seed=args.seed, random_seed=False)
    if args.scheduler:
        values.update(scheduler_values(model, args.scheduler))
    if args.lora:
        loras = []
        for text in args.lora:
            name, weight = parse_lora(text)
            loras.append(LoraParam(model=await find_addon(generator, name, "lora"), weight=weight))
        values["loras"] = loras
    if args.vae:
        values["vae"] = await find_addon(generator, args.vae, "vae")
    if args.board:
        values["board_id"] = await board_id_for(generator, args.board)
    try:
        return GenerateParams.model_validate({**params.model_dump(), **values})
    except ValueError as err:  # pydantic: a value out of its range (strength, seed, iterations)
        raise GenerateInputError(_first_error(err)) from None


# flag -> the control it sets; a model without that control would silently ignore it.
FLAG_CONTROLS = (("negative", "--negative", NEGATIVE), ("cfg", "--cfg", CFG), ("guidance", "--guidance", GUIDANCE),
                 ("steps", "--steps", STEPS))


def refuse_flags_the_model_ignores(args: argparse.Namespace, model: ModelRef) -> None:
    """A flag the model's graph would not use is bad input, said before anything is sent."""
    controls = model_controls(model)
    ignored = [flag for attr, flag, control in FLAG_CONTROLS
               if getattr(args, attr) is not None and control not in controls]
    if ignored:
        raise GenerateInputError(f"{label(model)} does not use {' or '.join(ignored)}: leave "
                                 f"{'it' if len(ignored) == 1 else 'them'} out.")


def scheduler_values(model: ModelRef, scheduler: str) -> dict:
    controls = BASES.get(model.base)
    if controls is None or controls.scheduler_field is None:
        raise GenerateInputError(f"{label(model)} takes no scheduler.")
    if scheduler not in controls.schedulers:
        raise GenerateInputError(f"Scheduler {scheduler!r} is not one {controls.label} offers: "
                                 f"{', '.join(controls.schedulers)}.")
    return {controls.scheduler_field: scheduler}


def _first_error(err: ValueError) -> str:
    errors = getattr(err, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "a value"
        return f"{where.replace('_', ' ').capitalize()}: {first.get('msg', 'not valid')}."
    return str(err)
