"""The client is a headless core: it never imports Textual (nor the TUI)."""

import subprocess
import sys

CODE = """
import sys
import invokeai_tui.client as c
client = c.AsyncInvokeAIClient()
client.board_repo, client.image_repo, client.dnn_model_repo, client.workflow_repo, client.queue_repo, client.events
sync = c.InvokeAIClient()
sync.board_repo
sync.close()
bad = sorted(m for m in sys.modules if m == "textual" or m.startswith(("textual.", "invokeai_tui.tui")))
print(",".join(bad))
"""


def test_client_never_imports_textual():
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
