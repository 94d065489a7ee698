"""The published QuickClient (`invokeai_py_client.quick.quick_client`): one-call tasks run on the
workflow engine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from invokeai_tui.workflow.outputs import OutputNaming
from invokeai_tui.workflow.run import WorkflowRun

from ..models import IvkImage

if TYPE_CHECKING:
    from ..client import InvokeAIClient

COPY_TIMEOUT = 120.0


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
        core = self.client.async_client

        async def copy() -> list:
            run = await WorkflowRun.start(core, copy_graph(image_name, target_board_id), name="copy image",
                                          naming=OutputNaming())
            try:
                item = await run.wait_for_completion(COPY_TIMEOUT)
                return run.map_outputs_to_images([item])
            finally:
                run.close()

        try:
            outputs = self.client.run(copy())
        except Exception as error:  # noqa: BLE001 - the published contract: one ValueError
            raise ValueError(f"Workflow execution failed: {error}") from error
        names = [name for out in outputs for name in out.image_names]
        return self.client.board_repo.get_image_by_name(names[0]) if names else None

    def generate_image_sdxl_t2i(self, positive_prompt: str, negative_prompt: str, width: int, height: int,
                                steps: int | None = None, model_name: str | None = None,
                                scheduler: str | None = None, board_id: str | None = None) -> Optional[IvkImage]:
        # TODO(lead): run on the generate engine once it exists (issue 12, item 5).
        raise NotImplementedError("SDXL text to image lands with the generate engine")
