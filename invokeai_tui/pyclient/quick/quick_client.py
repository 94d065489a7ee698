"""The published QuickClient (`invokeai_py_client.quick.quick_client`): one-call tasks run on the
workflow engine."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from invokeai_tui.generate import GenerateParams, ModelRef, build_graph, enqueue_body
from invokeai_tui.generate.params import SEED_MAX
from invokeai_tui.workflow.errors import WorkflowCanceledError
from invokeai_tui.workflow.outputs import OutputImages, OutputNaming
from invokeai_tui.workflow.run import WorkflowRun

from ..ivk_fields.enums import SCHEDULER_NAMES, IvkSchedulerField
from ..models import IvkImage

if TYPE_CHECKING:
    from ..client import InvokeAIClient

COPY_TIMEOUT = 120.0
GENERATE_TIMEOUT = 240.0  # as published

SDXL_GRID = 8  # the `noise` node's multiple_of for SD-1/SDXL
MIN_SIDE = SDXL_GRID  # the node only asks for a positive multiple of 8 (as published)

# The bundled published workflow's defaults (also the web UI's).
DEFAULT_STEPS = 30
DEFAULT_CFG_SCALE = 7.5
DEFAULT_SCHEDULER = "dpmpp_3m_k"


def round_side(pixels: int) -> int:
    """The nearest side the server accepts: a positive multiple of 8 (ties to even, as published)."""
    return max(MIN_SIDE, int(round(int(pixels) / SDXL_GRID)) * SDXL_GRID)


@dataclass
class SdxlT2iRequest:
    """One SDXL text-to-image generation; `model` is the model's identifier dict."""

    model: dict[str, Any]
    positive_prompt: str
    negative_prompt: str
    width: int
    height: int
    steps: int = DEFAULT_STEPS
    cfg_scale: float = DEFAULT_CFG_SCALE
    scheduler: str = DEFAULT_SCHEDULER
    seed: int = field(default_factory=lambda: random.randint(0, SEED_MAX))
    board_id: str = "none"  # a board id, or "none" for uncategorized


def sdxl_t2i_body(request: SdxlT2iRequest) -> dict:
    """The enqueue_batch body for one image: the generate engine's SDXL graph (the web UI's own), the
    seed and prompts in `batch.data`; destination "gallery" as before (not a Generate-mode item)."""
    r = request
    params = GenerateParams(model=ModelRef(**r.model), positive_prompt=r.positive_prompt,
                            negative_prompt=r.negative_prompt, width=r.width, height=r.height, steps=r.steps,
                            cfg_scale=r.cfg_scale, scheduler=r.scheduler, seed=r.seed, random_seed=False,
                            board_id=r.board_id)
    body = enqueue_body(build_graph(params), params, [r.positive_prompt], start_seed=r.seed)
    body["batch"]["destination"] = "gallery"
    return body


def copy_graph(image_name: str, board_id: str) -> dict:
    """An enqueue_batch body whose one save_image node saves a copy of the image on the board."""
    node = {"id": "copy", "type": "save_image", "image": {"image_name": image_name}, "is_intermediate": False}
    if board_id and board_id != "none":
        node["board"] = {"board_id": board_id}
    return {"prepend": False, "batch": {"graph": {"id": "quick-copy", "nodes": {"copy": node}, "edges": []},
                                        "runs": 1, "origin": "invokeai-tui", "destination": "gallery"}}


