"""Command palette: jump to any board, dnn model or workflow by name, or switch mode."""

from __future__ import annotations

import logging
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

log = logging.getLogger(__name__)

# Model management from anywhere: the palette goes to the Models screen and runs its action there.
MODEL_COMMANDS = (
    ("Models: install a model", "a server path, a URL, a Hugging Face repo, a folder scan or a starter model",
     "install"),
    ("Models: model cache", "the server's model cache statistics; empty it", "model_cache"),
    ("Models: Hugging Face token", "whether the server has one; log in or out", "hf_token"),
)


async def run_on_models(app, action: str) -> None:
    await app.action_mode("models")
    if getattr(app.screen, "MODE", None) == "models":
        await app.screen.run_action(action)


class JumpProvider(Provider):
    """Offers "Board: …", "Model: …", "Workflow: …" and the modes."""

    async def startup(self) -> None:
        app = self.app
        self._entries: list[tuple[str, str, object]] = []
        for mode, title in (("boards", "Boards"), ("models", "Models"), ("workflows", "Workflows"), ("queue", "Queue")):
            self._entries.append((f"Go to {title}", f"switch to the {title} mode", partial(app.run_action, f"mode('{mode}')")))
        for text, help_text, action in MODEL_COMMANDS:
            self._entries.append((text, help_text, partial(run_on_models, app, action)))
        client = getattr(app, "client", None)
        if client is None:
            return
        boards = getattr(app, "known_boards", None)
        models = getattr(app, "known_models", None)
        try:
            if boards is None:
                boards = await client.board_repo.list_boards()
            if models is None:
                models = await client.dnn_model_repo.list_models()
            workflows = (await client.workflow_repo.list_workflows()).items
        except Exception as exc:  # noqa: BLE001 - the palette still offers what it has
            log.warning("command palette could not list everything: %s", exc)
            workflows = []
        for board in boards or []:
            self._entries.append(
                (f"Board: {board.board_name}", f"{board.total_count} images", partial(app.jump_to_board, board.board_id))
            )
        for model in models or []:
            self._entries.append(
                (f"Model: {model.name}", f"{model.base} {model.type}", partial(app.jump_to_model, model.key))
            )
        for workflow in workflows:
            self._entries.append(
                (f"Workflow: {workflow.name}", workflow.category or "", partial(app.jump_to_workflow, workflow.workflow_id))
            )

    async def discover(self) -> Hits:
        for text, help_text, callback in getattr(self, "_entries", []):
            if text.startswith(("Board:", "Go to", "Models:")):
                yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in getattr(self, "_entries", []):
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
