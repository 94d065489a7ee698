"""One graph builder per model base, chosen by the main model's base (`useEnqueueGenerate.ts`)."""

from __future__ import annotations

from collections.abc import Callable

from ..params import GenerateParams
from .common import BuildContext, BuildError, BuiltGraph
from .anima import build_anima_graph
from .cogview4 import build_cogview4_graph
from .ernie_ideogram import build_ernie_image_graph, build_ideogram4_graph
from .external import build_external_graph
from .flux import build_flux_graph
from .flux2 import build_flux2_graph
from .krea2 import build_krea2_graph
from .qwen_image import build_qwen_image_graph
from .sd1 import build_sd1_graph
from .sd3 import build_sd3_graph
from .sdxl import build_sdxl_graph
from .wan import build_wan_graph
from .z_image import build_z_image_graph

Builder = Callable[[GenerateParams, BuildContext], BuiltGraph]

BUILDERS: dict[str, Builder] = {
    "sd-1": build_sd1_graph,
    "sd-2": build_sd1_graph,
    "sdxl": build_sdxl_graph,
    "sd-3": build_sd3_graph,
    "flux": build_flux_graph,
    "flux2": build_flux2_graph,
    "cogview4": build_cogview4_graph,
    "z-image": build_z_image_graph,
    "qwen-image": build_qwen_image_graph,
    "ernie-image": build_ernie_image_graph,
    "krea-2": build_krea2_graph,
    "ideogram-4": build_ideogram4_graph,
    "anima": build_anima_graph,
    "wan": build_wan_graph,
    "external": build_external_graph,
}


def build_graph(params: GenerateParams, context: BuildContext | None = None) -> BuiltGraph:
    """The graph the web UI's Generate tab builds for these parameters."""
    if params.model is None:
        raise BuildError("Choose a model first.")
    builder = BUILDERS.get(params.model.base)
    if builder is None:
        raise BuildError(f"Models of base {params.model.base!r} cannot be used to generate here.")
    return builder(params, context or BuildContext())


__all__ = ["BUILDERS", "BuildContext", "BuildError", "BuiltGraph", "build_graph"]
