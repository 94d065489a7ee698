"""What every builder shares: the result type, the build context, and the steps all bases take the
same way (prompt and seed nodes, the output node and its board, image to image's denoise range)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..graph import Graph
from ..params import GenerateParams, ModelRef


class BuildError(ValueError):
    """The parameters cannot make a graph for this base; the message is a sentence for the user."""


@dataclass
class BuildContext:
    """What a builder needs to know of the server besides the parameters (fetched once by the service).

    `rand_device`: metadata `rand_device` when CPU noise is off (`GET /api/v1/app/generation_device_options`;
    the web UI falls back to 'cuda'). `models`: the installed models, for the component slots the web UI
    fills in by itself (a FLUX.2 Klein Qwen3 source, say). `init_image_size`: image to image denoises at
the init image's size (reference §3.4), which only the server knows."""

    rand_device: str = "cuda"
    models: list[ModelRef] = field(default_factory=list)
    init_image_size: tuple[int, int] | None = None  # the init image's (width, height), for image to image


@dataclass
class BuiltGraph:
    """A builder's result (`{g, seed?, positivePrompt, negativePrompt?}` in the web UI): the node ids the
    batch data fills (seed and prompts arrive from `batch.data`, not inline)."""

    graph: Graph
    positive_prompt_node: str
    seed_node: str | None = None
    negative_prompt_node: str | None = None
    generation_mode: str = "txt2img"


def add_prompt_and_seed(g: Graph, params: GenerateParams, *, negative: bool) -> tuple[str, str | None, str]:
    """The `positive_prompt` (and `negative_prompt`) string nodes and the `seed` integer node, with no
    inline values: `batch.data` sets them (reference §1.8)."""
    positive = g.add_node("positive_prompt", "string")
    negative_id = g.add_node("negative_prompt", "string") if negative else None
    seed = g.add_node("seed", "integer")
    return positive, negative_id, seed


def finalize_output(g: Graph, output_id: str, params: GenerateParams) -> str:
    """`selectCanvasOutputFields` for the Generate tab: the decoder saves to the gallery, on the chosen
    board, renamed `canvas_output:<nanoid>`, with the metadata edge (reference §1.3)."""
    fields: dict = {"is_intermediate": False, "use_cache": False}
    if params.board_id and params.board_id != "none":
        fields["board"] = {"board_id": params.board_id}
    g.update_node(output_id, **fields)
    new_id = f"canvas_output:{output_id.split(':', 1)[1]}"
    g.rename_node(output_id, new_id)
    g.set_metadata_receiving_node(new_id)
    return new_id


def denoising_start(base: str, params: GenerateParams, *, refiner_start: float | None = None) -> tuple[float, float]:
    """`getDenoisingStartAndEnd` (`graphBuilderUtils.ts`, reference §3): the denoise range of image to
    image at strength s."""
    s = params.strength
    if base in ("flux", "flux2", "sd-3"):
        start = 1 - s ** 0.2 if params.optimized_denoising else 1 - s
        return start, 1.0
    if base == "sdxl" and refiner_start is not None:
        return min(refiner_start, 1 - s), refiner_start
    return 1 - s, 1.0


def rand_device(params: GenerateParams, context: BuildContext) -> str:
    return "cpu" if params.use_cpu_noise else context.rand_device


def mode_name(prefix: str, params: GenerateParams) -> str:
    """`txt2img`/`img2img` with the base's prefix (`sdxl_`, `flux2_`, … or none for SD-1)."""
    return f"{prefix}{'img2img' if params.init_image else 'txt2img'}"