class QuickClient:
    """copy_image_to_board, generate_image_sdxl_t2i."""

    def __init__(self, client: "InvokeAIClient") -> None:
        self.client = client

    def copy_image_to_board(self, image_name: str, target_board_id: str) -> Optional[IvkImage]:
        """Save a copy of an image on a board ("none" = uncategorized); the new image, or None
        when the run saved none. A failed run raises ValueError (as the published one)."""
        try:
            outputs = self.client.run(run_body(self.client.async_client, copy_graph(image_name, target_board_id),
                                               "copy image", COPY_TIMEOUT))
        except Exception as error:  # noqa: BLE001 - the published contract: one ValueError
            raise ValueError(f"Workflow execution failed: {error}") from error
        names = [name for out in outputs for name in out.image_names]
        return self.client.board_repo.get_image_by_name(names[0]) if names else None

    def generate_image_sdxl_t2i(self, positive_prompt: str, negative_prompt: str, width: int, height: int,
                                steps: int | None = None, model_name: str | None = None,
                                scheduler: str | None = None, board_id: str | None = None, *,
                                cfg_scale: float | None = None, seed: int | None = None) -> Optional[IvkImage]:
        """Generate one SDXL image and wait for it (240 s); the new image, or None when the run
        was canceled or saved none. Sizes go to the nearest positive multiple of 8. The model
        is the SDXL main model whose key or name is `model_name` (else the first whose name
        contains it; None: the first SDXL main model). Bad input and failed runs raise ValueError."""
        request = SdxlT2iRequest(
            model=self._sdxl_model(model_name), positive_prompt=positive_prompt, negative_prompt=negative_prompt,
            width=round_side(width), height=round_side(height),
            steps=DEFAULT_STEPS if steps is None else int(steps),
            cfg_scale=DEFAULT_CFG_SCALE if cfg_scale is None else float(cfg_scale),
            scheduler=DEFAULT_SCHEDULER if scheduler is None else scheduler_name(scheduler),
            board_id=self._existing_board(board_id))
        if seed is not None:
            request.seed = int(seed)
        try:
            outputs = self.client.run(run_body(self.client.async_client, sdxl_t2i_body(request),
                                               "SDXL text to image", GENERATE_TIMEOUT))
        except WorkflowCanceledError:
            return None  # the published contract: a canceled run is no error
        except Exception as error:  # noqa: BLE001 - the published contract: one ValueError
            raise ValueError(f"Workflow execution failed: {error}") from error
        names = [name for out in outputs for name in out.image_names]
        return self.client.board_repo.get_image_by_name(names[0]) if names else None

    def _existing_board(self, board_id: str | None) -> str:
        """The board id to save on ("none" = uncategorized); a missing board is refused up front."""
        if board_id is None or board_id == "none":
            return "none"
        if self.client.board_repo.get_board_by_id(board_id) is None:
            raise ValueError(f"Target board does not exist: {board_id}")
        return board_id

    def _sdxl_model(self, model_name: str | None) -> dict:
        """The identifier of the SDXL main model `model_name` names (key, name, then part of a name)."""
        try:
            models = self.client.run(self.client.async_client.dnn_model_repo.list_models(base="sdxl", type="main"))
        except Exception as error:  # noqa: BLE001 - the published contract: one ValueError
            raise ValueError(f"Failed to list models: {error}") from error
        if not models:
            raise ValueError("No SDXL 'main' model available on server")
        if model_name is None:
            return models[0].identifier()
        wanted = model_name.lower()
        for matches in (lambda m: m.key == model_name, lambda m: m.name.lower() == wanted,
                        lambda m: wanted in m.name.lower()):
            found = next((m for m in models if matches(m)), None)
            if found is not None:
                return found.identifier()
        known = ", ".join(sorted(m.name for m in models))
        raise ValueError(f"No SDXL main model matches {model_name!r} (installed SDXL main models: {known})")


def scheduler_name(name: str) -> str:
    """The server's scheduler name for `name` (aliases such as "euler_ancestral" accepted)."""
    canonical = IvkSchedulerField.normalize_alias(str(name)).lower()
    if canonical not in SCHEDULER_NAMES:
        raise ValueError(f"Unknown scheduler {name!r} (one of: {', '.join(SCHEDULER_NAMES)})")
    return canonical


async def run_body(core, body: dict, name: str, timeout: float) -> list[OutputImages]:
    """Enqueue one enqueue_batch body on the workflow engine and wait for it; its saved images."""
    run = await WorkflowRun.start(core, body, name=name, naming=OutputNaming())
    try:
        item = await run.wait_for_completion(timeout)
        return run.map_outputs_to_images([item])
    finally:
        run.close()
