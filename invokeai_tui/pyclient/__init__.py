"""The published invokeai-py-client 1.1.1 API (`invokeai_py_client`), as thin adapters over the
client and the workflow engine: replace the import prefix `invokeai_py_client` with
`invokeai_tui.pyclient` and a script written for the published client runs here.

`AsyncInvokeAIClient` is the async client service with the workflow engine's repository as
`workflow_repo` (the app uses it). See API.md and DEVIATIONS.md.

The published names are imported on first use: the app imports this package for
AsyncInvokeAIClient and must not load the workflow engine before its first screen.
"""

from __future__ import annotations

import importlib
from typing import Any

from .async_client import AsyncInvokeAIClient
from .sync_client import SyncProxy

__version__ = "1.1.1"  # the published API this package follows (the published wheel says "0.1.0")
__author__ = "invokeai-tui"

_LAZY = {
    "InvokeAIClient": ".client",
    "Board": ".board", "BoardHandle": ".board", "BoardRepository": ".board",
    "IvkVideo": ".video", "VideoRepository": ".video",
    "WorkflowDefinition": ".workflow", "WorkflowHandle": ".workflow", "WorkflowRepository": ".workflow",
    "IvkImage": ".models", "IvkJob": ".models", "IvkDnnModel": ".models", "SessionEvent": ".models",
    "JobStatus": ".models", "ImageCategory": ".models", "BaseModelEnum": ".models",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = ["__version__", "AsyncInvokeAIClient", "SyncProxy", *_LAZY]
