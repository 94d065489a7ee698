"""What the app's jumps (command palette, "open the image's workflow") need of a mode screen.

Small Protocols instead of ``hasattr(self.screen, ...)``: a screen that renames one of these
methods stops matching here, and a type checker says so where the screen is declared."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class BoardJumpTarget(Protocol):
    def select_board(self, board_id: str) -> None: ...


@runtime_checkable
class ModelJumpTarget(Protocol):
    models: list[Any]  # empty until the screen has read the server's list

    def select_model(self, key: str) -> None: ...


@runtime_checkable
class WorkflowJumpTarget(Protocol):
    def open_workflow(self, workflow_id: str) -> None: ...


@runtime_checkable
class ImageWorkflowTarget(Protocol):
    def open_image_workflow(self, image_name: str) -> None: ...


@runtime_checkable
class CurrentImageSource(Protocol):
    def current_image_name(self) -> str | None: ...


@runtime_checkable
class GenerateTarget(Protocol):
    def recall_image(self, image_name: str) -> None: ...

    def set_init_image(self, image_name: str) -> None: ...
