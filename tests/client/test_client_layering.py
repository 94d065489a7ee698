"""The client is a headless core: it imports neither Textual, the TUI, the workflow engine nor the
pyclient layer above it. The pyclient layer composes client and engine, still without Textual."""

import ast
import subprocess
import sys
from pathlib import Path

import invokeai_tui.client

CLIENT_DIR = Path(invokeai_tui.client.__file__).parent
FORBIDDEN_IN_CLIENT = ("textual", "invokeai_tui.tui", "invokeai_tui.workflow", "invokeai_tui.pyclient")

CLIENT_ONLY = """
import sys
import invokeai_tui.client as c
client = c.AsyncInvokeAIClient()
client.board_repo, client.image_repo, client.dnn_model_repo, client.queue_repo, client.events
assert type(client.workflow_repo) is c.WorkflowLibraryRepository
assert not hasattr(client.workflow_repo, "create_workflow")
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith(("textual.", "invokeai_tui.tui",
             "invokeai_tui.workflow", "invokeai_tui.pyclient")))
print(",".join(bad))
"""

PYCLIENT = """
import sys
import invokeai_tui.pyclient as p
from invokeai_tui.workflow.repository import WorkflowRepository
client = p.AsyncInvokeAIClient()
assert isinstance(client.workflow_repo, WorkflowRepository)
sync = p.InvokeAIClient()
sync.board_repo
assert isinstance(sync.workflow_repo.async_target, WorkflowRepository)
sync.close()
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith(("textual.", "invokeai_tui.tui")))
print(",".join(bad))
"""


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_client_never_imports_textual_tui_or_the_workflow_engine():
    assert _run(CLIENT_ONLY) == ""


def test_pyclient_composes_client_and_engine_without_textual():
    assert _run(PYCLIENT) == ""


def _imported_modules(path: Path) -> list[str]:
    """Absolute names of every module a client source file imports, lazily or not."""
    package = "invokeai_tui.client." + ".".join(path.relative_to(CLIENT_DIR).with_suffix("").parts)
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: -node.level]
                names.append(".".join(base + ([node.module] if node.module else [])))
            else:
                names.append(node.module or "")
    return names


def test_no_client_source_reaches_above_its_layer():
    """Also lazy imports and importlib: the client must not find the engine by name."""
    for path in sorted(CLIENT_DIR.rglob("*.py")):
        for name in _imported_modules(path):
            assert not name.startswith(FORBIDDEN_IN_CLIENT), f"{path.name} imports {name}"
            assert name != "importlib", f"{path.name} imports importlib"
