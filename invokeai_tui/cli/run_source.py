"""The WORKFLOW of `invokeai-tui run`: a workflow file (JSON, or a PNG with the workflow InvokeAI
embeds), else a library workflow by id or by exact name (any case). A name that fits several, or
none, is bad input that lists what there is (exit 2)."""

from __future__ import annotations

import re
from pathlib import Path

from ..client import NotFoundError, RequestRejectedError
from ..pyclient import AsyncInvokeAIClient
from ..workflow import WorkflowHandle, WorkflowLoadError
from .connect import EXIT_BAD_INPUT, CommandError

FILE_SUFFIXES = (".json", ".png")
WORKFLOW_ID = re.compile(r"^[A-Za-z0-9_-]+$")  # default_<uuid>, or a user workflow's uuid


def looks_like_a_file(text: str) -> bool:
    """A .json or .png name is a file the user meant (library names may hold a '/': "w/ LoRAs")."""
    return text.lower().endswith(FILE_SUFFIXES)


async def open_workflow(client: AsyncInvokeAIClient, text: str) -> WorkflowHandle:
    """A handle for the WORKFLOW argument, typed from the server's schemas."""
    repo = client.workflow_repo
    path = Path(text).expanduser()
    try:
        if path.is_file():
            return await repo.create_workflow(path)
        if looks_like_a_file(text):
            raise CommandError(f"There is no workflow file {text!r}.", EXIT_BAD_INPUT)
        workflow_id = await library_id(client, text)
        return await repo.create_workflow_from_library(workflow_id)
    except WorkflowLoadError as exc:
        raise CommandError(str(exc), EXIT_BAD_INPUT) from None


async def library_id(client: AsyncInvokeAIClient, text: str) -> str:
    """The id of the library workflow `text` names (its id, else its exact name in any case)."""
    repo = client.workflow_repo
    if WORKFLOW_ID.match(text):  # other text (a "/" in it) would reach the web UI's pages, not the API
        try:
            return (await repo.get_workflow(text)).workflow_id
        except (NotFoundError, RequestRejectedError):
            pass
    entries = (await repo.list_workflows()).items
    wanted = text.strip().lower()
    named = [e for e in entries if e.name.lower() == wanted]
    if len(named) == 1:
        return named[0].workflow_id
    if named:
        listed = "; ".join(f"{e.workflow_id} ({e.category})" for e in named)
        raise CommandError(f"Several library workflows are named {text!r}: give the id ({listed}).", EXIT_BAD_INPUT)
    near = [e for e in entries if wanted in e.name.lower()]
    if near:
        listed = "; ".join(f"{e.name!r} ({e.workflow_id})" for e in near[:20])
        raise CommandError(f"No library workflow is named {text!r}; did you mean one of: {listed}?", EXIT_BAD_INPUT)
    raise CommandError(f"There is no workflow file or library workflow named {text!r} "
                       f"(the library has {len(entries)}; `invokeai-tui` lists them in Workflows).", EXIT_BAD_INPUT)
